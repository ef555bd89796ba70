import { randomInt } from 'node:crypto';
import type { ReadServices } from '../../src/engine/index.ts';
import type { SharedDoc } from '../../src/store/types.ts';
import { DEFAULT_QUESTION_SET } from './questions.ts';
import type { Cycle, Group, GroupsDoc } from './types.ts';

/** The shared document that holds group definitions, cycles, facilitators and invitations. */
export const GROUPS_DOC = 'spiral-groups';

/** How long a join code admits new participants, unless a facilitator closes it earlier. */
export const JOIN_CODE_DAYS = 90;
/** How long a facilitator invitation stays usable. */
export const INVITATION_DAYS = 14;

// No vowels (no accidental words), no 0/O/1/I look-alikes: codes are read aloud and typed on phones.
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ23456789';
const GROUP_CODE_LENGTH = 6;
const INVITATION_LENGTH = 8;

export const emptyGroupsDoc = (): GroupsDoc => ({ groups: {}, cycles: {}, facilitators: {}, invitations: {}, individual: {} });

/** The groups document; the store keeps one instance, so later reads are synchronous on `.data`. */
export async function groupsDoc(services: Pick<ReadServices, 'store'>): Promise<SharedDoc<GroupsDoc>> {
  const doc = await services.store.shared<GroupsDoc>(GROUPS_DOC, emptyGroupsDoc);
  // Files written by an older version may lack a collection.
  const d = doc.data;
  d.groups ??= {};
  d.cycles ??= {};
  d.facilitators ??= {};
  d.invitations ??= {};
  d.individual ??= {};
  return doc;
}

function randomCode(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** A group code not used yet. */
export function newGroupCode(doc: GroupsDoc): string {
  for (;;) {
    const code = randomCode(GROUP_CODE_LENGTH);
    if (!doc.groups[code]) return code;
  }
}

export function newInvitationCode(doc: GroupsDoc): string {
  for (;;) {
    const code = `F${randomCode(INVITATION_LENGTH - 1)}`;
    if (!doc.invitations[code]) return code;
  }
}

/** Normalises what a person typed ("k7m 2qx", "g_K7M2QX") into a group code, or null. */
export function parseGroupCode(typed: string): string | null {
  const s = typed.trim().toUpperCase().replace(/^G_/, '').replace(/[\s-]/g, '');
  return new RegExp(`^[${ALPHABET}]{${GROUP_CODE_LENGTH}}$`).test(s) ? s : null;
}

/** "F-ABCDEFG" or "FABCDEFG" (any case) → the invitation code, or null. */
export function parseInvitationCode(typed: string): string | null {
  const s = typed.trim().toUpperCase().replace(/^F_/, 'F').replace(/^F-/, 'F');
  return new RegExp(`^F[${ALPHABET}]{${INVITATION_LENGTH - 1}}$`).test(s) ? s : null;
}

/** Looks like a code at all (so "unknown code" can be told from an unknown sub-command). */
export const looksLikeCode = (typed: string): boolean => /^[A-Za-z0-9_-]{4,12}$/.test(typed.trim());

export function isOpen(group: Group, now: Date): boolean {
  return Date.parse(group.expiresAt) > now.getTime();
}

/** A group with a member limit that is reached admits nobody new (members can still finish). */
export function isFull(group: Group): boolean {
  return group.maxMembers !== undefined && group.members.length >= group.maxMembers;
}

export const addDays = (now: Date, days: number): string => new Date(now.getTime() + days * 86_400_000).toISOString();

/** Folds case, accents and spacing so "Namur", "namur " and "NAMÛR" are one territory. */
export function territoryKey(territory: string): string {
  return territory.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Distinct territories of existing groups, in a stable order, for quick buttons. */
export function knownTerritories(doc: GroupsDoc): string[] {
  const seen = new Map<string, string>();
  for (const g of Object.values(doc.groups)) if (!seen.has(territoryKey(g.territory))) seen.set(territoryKey(g.territory), g.territory);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** The cycle new work goes to: the one a manager made current, else the calendar year. */
export function currentCycle(doc: GroupsDoc, now: Date): Cycle {
  const id = doc.currentCycle ?? String(now.getUTCFullYear());
  return doc.cycles[id] ?? { id, questionSet: DEFAULT_QUESTION_SET, createdAt: now.toISOString() };
}

/** Cycles, newest first. */
export function cyclesOf(doc: GroupsDoc): Cycle[] {
  return Object.values(doc.cycles).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A cycle id as typed: letters, digits, spaces, dots, dashes; 2–40 characters. */
export function parseCycleId(typed: string): string | null {
  const s = typed.trim().replace(/\s+/g, ' ');
  return /^[\p{L}\p{N}][\p{L}\p{N} ._-]{1,39}$/u.test(s) ? s : null;
}
