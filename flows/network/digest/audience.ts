/**
 * Who gets what: a member's working groups and territories, whether they get a digest at all,
 * and which events of the plan they follow.
 */
import type { Store } from '../../../src/engine/index.ts';
import { every, networkRecords } from '../records.ts';
import type { Activity, Member, PlanEvent, WorkGroup } from '../types.ts';

/** A member gets digests unless they stopped, paused past `at`, or turned the digest off. */
export function wantsDigest(m: Member, at: Date): boolean {
  if (m.off || m.digest === false) return false;
  return !(m.pausedUntil && Date.parse(m.pausedUntil) > at.getTime());
}

/** The groups a member is in: those they follow and those a manager (or they) joined them to. */
export async function groupsOf(store: Store, m: Member): Promise<Set<string>> {
  const joined = await every(networkRecords(store).memberships, { where: { key: m.id } });
  return new Set([...m.follows.groups, ...joined.map((j) => j.group)]);
}

/** Territories of the coordination groups among `groups`. */
export function territoriesOf(groups: Iterable<string>, all: ReadonlyMap<string, WorkGroup>): string[] {
  const out = new Set<string>();
  for (const id of groups) {
    const g = all.get(id);
    if (g?.kind === 'coordination' && g.territory) out.add(g.territory);
  }
  return [...out];
}

/** What a reader follows; `undefined` for a shared chat's digest: the whole plan. */
export interface Interest {
  /** A shared chat's digest: every group's asks and check-ins. */
  whole: boolean;
  all: boolean;
  axes: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

export const wholePlan: Interest = { whole: true, all: true, axes: new Set(), groups: new Set() };

export function interestOf(m: Member, groups: ReadonlySet<string>): Interest {
  return { whole: false, all: m.follows.all, axes: new Set(m.follows.axes), groups };
}

/**
 * An event concerns a reader who follows everything; one meant for some groups, their members;
 * otherwise those who follow its axis or the group owning its activity.
 */
export function followsEvent(i: Interest, e: PlanEvent, activities: ReadonlyMap<string, Activity>): boolean {
  if (i.all) return true;
  if (e.groups?.length) return e.groups.some((g) => i.groups.has(g));
  if (e.axis && i.axes.has(e.axis)) return true;
  const owner = e.activity ? activities.get(e.activity)?.owner : undefined;
  return owner !== undefined && i.groups.has(owner);
}

/** An activity concerns a reader who follows everything, its axis, or is in its owner group. */
export function followsActivity(i: Interest, a: Activity): boolean {
  return i.all || i.axes.has(a.axis) || (a.owner !== undefined && i.groups.has(a.owner));
}
