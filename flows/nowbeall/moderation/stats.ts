/**
 * The moderation figures of `together stats` (prefixed `proposals.` by the CLI): reports by
 * state, moderation acts by kind, the moderators named. Proposals by status and supports are
 * the nbgroups flow's figures (groups/export.ts), so nothing is counted twice.
 */
import { every, type ReadServices } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { ModerationAct } from '../types.ts';

const ACTS: readonly ModerationAct[] = ['approve', 'reject', 'merge', 'hide', 'restore', 'dismiss-reports'];

export async function moderationStats(services: ReadServices): Promise<Record<string, number>> {
  const r = nowbeallRecords(services.store);
  const s: Record<string, number> = { reports: await r.reports.count() };
  for (const state of ['open', 'dismissed', 'upheld'] as const) s[`reports.${state}`] = await r.reports.count({ state });
  // The log has no index by act: the CLI reads it once (a few entries per proposal).
  const log = await every(r.log);
  for (const act of ACTS) s[`acts.${act}`] = log.filter((e) => e.act === act).length;
  s.moderators = await r.moderators.count();
  return s;
}
