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
  };
}

export function planSnapshot(services: Services, monday: string): Promise<PlanSnapshot> {
  return sharedValue(services, `plan:${monday}`, () => read(services, monday));
}
