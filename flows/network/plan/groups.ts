/**
 * `together plan group add|remove|list`: a manager puts people into working groups by their
 * platform id (`telegram:12345`, `slack:U0123`), as TOGETHER_MANAGERS names people. Membership
 * itself is the members part's (members/api.ts); this checks the group and the id first.
 */
import { UserError, type Services } from '../../../src/engine/index.ts';
import { cleanName } from '../../../src/core/clean-text.ts';
import { addToGroupByManager, removeFromGroupByManager } from '../members/api.ts';
import { every, networkRecords } from '../records.ts';
import type { WorkGroup } from '../types.ts';

export interface GroupMember {
  /** The platform's name for them when it gave one; the CLI is a manager's tool. */
  name?: string;
  person: string;
  by: 'self' | 'manager';
  at: string;
}

async function groupOf(services: Services, id: unknown): Promise<WorkGroup> {
  const text = cleanName(String(id ?? '')).toLowerCase();
  const group = text ? await networkRecords(services.store).groups.get(text) : undefined;
  if (!group) throw new UserError('plan-admin:group.unknown', { group: text.slice(0, 60) });
  return group;
}

function personOf(id: unknown): string {
  const text = cleanName(String(id ?? ''));
  if (!/^[a-z][a-z0-9_-]*:[^\s:]+$/i.test(text)) throw new UserError('plan-admin:group.badPerson', { person: text.slice(0, 60) });
  return text;
}

export async function addToGroup(services: Services, group: unknown, person: unknown): Promise<{ group: string; person: string; result: 'added' | 'already' }> {
  const g = await groupOf(services, group);
  const who = personOf(person);
  const result = await addToGroupByManager(services, who, g.id);
  if (result === 'unknown') throw new UserError('plan-admin:group.personUnknown', { person: who });
  return { group: g.id, person: who, result };
}

export async function removeFromGroup(services: Services, group: unknown, person: unknown): Promise<{ group: string; person: string; result: 'removed' | 'absent' }> {
  const g = await groupOf(services, group);
  const who = personOf(person);
  const result = await removeFromGroupByManager(services, who, g.id);
  if (result === 'unknown') throw new UserError('plan-admin:group.personUnknown', { person: who });
  return { group: g.id, person: who, result };
}

/** Every group with how many members it has. */
export async function listGroups(services: Services): Promise<(WorkGroup & { members: number })[]> {
  const r = networkRecords(services.store);
  const out = [];
  for (const g of await every(r.groups)) out.push({ ...g, members: await r.memberships.count({ group: g.id }) });
  return out;
}

/** One group's members, with the names their platform gave. */
export async function groupMembers(services: Services, group: unknown): Promise<{ group: WorkGroup; members: GroupMember[] }> {
  const g = await groupOf(services, group);
  const members: GroupMember[] = [];
  for (const m of await every(networkRecords(services.store).memberships, { where: { group: g.id } })) {
    const doc = await services.store.loadUser(m.key).catch(() => null);
    const person = doc ? `${doc.contact.channel}:${doc.contact.userId}` : '?';
    members.push({ ...(doc?.contact.name ? { name: doc.contact.name } : {}), person, by: m.by, at: m.at });
  }
  return { group: g, members: members.sort((a, b) => (a.name ?? a.person).localeCompare(b.name ?? b.person)) };
}
