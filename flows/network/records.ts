/**
 * The network's collections of records (issue #13), each read through its indexes:
 * - `plan-phases`, `plan-axes`, `plan-activities`, `plan-events`, `plan-groups`: the plan itself,
 *   written by managers (plan/); events by start time (upcoming ones are a range query);
 * - `plan-members`: who joined /plan, by time zone (one scheduled job per zone, not per person);
 * - `plan-memberships`: person ↔ working group, by group and by person.
 * Parts add their own collections in their own files (reminders, digest places, check-ins).
 */
import type { Collection, Store } from '../../src/engine/index.ts';
import type { Activity, Axis, Member, Membership, Phase, PlanEvent, WorkGroup } from './types.ts';

export interface NetworkRecords {
  phases: Collection<Phase>;
  axes: Collection<Axis>;
  activities: Collection<Activity>;
  events: Collection<PlanEvent>;
  groups: Collection<WorkGroup>;
  members: Collection<Member>;
  memberships: Collection<Membership>;
}

export function networkRecords(store: Store): NetworkRecords {
  return {
    phases: store.collection<Phase>('plan-phases', { indexes: ['quarter', 'from'] }),
    axes: store.collection<Axis>('plan-axes', { indexes: [] }),
    activities: store.collection<Activity>('plan-activities', { indexes: ['axis', 'owner', 'status', 'quarter'] }),
    events: store.collection<PlanEvent>('plan-events', { indexes: ['start', 'axis', 'status', 'uid'] }),
    groups: store.collection<WorkGroup>('plan-groups', { indexes: ['kind', 'territory'] }),
    members: store.collection<Member>('plan-members', { indexes: ['tz', 'channel'] }),
    memberships: store.collection<Membership>('plan-memberships', { indexes: ['group', 'key'] }),
  };
}

/** Every record of a collection matching `where`, page after page (plans are small; members are paged by callers). */
export async function every<R extends { id: string }>(c: Collection<R>, query: { where?: Record<string, string | number | readonly (string | number)[]>; orderBy?: string } = {}): Promise<R[]> {
  const all: R[] = [];
  let after: string | undefined;
  do {
    const page = await c.find({ ...query, limit: 1000, ...(after ? { after } : {}) });
    all.push(...page.records);
    after = page.next;
  } while (after);
  return all;
}
