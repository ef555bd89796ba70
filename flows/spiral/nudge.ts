import { addressOf, nextAllowed, type Job, type Services } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { personId } from '../../src/core/types.ts';
import { spiralRecords } from './records.ts';
import { groupTitle } from './labels.ts';
import { spiralDataOf } from './participant.ts';

export const NUDGE_JOB = 'spiral-nudge';
/** "The next day": a day after the last answer. */
export const NUDGE_AFTER_MS = 24 * 60 * 60 * 1000;
// Someone who answered in the last hours is not idle; the nudge waits for a quiet day.
const IDLE_MS = 20 * 60 * 60 * 1000;
// A nudge held by quiet hours (up to 10 hours) still has its whole grace once due.
const GRACE_MS = 12 * 60 * 60 * 1000;

/**
 * The first moment at or after `at` outside the quiet hours every message the bot sends on its own
 * keeps, in the person's zone (`tz`, when known), else the bot's TOGETHER_TZ.
 */
export function nudgeTime(services: Pick<Services, 'config'>, at: Date, tz: string | undefined): Date {
  return nextAllowed(at, tz, services.config.tz);
}

interface NudgePayload {
  /** The user-document key (a keyed hash), never a platform id. */
  key: string;
  group: string;
}

const jobId = (key: string, group: string) => `${NUDGE_JOB}:${key}:${group}`;

/** Plans the one friendly reminder of an unfinished questionnaire. */
export async function planNudge(ctx: SpiralContext, group: string, from: Date = ctx.now): Promise<void> {
  const payload: NudgePayload = { key: ctx.person.key, group };
  const at = nudgeTime(ctx.services, new Date(from.getTime() + NUDGE_AFTER_MS), ctx.person.tz);
  await ctx.services.schedule({ id: jobId(ctx.person.key, group), kind: NUDGE_JOB, about: ctx.person.key, at: at.toISOString(), graceMs: GRACE_MS, payload });
}

/** The questionnaire is finished: its reminder has nothing left to say (and /mydata no longer lists it). */
export async function cancelNudge(ctx: Pick<SpiralContext, 'services' | 'person'>, group: string): Promise<void> {
  await ctx.services.unschedule(jobId(ctx.person.key, group));
}

/** Runs the reminder: once, only if still unfinished, not opted out, quiet for a day and outside the person's night. */
export async function runNudge(services: Services, job: Job): Promise<void> {
  const payload = job.payload as NudgePayload | undefined;
  if (!payload?.key || !payload.group) return;
  const doc = await services.store.loadUser(payload.key);
  const data = doc && spiralDataOf(doc);
  const p = data?.groups[payload.group];
  if (!doc || !data || !p || p.finishedAt || p.nudgedAt || data.nudges === false || doc.unreachable) return;
  const now = services.now();
  const last = Date.parse(p.lastActiveAt);
  // Checked here too, not only when planned: a job planned by an older version (due at any hour),
  // one run late after a stop, or a person whose zone became known since, waits for their morning.
  const wanted = now.getTime() - last < IDLE_MS ? new Date(last + NUDGE_AFTER_MS) : now;
  const at = nudgeTime(services, wanted, doc.tz);
  if (at > now) {
    await services.schedule({ ...job, at: at.toISOString(), graceMs: GRACE_MS, startedAt: undefined, doneAt: undefined });
    return;
  }
  const group = await (await spiralRecords(services.store)).groups.get(payload.group);
  if (!group) return;
  // Marked before sending: a crash in between costs one reminder, never sends two.
  const pid = personId(addressOf(doc));
  const marked = await services.updateUser(pid, (d) => {
    const q = spiralDataOf(d)?.groups[payload.group];
    if (q) q.nudgedAt = now.toISOString();
  });
  if (!marked) return;
  const t = services.i18n.translator(doc.lang);
  const text = t('spiral:nudge.text', { group: groupTitle(t, group), code: group.code });
  await services.notify(addressOf(doc), [{ kind: 'text', text }]);
}
