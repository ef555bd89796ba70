/** Who an event's reminders go to, found through indexes (never by reading every member). */
import { every, type BroadcastSpec, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { Follows, Member, PlanEvent } from '../types.ts';

type Recipient = BroadcastSpec['recipients'][number];

/**
 * An event for some working groups reaches those who follow one of them; any other reaches those
 * who follow everything, its axis, or the group that owns its activity (`owner`: the weekly digest
 * counts the same events as the member's).
 */
export function concerns(follows: Follows, event: Pick<PlanEvent, 'groups' | 'axis'>, owner?: string): boolean {
  if (event.groups?.length) return event.groups.some((g) => follows.groups.includes(g));
  return follows.all || (event.axis !== undefined && follows.axes.includes(event.axis)) || (owner !== undefined && follows.groups.includes(owner));
}

/** The group owning the event's activity, if any. */
export async function ownerOf(services: Pick<Services, 'store'>, event: Pick<PlanEvent, 'activity'>): Promise<string | undefined> {
  return event.activity ? (await networkRecords(services.store).activities.get(event.activity))?.owner : undefined;
}

/** Reminders on: not stopped, not paused at `now`. */
export function active(member: Member | undefined, now: Date): member is Member {
  return !!member && !member.off && !(member.pausedUntil && Date.parse(member.pausedUntil) > now.getTime());
}

const recipientOf = (m: Member): Recipient => ({ key: m.id, channel: m.channel, tz: m.tz });

/**
 * The members in `tz` an event concerns who want reminders now: a group event through the
 * memberships' `group` index, any other through the members' `tz` index.
 */
export async function remindersTo(services: Services, event: PlanEvent, tz: string): Promise<Recipient[]> {
  const { members, memberships } = networkRecords(services.store);
  const now = services.now();
  let found: Member[];
  if (event.groups?.length) {
    const keys = [...new Set((await every(memberships, { where: { group: event.groups } })).map((m) => m.key))];
    found = [];
    for (let i = 0; i < keys.length; i += 500) found.push(...(await members.getMany(keys.slice(i, i + 500))));
    found = found.filter((m) => m.tz === tz);
  } else {
    found = await every(members, { where: { tz } });
  }
  const owner = await ownerOf(services, event);
  return found.filter((m) => active(m, now) && concerns(m.follows, event, owner)).map(recipientOf);
}

/** Members (any zone) among `keys` who want messages now. */
export async function activeAmong(services: Services, keys: readonly string[]): Promise<Recipient[]> {
  const { members } = networkRecords(services.store);
  const now = services.now();
  const out: Recipient[] = [];
  for (let i = 0; i < keys.length; i += 500) out.push(...(await members.getMany(keys.slice(i, i + 500))).filter((m) => active(m, now)).map(recipientOf));
  return out;
}
