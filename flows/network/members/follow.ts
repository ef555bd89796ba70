/** What a member follows: everything, axes, working groups (a group followed is a group joined). */
import type { Services } from '../../../src/engine/index.ts';
import type { Member } from '../types.ts';
import { changeMember, joinGroup, leaveGroup } from './store.ts';

const toggled = (list: readonly string[], id: string, on: boolean) => (on ? [...new Set([...list, id])].sort() : list.filter((x) => x !== id));

export async function setAll(services: Services, key: string, all: boolean): Promise<Member | undefined> {
  return changeMember(services, key, (m) => ({ ...m, follows: { ...m.follows, all } }));
}

export async function setAxis(services: Services, key: string, axis: string, on: boolean): Promise<Member | undefined> {
  return changeMember(services, key, (m) => ({ ...m, follows: { ...m.follows, axes: toggled(m.follows.axes, axis, on) } }));
}

/** Following a working group is being in it (its check-ins come too); leaving it stops both. */
export async function setGroup(services: Services, key: string, group: string, on: boolean): Promise<Member | undefined> {
  const member = await changeMember(services, key, (m) => ({ ...m, follows: { ...m.follows, groups: toggled(m.follows.groups, group, on) } }));
  if (!member) return undefined;
  if (on) await joinGroup(services, key, group, 'self');
  else await leaveGroup(services, key, group);
  return member;
}
