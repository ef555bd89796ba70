import { addressOf, type Job, type Services } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { personId } from '../../src/core/types.ts';
import { spiralRecords } from './records.ts';
import { groupTitle } from './labels.ts';
import { spiralDataOf } from './participant.ts';

export const NUDGE_JOB = 'spiral-nudge';
/** "The next day": a day after the last answer. */
export const NUDGE_AFTER_MS = 24 * 60 * 60 * 1000;
// Someone who answered in the last hours is not idle; the nudge waits for a quiet day.
const QUIET_MS = 20 * 60 * 60 * 1000;

interface NudgePayload {
  /** The user-document key (a keyed hash), never a platform id. */
  key: string;
  group: string;
}

const jobId = (key: string, group: string) => `${NUDGE_JOB}:${key}:${group}`;

/** Plans the one friendly reminder of an unfinished questionnaire. */
export async function planNudge(ctx: SpiralContext, group: string, from: Date = ctx.now): Promise<void> {
  const payload: NudgePayload = { key: ctx.person.key, group };
  await ctx.services.schedule({ id: jobId(ctx.person.key, group), kind: NUDGE_JOB, about: ctx.person.key, at: new Date(from.getTime() + NUDGE_AFTER_MS).toISOString(), graceMs: 12 * 60 * 60 * 1000, payload });
}

/** Runs the reminder: once, only if still unfinished, not opted out and quiet for a day. */
export async function runNudge(services: Services, job: Job): Promise<void> {
  const payload = job.payload as NudgePayload | undefined;
  if (!payload?.key || !payload.group) return;
  const doc = await services.store.loadUser(payload.key);
  const data = doc && spiralDataOf(doc);
  const p = data?.groups[payload.group];
  if (!doc || !data || !p || p.finishedAt || p.nudgedAt || data.nudges === false || doc.unreachable) return;
  const now = services.now();
  const last = Date.parse(p.lastActiveAt);
  if (now.getTime() - last < QUIET_MS) {
    await services.schedule({ ...job, at: new Date(last + NUDGE_AFTER_MS).toISOString(), startedAt: undefined, doneAt: undefined });
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

