import { ANY_GROUP, all, roleId, type SpiralRecords } from './records.ts';
import type { Group } from './types.ts';

/** Who is asking: their pseudonym and whether they are a manager (TOGETHER_MANAGERS). */
export interface Asker {
  readonly isManager: boolean;
  readonly person: { readonly pseudonym: string };
}

/**
 * Who may run groups. Managers (TOGETHER_MANAGERS) may do everything. A facilitator is a
 * person a manager invited (`/spiral facilitator` → a one-time code) or named by pseudonym;
 * facilitators are recorded by pseudonym only (role records). A group-scoped facilitator runs
 * one group; a general facilitator may also create groups and runs the groups they created.
 */
export async function canCreateGroups(r: SpiralRecords, who: Asker): Promise<boolean> {
  return who.isManager || Boolean(await r.roles.get(roleId(ANY_GROUP, who.person.pseudonym)));
}

export async function canRun(r: SpiralRecords, who: Asker, group: Pick<Group, 'code'>): Promise<boolean> {
  return who.isManager || Boolean(await r.roles.get(roleId(group.code, who.person.pseudonym)));
}

/** Any facilitator role at all: decides whether facilitator commands are offered. */
export async function isFacilitator(r: SpiralRecords, who: Asker): Promise<boolean> {
  return who.isManager || (await r.roles.count({ pseudonym: who.person.pseudonym })) > 0;
}

/** Pseudonyms of a group's facilitators (managers run every group anyway). */
export async function facilitatorsOf(r: SpiralRecords, code: string): Promise<string[]> {
  return (await all(r.roles, { group: code })).map((x) => x.pseudonym);
}

/** Groups this person runs, newest first: every group for a manager, else those of their roles. */
export async function groupsRunBy(r: SpiralRecords, who: Asker): Promise<Group[]> {
  const groups = who.isManager
    ? await all(r.groups, undefined, 'createdAt')
    : await r.groups.getMany((await all(r.roles, { pseudonym: who.person.pseudonym })).map((x) => x.group).filter((g) => g !== ANY_GROUP));
  return groups.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Gives `pseudonym` a role: for one group, or to create groups (`ANY_GROUP`); an existing role is kept as it is. */
export async function grantRole(r: SpiralRecords, pseudonym: string, group: string, since: string): Promise<void> {
  await r.roles.update(roleId(group, pseudonym), (cur) => cur ?? { id: roleId(group, pseudonym), pseudonym, group, since });
}
