/** Time zone, pause, stop, resume, follow everything: each said only once stored. */
import { DateTime } from 'luxon';
import { jobsAbout, UserError } from '../../../src/engine/index.ts';
import { SNOOZE_JOB } from '../reminders/snooze.ts';
import { act, type PlanContext } from './act.ts';
import { setAll } from './follow.ts';
import { memberOrJoin, menu, zoneSource } from './menu.ts';
import { canonicalZone, changeMember } from './store.ts';

const PAUSES = [7, 30];

/** `/plan tz`, `/plan tz Europe/Bucharest`, `/plan tz auto` (back to the platform's zone, else the bot's). */
export async function timeZone(ctx: PlanContext, arg: string): Promise<void> {
  const t = ctx.t;
  const wanted = arg.trim();
  const auto = /^(auto|default|platform)$/i.test(wanted);
  const zone = wanted && !auto ? canonicalZone(wanted) : undefined;
  // Validated before anything else: a wrong zone gets a clear answer, member or not.
  if (wanted && !auto && !zone) throw new UserError('plan:tz.unknown', { zone: wanted.slice(0, 64) });
  const member = await memberOrJoin(ctx);
  if (!member) return;
  if (!wanted) {
    const rows = member.tzChosen ? [[act(t('plan:tz.useAuto'), 'tzp')]] : [];
    ctx.sayRows(t('plan:tz.current', { zone: member.tz, source: zoneSource(t, member, ctx.person.tz), example: 'Europe/Bucharest' }), rows);
    return;
  }
  const platform = ctx.person.tz ? canonicalZone(ctx.person.tz) : undefined;
  const stored = await changeMember(ctx.services, member.id, (m) => {
    const { tzChosen: _chosen, ...rest } = m;
    return zone ? { ...m, tz: zone, tzChosen: true } : { ...rest, tz: platform ?? ctx.services.config.tz };
  });
  if (!stored) return;
  const now = DateTime.fromJSDate(ctx.now, { zone: stored.tz }).setLocale(ctx.lang).toLocaleString(DateTime.TIME_SIMPLE);
  ctx.say(t(zone ? 'plan:tz.set' : 'plan:tz.auto', { zone: stored.tz, source: zoneSource(t, stored, ctx.person.tz), now }));
}

export async function followEverything(ctx: PlanContext, all: boolean): Promise<void> {
  const member = await memberOrJoin(ctx);
  if (!member) return;
  await setAll(ctx.services, member.id, all);
  ctx.say(ctx.t(all ? 'plan:all.on' : 'plan:all.off'));
  await menu(ctx);
}

export async function askPause(ctx: PlanContext): Promise<void> {
  if (!(await memberOrJoin(ctx))) return;
  ctx.say(ctx.t('plan:pause.ask'), [...PAUSES.map((d) => act(ctx.t('plan:pause.days', { count: d }), 'ps', String(d))), act(ctx.t('plan:button.stop'), 'm', 'stop')]);
}

export async function pause(ctx: PlanContext, arg: string): Promise<void> {
  const days = Number(arg);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new UserError('plan:pause.bad');
  const member = await memberOrJoin(ctx);
  if (!member) return;
  const until = DateTime.fromJSDate(ctx.now, { zone: member.tz }).plus({ days }).startOf('day');
  await changeMember(ctx.services, member.id, (m) => ({ ...m, pausedUntil: until.toUTC().toISO()! }));
  ctx.say(ctx.t('plan:pause.done', { until: until.setLocale(ctx.lang).toLocaleString(DateTime.DATE_MED) }), [act(ctx.t('plan:button.resume'), 'm', 'resume')]);
}

/** Stops every reminder (snoozed ones too) until the member resumes. */
export async function stop(ctx: PlanContext): Promise<void> {
  const member = await memberOrJoin(ctx);
  if (!member) return;
  await changeMember(ctx.services, member.id, (m) => ({ ...m, off: true }));
  for (const job of await jobsAbout(ctx.services.store, member.id)) if (job.kind === SNOOZE_JOB) await ctx.services.unschedule(job.id);
  ctx.say(ctx.t('plan:stopped'), [act(ctx.t('plan:button.resume'), 'm', 'resume')]);
}

export async function resume(ctx: PlanContext): Promise<void> {
  const member = await memberOrJoin(ctx);
  if (!member) return;
  await changeMember(ctx.services, member.id, (m) => {
    const { off: _off, pausedUntil: _until, ...rest } = m;
    return rest;
  });
  ctx.say(ctx.t('plan:resumed'));
  await menu(ctx);
}
