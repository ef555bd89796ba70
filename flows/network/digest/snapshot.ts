import { every, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { Activity, Phase, PlanEvent, WorkGroup } from '../types.ts';
import { sharedValue } from './cache.ts';
import { mondayAt } from './week.ts';

/** How far ahead a digest looks: this week, next week, and deadlines up to four weeks. */
export const AHEAD_DAYS = 28;

/** The plan as one week's digests read it: shared by all of them, read once. */
export interface PlanSnapshot {
  /** Scheduled events around the weeks any zone's digest covers, soonest first. */
  events: PlanEvent[];
  phases: Phase[];
  activities: Map<string, Activity>;
  groups: Map<string, WorkGroup>;
  /** What readers of one zone or language share (an event's lines, a week's bounds), computed once. */
  memo: Map<string, unknown>;
}

/** A value of the snapshot's memo: 10,000 digests format each event once per zone and language, not once each. */
export function remember<T>(snap: PlanSnapshot, key: string, compute: () => T): T {
  if (snap.memo.has(key)) return snap.memo.get(key) as T;
  const value = compute();
  snap.memo.set(key, value);
  return value;
}

async function read(services: Services, monday: string): Promise<PlanSnapshot> {
  const r = networkRecords(services.store);
  // Zones are up to 26 hours apart: a margin of two days each side covers every reader's week.
  const from = mondayAt(monday, 'UTC').minus({ days: 2 }).toMillis();
  const to = mondayAt(monday, 'UTC').plus({ days: AHEAD_DAYS + 2 }).toMillis();
  const events = await every(r.events, { where: { status: 'scheduled' }, range: { index: 'start', from, to }, orderBy: 'start' });
  return {
    events,
    phases: await every(r.phases),
    activities: new Map((await every(r.activities)).map((a) => [a.id, a])),
    groups: new Map((await every(r.groups)).map((g) => [g.id, g])),
    memo: new Map(),
  };
}

export function planSnapshot(services: Services, monday: string): Promise<PlanSnapshot> {
  return sharedValue(services, `plan:${monday}`, () => read(services, monday));
}
