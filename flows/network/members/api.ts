import type { Services } from '../../../src/engine/index.ts';
import { changeMember, ensureMember, joinerOf, joinGroup, leaveGroup } from './store.ts';

/**
 * A manager adds a person, by their platform id (`channel:userId`, as TOGETHER_MANAGERS names
 * people), to a working group from the CLI. The person must have talked to the bot (a document
 * exists); they become a member following that group if they were not one. 'unknown' when no such
 * person, 'added' or 'already'.
 */
export async function addToGroupByManager(services: Services, personId: string, group: string): Promise<'added' | 'already' | 'unknown'> {
  const doc = await services.store.loadUser(services.store.keyOf(personId));
  if (!doc) return 'unknown';
  // A person the manager adds follows that group: not everything, which they did not ask for.
  const { created } = await ensureMember(services, joinerOf(doc), { all: false, axes: [], groups: [group] });
  if (!created) await changeMember(services, doc.key, (m) => (m.follows.groups.includes(group) ? m : { ...m, follows: { ...m.follows, groups: [...m.follows.groups, group].sort() } }));
  return (await joinGroup(services, doc.key, group, 'manager')) ? 'added' : 'already';
}

/** The reverse; 'removed', 'absent' (not in that group) or 'unknown'. */
export async function removeFromGroupByManager(services: Services, personId: string, group: string): Promise<'removed' | 'absent' | 'unknown'> {
  const doc = await services.store.loadUser(services.store.keyOf(personId));
  if (!doc) return 'unknown';
  if (!(await leaveGroup(services, doc.key, group))) return 'absent';
  await changeMember(services, doc.key, (m) => (m.follows.groups.includes(group) ? { ...m, follows: { ...m.follows, groups: m.follows.groups.filter((g) => g !== group) } } : m));
  return 'removed';
}
