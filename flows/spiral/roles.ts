import type { Turn } from '../../src/engine/index.ts';
import type { Group, GroupsDoc } from './types.ts';

/**
 * Who may run groups. Managers (TOGETHER_MANAGERS) may do everything. A facilitator is a
 * person a manager invited (`/spiral facilitator` → a one-time code) or named by pseudonym;
 * facilitators are recorded by pseudonym only. A group-scoped facilitator runs one group;
 * a general facilitator may also create groups and runs the groups they created.
 */
export function canCreateGroups(turn: Turn, doc: GroupsDoc): boolean {
  return turn.isManager || Boolean(doc.facilitators[turn.user.pseudonym]);
}

export function canRun(turn: Turn, group: Group): boolean {
  return turn.isManager || group.facilitators.includes(turn.user.pseudonym);
}

/** Any facilitator role at all: decides whether facilitator commands are offered. */
export function isFacilitator(turn: Turn, doc: GroupsDoc): boolean {
  return canCreateGroups(turn, doc) || Object.values(doc.groups).some((g) => g.facilitators.includes(turn.user.pseudonym));
}

/** Groups this person runs, newest first. */
export function groupsRunBy(turn: Turn, doc: GroupsDoc): Group[] {
  return Object.values(doc.groups)
    .filter((g) => canRun(turn, g))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
