/**
 * "Snooze": the same reminder later, for one person. A per-person job (`about` = their key, so
 * /forget removes it and /mydata lists it), sent as a one-recipient broadcast so that quiet hours
 * hold it and its ledger sends it once even across a crash.
 */
import { DateTime } from 'luxon';
import { quietHours, UserError, type Job, type Services } from '../../../src/engine/index.ts';
import type { PlanContext } from '../members/act.ts';
import { act } from '../members/act.ts';
import { networkRecords } from '../records.ts';
import { active } from './audience.ts';
import { REMIND_KIND, type RemindLetter } from './kinds.ts';
import { broadcastOnce } from './send.ts';
import { usefulUntil } from './moments.ts';
import { eventOfRef, shortHash } from './records.ts';
import { momentText, titleOf } from './format.ts';

export const SNOOZE_JOB = 'plan.snooze';

const OPTIONS = ['1h', '3h', 'tm'] as const;
type Option = (typeof OPTIONS)[number];

/** When an option falls, from `now`, for a member in `tz`: an hour, three hours, tomorrow 09:00. */
function whenOf(option: Option, now: Date, tz: string): number {
  if (option === '1h') return now.getTime() + 60 * 60 * 1000;
  if (option === '3h') return now.getTime() + 3 * 60 * 60 * 1000;
  const tomorrow = DateTime.fromJSDate(now, { zone: tz }).plus({ days: 1 }).toISODate();
  return DateTime.fromISO(`${tomorrow}T09:00`, { zone: tz }).toMillis();
}

interface SnoozePayload {
  event: string;
  ref: string;
  key: string;
  at: number;
}

async function snoozable(ctx: PlanContext, ref: string) {
  const eventId = await eventOfRef(ctx.services.store, ref);
  const r = networkRecords(ctx.services.store);
  const event = eventId ? await r.events.get(eventId) : undefined;
  if (!event || event.status !== 'scheduled' || ctx.now.getTime() >= usefulUntil(event)) throw new UserError('plan:event.over');
  const member = await r.members.get(ctx.person.key);
  if (!active(member, ctx.now)) throw new UserError('plan:snooze.off');
  return { event, member };
}

/** The choices of a snooze, those still before the event. */
export async function askSnooze(ctx: PlanContext, ref: string): Promise<void> {
  const { event, member } = await snoozable(ctx, ref);
  const until = usefulUntil(event);
  const options = OPTIONS.filter((o) => whenOf(o, ctx.now, member.tz) < until);
  if (options.length === 0) throw new UserError('plan:snooze.tooLate', { title: titleOf(event, ctx.lang) });
  ctx.say(ctx.t('plan:snooze.ask', { title: titleOf(event, ctx.lang) }), options.map((o) => act(ctx.t(`plan:snooze.${o}`), 'snzat', `${ref}.${o}`)));
}

export async function snooze(ctx: PlanContext, arg: string): Promise<void> {
  const [ref = '', option = ''] = arg.split('.');
  if (!(OPTIONS as readonly string[]).includes(option)) throw new UserError('common:button.invalid');
  const { event, member } = await snoozable(ctx, ref);
  const at = whenOf(option as Option, ctx.now, member.tz);
  const until = usefulUntil(event);
  if (at >= until) throw new UserError('plan:snooze.tooLate', { title: titleOf(event, ctx.lang) });
  const payload: SnoozePayload = { event: event.id, ref, key: member.id, at };
  // One snooze per person and event: a new one replaces the last.
  await ctx.services.schedule({ id: `pl-snz-${ref}-${member.id}`, kind: SNOOZE_JOB, at: new Date(at).toISOString(), graceMs: until - at, about: member.id, payload });
  ctx.say(ctx.t('plan:snooze.set', { when: momentText(at, ctx.lang, member.tz) }));
}

export async function runSnooze(services: Services, job: Job): Promise<void> {
  const p = job.payload as SnoozePayload | undefined;
  if (!p?.key) return;
  const member = await networkRecords(services.store).members.get(p.key);
  if (!active(member, services.now())) return;
  const id = `pl-snz-${p.ref}-${shortHash(p.key, 8)}-${Math.floor(p.at / 60000).toString(36)}`;
  const letter: RemindLetter = { event: p.event, ref: p.ref, moment: 'snooze', at: p.at };
  await broadcastOnce(services, { id, kind: REMIND_KIND, subject: `plan-${p.ref}`, payload: { ...letter }, quiet: quietHours(member.tz) }, async () => [{ key: member.id, channel: member.channel, tz: member.tz }], 'keep');
}
