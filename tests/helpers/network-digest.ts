/** Seeding the network's plan and members straight into the store, for the digest's tests and bench. */
import { DateTime } from 'luxon';
import type { Services, UserDoc } from '../../src/engine/index.ts';
import { networkRecords } from '../../flows/network/records.ts';
import type { Activity, Follows, Member, Phase, PlanEvent, WorkGroup } from '../../flows/network/types.ts';

export interface MemberSeed {
  id: string;
  tz: string;
  channel?: string;
  lang?: string;
  follows?: Partial<Follows>;
  /** Working groups they are in (memberships). */
  groups?: string[];
  off?: boolean;
  pausedUntil?: string;
  digest?: boolean;
}

/** A person who talked to the bot (their document) and joined /plan (their member record). */
export async function seedMember(services: Pick<Services, 'store'>, s: MemberSeed, at = new Date('2026-01-05T10:00:00Z')): Promise<Member> {
  const channel = s.channel ?? 'memory';
  const key = services.store.keyOf(`${channel}:${s.id}`);
  const doc: UserDoc = { schema: 1, key, pseudonym: `p-${s.id}`, contact: { channel, userId: s.id, chatId: s.id }, lang: s.lang ?? 'en', consentAt: at.toISOString(), createdAt: at.toISOString(), seq: 0, seen: [], flows: {} };
  await services.store.saveUser(doc);
  const member: Member = {
    id: key,
    pseudonym: doc.pseudonym,
    channel,
    tz: s.tz,
    follows: { all: s.follows?.all ?? (!s.follows?.axes && !s.follows?.groups), axes: s.follows?.axes ?? [], groups: s.follows?.groups ?? [] },
    joinedAt: at.toISOString(),
    ...(s.off ? { off: true } : {}),
    ...(s.pausedUntil ? { pausedUntil: s.pausedUntil } : {}),
    ...(s.digest === false ? { digest: false } : {}),
  };
  const r = networkRecords(services.store);
  await r.members.put(member);
  for (const g of s.groups ?? []) await r.memberships.put({ id: `${g}:${key}`, group: g, key, by: 'manager', at: at.toISOString() });
  return member;
}

export function planEvent(e: Partial<PlanEvent> & Pick<PlanEvent, 'id' | 'date'>): PlanEvent {
  const tz = e.tz ?? 'Europe/Brussels';
  const start = DateTime.fromISO(`${e.date}T${e.time ?? '00:00'}`, { zone: tz }).toMillis();
  return { kind: 'meeting', title: e.id, status: 'scheduled', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', ...e, tz, start };
}

/** A small plan: one phase per quarter, two groups (a coordination group of Mons, the dynamisors), an activity. */
export async function seedPlan(services: Pick<Services, 'store'>, o: { events?: PlanEvent[]; phases?: Phase[]; activities?: Activity[]; groups?: WorkGroup[] } = {}): Promise<void> {
  const r = networkRecords(services.store);
  const groups: WorkGroup[] = o.groups ?? [
    { id: 'coord-mons', name: { en: 'Mons coordination group', fr: 'Groupe de coordination de Mons' }, kind: 'coordination', territory: 'Mons' },
    { id: 'dynamisors', name: 'Dynamisors', kind: 'dynamisors' },
  ];
  for (const g of groups) await r.groups.put(g);
  for (const p of o.phases ?? []) await r.phases.put(p);
  for (const a of o.activities ?? []) await r.activities.put(a);
  for (const e of o.events ?? []) await r.events.put(e);
}
