/** `/plan`: the menu, joining, and what the member reads about their own settings. */
import { DateTime } from 'luxon';
import type { Choice } from '../../../src/core/types.ts';
import type { Collection, Translate } from '../../../src/engine/index.ts';
import { every } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { textIn, type LocalText, type Member } from '../types.ts';
import { act, type PlanContext } from './act.ts';
import { canonicalZone, changeMember, ensureMember, getMember, joinerOf } from './store.ts';

/** Where the member's zone comes from, as they read it. */
export function zoneSource(t: Translate, member: Member, platformTz: string | undefined): string {
  if (member.tzChosen) return t('plan:zoneSource.chosen');
  return platformTz && canonicalZone(platformTz) === member.tz ? t('plan:zoneSource.platform') : t('plan:zoneSource.default');
}

/** What the member follows, in a few words (axis and group names in their language). */
export async function followsText(ctx: Pick<PlanContext, 't' | 'lang' | 'services'>, member: Member): Promise<string> {
  const { t, lang } = ctx;
  const { axes, groups } = networkRecords(ctx.services.store);
  const names = async <R extends { id: string; name: LocalText }>(c: Collection<R>, ids: string[]) => {
    const found = new Map((await c.getMany(ids)).map((r) => [r.id, textIn(r.name, lang)]));
    return ids.map((id) => found.get(id) ?? id).join(', ');
  };
  const parts = [];
  if (member.follows.all) parts.push(t('plan:menu.everything'));
  if (member.follows.axes.length) parts.push(t('plan:menu.axes', { list: await names(axes, member.follows.axes) }));
  if (member.follows.groups.length) parts.push(t('plan:menu.groups', { list: await names(groups, member.follows.groups) }));
  return parts.length ? parts.join(' · ') : t('plan:menu.nothing');
}

export function statusText(ctx: Pick<PlanContext, 't' | 'lang' | 'now'>, member: Member): string {
  if (member.off) return ctx.t('plan:menu.off');
  if (member.pausedUntil && Date.parse(member.pausedUntil) > ctx.now.getTime()) {
    return ctx.t('plan:menu.paused', { until: DateTime.fromISO(member.pausedUntil, { zone: member.tz }).setLocale(ctx.lang).toLocaleString(DateTime.DATE_MED) });
  }
  return ctx.t('plan:menu.on');
}

/** The platform told a new zone (Slack): a member who never chose one follows it. */
export async function freshMember(ctx: PlanContext): Promise<Member | undefined> {
  const member = await getMember(ctx.services, ctx.person.key);
  const platform = ctx.person.tz ? canonicalZone(ctx.person.tz) : undefined;
  if (!member || member.tzChosen || !platform || platform === member.tz) return member;
  return changeMember(ctx.services, member.id, (m) => (m.tzChosen ? m : { ...m, tz: platform }));
}

export function joinButton(ctx: PlanContext): Choice {
  return act(ctx.t('plan:button.join'), 'm', 'join');
}

export async function menu(ctx: PlanContext): Promise<void> {
  const member = await freshMember(ctx);
  const t = ctx.t;
  if (!member) {
    ctx.say(t('plan:menu.intro'), [joinButton(ctx)], 1);
    return;
  }
  const paused = member.off || (member.pausedUntil && Date.parse(member.pausedUntil) > ctx.now.getTime());
  const text = [t('plan:menu.title'), t('plan:menu.follows', { what: await followsText(ctx, member) }), t('plan:menu.zone', { zone: member.tz, source: zoneSource(t, member, ctx.person.tz) }), statusText(ctx, member)].join('\n');
  ctx.sayRows(text, [
    [act(t(member.follows.all ? 'plan:button.everythingOn' : 'plan:button.everythingOff'), 'm', member.follows.all ? 'alloff' : 'allon'), act(t('plan:button.axes'), 'm', 'axes'), act(t('plan:button.groups'), 'm', 'groups')],
    [act(t('plan:button.upcoming'), 'm', 'upcoming'), act(t('plan:button.tz'), 'm', 'tz')],
    paused ? [act(t('plan:button.resume'), 'm', 'resume')] : [act(t('plan:button.pause'), 'm', 'pause'), act(t('plan:button.stop'), 'm', 'stop')],
  ]);
}

/** Joins (following everything until they pick), said once stored. */
export async function join(ctx: PlanContext): Promise<void> {
  const { created } = await ensureMember(ctx.services, joinerOf(ctx.document()));
  ctx.say(ctx.t(created ? 'plan:joined' : 'plan:alreadyMember'));
  await menu(ctx);
}

/** The member, or a word and the join button when the person has not joined. */
export async function memberOrJoin(ctx: PlanContext): Promise<Member | undefined> {
  const member = await freshMember(ctx);
  if (!member) ctx.say(ctx.t('plan:notMember'), [joinButton(ctx)], 1);
  return member;
}

/** Axes and groups of the plan, for the pickers. */
export async function planChoices(ctx: Pick<PlanContext, 'services'>, which: 'axes' | 'groups') {
  const r = networkRecords(ctx.services.store);
  return which === 'axes' ? every(r.axes) : every(r.groups);
}
