/** `together plan list`: the plan in reading order — phases by date, axes, groups, activities by axis, events by time. */
import type { Services } from '../../../src/engine/index.ts';
import type { Activity, Axis, Phase, PlanEvent, WorkGroup } from '../types.ts';
import { isPast } from './entries.ts';
import { listGroups } from './groups.ts';
import { snapshot } from './snapshot.ts';

export interface PlanListing {
  phases: Phase[];
  axes: Axis[];
  groups: (WorkGroup & { members: number })[];
  activities: Activity[];
  events: (PlanEvent & { past: boolean })[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `all`: past and cancelled events too (by default only those still to come). */
export async function listPlan(services: Services, all: boolean): Promise<PlanListing> {
  const snap = await snapshot(services.store);
  const now = services.now();
  const events = [...snap.events.values()].map((e) => ({ ...e, past: isPast(e, now) })).filter((e) => all || (!e.past && e.status === 'scheduled'));
  return {
    phases: [...snap.phases.values()].sort((a, b) => a.from.localeCompare(b.from) || byId(a, b)),
    axes: [...snap.axes.values()].sort(byId),
    groups: (await listGroups(services)).sort(byId),
    activities: [...snap.activities.values()].sort((a, b) => a.axis.localeCompare(b.axis) || byId(a, b)),
    events: events.sort((a, b) => a.start - b.start || byId(a, b)),
  };
}
