/** The plan as stored, read whole: a plan is small (tens of phases and axes, hundreds of events). */
import type { Store } from '../../../src/engine/index.ts';
import { every, networkRecords } from '../records.ts';
import type { Activity, Axis, Phase, PlanEvent, WorkGroup } from '../types.ts';

export interface Snapshot {
  phases: Map<string, Phase>;
  axes: Map<string, Axis>;
  groups: Map<string, WorkGroup>;
  activities: Map<string, Activity>;
  events: Map<string, PlanEvent>;
}

const byId = <R extends { id: string }>(list: R[]) => new Map(list.map((r) => [r.id, r]));

export async function snapshot(store: Store): Promise<Snapshot> {
  const r = networkRecords(store);
  return {
    phases: byId(await every(r.phases)),
    axes: byId(await every(r.axes)),
    groups: byId(await every(r.groups)),
    activities: byId(await every(r.activities)),
    events: byId(await every(r.events)),
  };
}
