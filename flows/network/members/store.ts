/**
 * Members and memberships as records: one person's entry and their working groups. Every write
 * is one atomic record update, so a reply confirming a choice is sent after it is durable.
 */
import type { Services, UserDoc } from '../../../src/engine/index.ts';
import { zoneInUse } from '../digest/zones.ts';
import { planZone } from '../reminders/schedule.ts';
import { networkRecords } from '../records.ts';
import type { Follows, Member, Membership } from '../types.ts';

/** What a new member follows: everything, until they pick. */
export const followAll = (): Follows => ({ all: true, axes: [], groups: [] });

/** The zone a member's reminders use: `/plan tz` > the platform's > TOGETHER_TZ. */
export function zoneOf(services: Services, chosen: string | undefined, platform: string | undefined): string {
  return chosen ?? (platform ? canonicalZone(platform) : undefined) ?? services.config.tz;
}

/** A zone name written as IANA writes them (`Asia/Kolkata`, `America/Port-au-Prince`), not just any case. */
const IANA_CASED = /^[A-Z][A-Za-z]*(\/[A-Z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*)+$/;

/**
 * The zone's IANA spelling ("europe/bucharest" → "Europe/Bucharest"), or undefined when there is
 * no such zone. Node's ICU answers some zones by an older name (Asia/Kolkata → Asia/Calcutta,
 * Europe/Kyiv → Europe/Kiev): a name already written the IANA way is kept as the person (or the
 * platform) wrote it.
 */
export function canonicalZone(tz: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) || tz.length > 64) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return resolved.toLowerCase() !== tz.toLowerCase() && IANA_CASED.test(tz) ? tz : resolved;
}

/** A zone members live in: its weekly digest (digest/zones.ts) and its reminder jobs. */
async function inUse(services: Services, tz: string): Promise<void> {
  await zoneInUse(services, tz);
  await planZone(services, tz);
}

export interface Joiner {
  key: string;
  pseudonym: string;
  channel: string;
  /** The platform's zone (UserDoc.tz), if it told one. */
  tz?: string;
}

export const joinerOf = (doc: Pick<UserDoc, 'key' | 'pseudonym' | 'contact' | 'tz'>): Joiner => ({ key: doc.key, pseudonym: doc.pseudonym, channel: doc.contact.channel, tz: doc.tz });

export async function getMember(services: Services, key: string): Promise<Member | undefined> {
  return networkRecords(services.store).members.get(key);
}

/**
 * Makes the person a member (or returns them as they are), with `follows` for a new one. A member
 * who had stopped is back on. Resolves with the member as stored and whether it is new.
 */
export async function ensureMember(services: Services, who: Joiner, follows: Follows = followAll()): Promise<{ member: Member; created: boolean }> {
  let created = false;
  const member = (await networkRecords(services.store).members.update(who.key, (m) => {
    if (m) return m;
    created = true;
    return { id: who.key, pseudonym: who.pseudonym, channel: who.channel, tz: zoneOf(services, undefined, who.tz), follows, joinedAt: services.now().toISOString() };
  }))!;
  if (created) await inUse(services, member.tz);
  return { member, created };
}

/** Changes a member (undefined when they are not one). */
export async function changeMember(services: Services, key: string, change: (m: Member) => Member): Promise<Member | undefined> {
  const before = await getMember(services, key);
  const after = await networkRecords(services.store).members.update(key, (m) => (m ? change(m) : undefined));
  if (after && after.tz !== before?.tz) await inUse(services, after.tz);
  return after;
}

const membershipId = (group: string, key: string) => `${group}:${key}`;

/** Adds the person to `group`; false when they already were in it. */
export async function joinGroup(services: Services, key: string, group: string, by: Membership['by']): Promise<boolean> {
  let added = false;
  await networkRecords(services.store).memberships.update(membershipId(group, key), (m) => {
    if (m) return m;
    added = true;
    return { id: membershipId(group, key), group, key, by, at: services.now().toISOString() };
  });
  return added;
}

export async function leaveGroup(services: Services, key: string, group: string): Promise<boolean> {
  return networkRecords(services.store).memberships.delete(membershipId(group, key));
}

/** The working groups the person is in. */
export async function groupsOf(services: Services, key: string): Promise<string[]> {
  const page = await networkRecords(services.store).memberships.find({ where: { key }, limit: 1000 });
  return page.records.map((m) => m.group).sort();
}
