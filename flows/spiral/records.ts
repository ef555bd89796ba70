/**
 * SPIRAL's shared data as records in collections with indexes: one record per group, member,
 * role, review, invitation, cycle and person, so an update writes one small record and a lookup
 * goes through an index (nothing reads every person's file, nothing rewrites every group).
 * The older shared document `spiral-groups` is moved here once, the first time a store is opened.
 */
import type { Collection, Store } from '../../src/engine/index.ts';
import type { Cycle, Group, Invitation, Review } from './types.ts';

/** A group as stored (its code is its id); members, roles and reviews are records of their own. */
export interface GroupRecord extends Group {
  id: string;
}

/** One participant of one group: `<code>:<person key>`. */
export interface MemberRecord {
  id: string;
  group: string;
  key: string;
  joinedAt: string;
}

/** One facilitator role: of a group (`group` = its code) or to create groups (`group` = `*`). */
export interface RoleRecord {
  id: string;
  pseudonym: string;
  group: string;
  since: string;
}

/** A facilitator's review of one criterion: `<code>:<criterion id>`. */
export interface ReviewRecord extends Review {
  id: string;
  group: string;
  criterion: string;
  /** Orders reviews made within one clock tick (lists show them in the order they were done). */
  seq?: number;
}

let lastSeq = 0;
/** An increasing number for ordering records written at the same `at`. */
export const nextSeq = (): number => (lastSeq = Math.max(lastSeq + 1, Date.now() * 1000));

export interface InvitationRecord extends Invitation {
  id: string;
}

export interface CycleRecord extends Cycle {}

/** Which individual group answers for a territory in a cycle: id = `<territory key>|<cycle>`. */
export interface IndividualRecord {
  id: string;
  group: string;
}

/** Pseudonym → person key, for `/spiral facilitator p-…` (no scan of the person files). */
export interface PersonRecord {
  id: string;
  key: string;
}

/** Small settings: `current-cycle` ({ value: cycle id }), `moved` (the old document was moved). */
export interface SettingRecord {
  id: string;
  value: string;
}

/** Marks a role that lets its holder create groups (not tied to one group). */
export const ANY_GROUP = '*';
export const roleId = (group: string, pseudonym: string): string => `${group}:${pseudonym}`;
export const memberId = (group: string, key: string): string => `${group}:${key}`;
export const reviewId = (group: string, criterion: string): string => `${group}:${criterion}`;

export interface SpiralRecords {
  groups: Collection<GroupRecord>;
  members: Collection<MemberRecord>;
  roles: Collection<RoleRecord>;
  reviews: Collection<ReviewRecord>;
  invitations: Collection<InvitationRecord>;
  cycles: Collection<CycleRecord>;
  individual: Collection<IndividualRecord>;
  people: Collection<PersonRecord>;
  settings: Collection<SettingRecord>;
}

/** The older shared document, before records (moved once, then left empty). */
export const LEGACY_DOC = 'spiral-groups';

type LegacyGroup = Omit<Group, 'memberCount'> & { members?: string[]; facilitators?: string[]; reviews?: Record<string, Review> };
interface LegacyDoc {
  groups?: Record<string, LegacyGroup>;
  cycles?: Record<string, Cycle>;
  currentCycle?: string;
  facilitators?: Record<string, { since: string }>;
  invitations?: Record<string, Invitation>;
  individual?: Record<string, string>;
}

const opened = new WeakMap<Store, Promise<SpiralRecords>>();

/** SPIRAL's collections in a store; the first opening moves the older shared document's content into them. */
export function spiralRecords(store: Store): Promise<SpiralRecords> {
  let opening = opened.get(store);
  if (!opening) {
    opening = (async () => {
      const records: SpiralRecords = {
        groups: store.collection<GroupRecord>('spiral-groups', { indexes: ['kind', 'createdAt'] }),
        members: store.collection<MemberRecord>('spiral-members', { indexes: ['group', 'key', 'joinedAt'] }),
        roles: store.collection<RoleRecord>('spiral-roles', { indexes: ['pseudonym', 'group'] }),
        reviews: store.collection<ReviewRecord>('spiral-reviews', { indexes: ['group', 'by', 'criterion', 'seq'] }),
        invitations: store.collection<InvitationRecord>('spiral-invitations', { indexes: ['createdBy', 'group'] }),
        cycles: store.collection<CycleRecord>('spiral-cycles', { indexes: ['createdAt'] }),
        individual: store.collection<IndividualRecord>('spiral-individual', { indexes: ['group'] }),
        people: store.collection<PersonRecord>('spiral-people', { indexes: ['key'] }),
        settings: store.collection<SettingRecord>('spiral-settings', { indexes: [] }),
      };
      await moveLegacy(store, records);
      return records;
    })();
    opened.set(store, opening);
    opening.catch(() => opened.delete(store));
  }
  return opening;
}

/** Every record matching a query, page after page (for the few lists that are whole: a group's members, a person's roles). */
export async function all<R extends { id: string }>(c: Collection<R>, where?: Record<string, string | number>, orderBy?: string): Promise<R[]> {
  const out: R[] = [];
  let after: string | undefined;
  do {
    const page = await c.find({ ...(where ? { where } : {}), ...(orderBy ? { orderBy } : {}), limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.records);
    after = page.next;
  } while (after);
  return out;
}

/**
 * One-time move of `shared/spiral-groups.json` into the collections. Storing a record twice is a
 * replace, and the document is emptied only once everything is stored, so a crash half-way is
 * safe. People known before the move get their pseudonym indexed (a single scan, at this move only).
 */
async function moveLegacy(store: Store, r: SpiralRecords): Promise<void> {
  const doc = await store.shared<LegacyDoc>(LEGACY_DOC, () => ({}));
  const d = doc.data;
  const groups = Object.values(d.groups ?? {});
  const has = groups.length > 0 || Object.keys(d.cycles ?? {}).length > 0 || Object.keys(d.facilitators ?? {}).length > 0 || Object.keys(d.invitations ?? {}).length > 0 || d.currentCycle !== undefined;
  if (!has) return;
  for (const g of groups) {
    if (!g?.code) continue;
    const { members = [], facilitators = [], reviews = {}, ...rest } = g;
    await r.groups.put({ ...rest, id: g.code, memberCount: members.length });
    for (const key of members) await r.members.put({ id: memberId(g.code, key), group: g.code, key, joinedAt: g.createdAt });
    for (const p of facilitators) await r.roles.put({ id: roleId(g.code, p), pseudonym: p, group: g.code, since: g.createdAt });
    for (const [criterion, review] of Object.entries(reviews)) await r.reviews.put({ ...review, id: reviewId(g.code, criterion), group: g.code, criterion, seq: nextSeq() });
  }
  for (const c of Object.values(d.cycles ?? {})) if (c?.id) await r.cycles.put({ id: c.id, questionSet: c.questionSet, createdAt: c.createdAt });
  if (d.currentCycle) await r.settings.put({ id: 'current-cycle', value: d.currentCycle });
  for (const [p, role] of Object.entries(d.facilitators ?? {})) await r.roles.put({ id: roleId(ANY_GROUP, p), pseudonym: p, group: ANY_GROUP, since: role.since });
  for (const i of Object.values(d.invitations ?? {})) if (i?.code) await r.invitations.put({ ...i, id: i.code });
  for (const [key, code] of Object.entries(d.individual ?? {})) await r.individual.put({ id: key, group: code });
  for await (const user of store.eachUser(() => {})) await r.people.put({ id: user.pseudonym, key: user.key });
  await doc.update((x) => {
    for (const k of Object.keys(x)) delete (x as Record<string, unknown>)[k];
  });
}
