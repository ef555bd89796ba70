import { randomInt } from 'node:crypto';
import type { ReadServices } from '../../src/engine/index.ts';
import { DEFAULT_QUESTION_SET } from './questions.ts';
import { LEGACY_DOC, all, type SpiralRecords } from './records.ts';
import type { Cycle, Group } from './types.ts';

/** How long a join code admits new participants, unless a facilitator closes it earlier. */
export const JOIN_CODE_DAYS = 90;
/** How long a facilitator invitation stays usable. */
export const INVITATION_DAYS = 14;

// No vowels (no accidental words), no 0/O/1/I look-alikes: codes are read aloud and typed on phones.
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ23456789';
const GROUP_CODE_LENGTH = 6;
const INVITATION_LENGTH = 8;

/** What the older shared document held (before records): groups with their members, roles and reviews inside. */
export interface LegacyGroupsDoc {
  groups: Record<string, Partial<Group> & { code: string; members?: string[]; facilitators?: string[]; reviews?: Record<string, unknown> }>;
  cycles: Record<string, Cycle>;
  currentCycle?: string;
  facilitators: Record<string, { since: string }>;
  invitations: Record<string, unknown>;
  individual: Record<string, string>;
}

/**
 * @deprecated The older shared document `spiral-groups`, as an installation from before records
 * has it: moved into the collections (records.ts) the first time they are opened, then empty.
 * Only tests write it, to play an older installation.
 */
export async function groupsDoc(services: Pick<ReadServices, 'store'>) {
  const doc = await services.store.shared<LegacyGroupsDoc>(LEGACY_DOC, () => ({ groups: {}, cycles: {}, facilitators: {}, invitations: {}, individual: {} }));
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

/** A group code not used yet (the caller stores it with a check-and-set, see `createGroupRecord`). */
export async function newGroupCode(r: SpiralRecords): Promise<string> {
  for (;;) {
    const code = randomCode(GROUP_CODE_LENGTH);
    if (!(await r.groups.get(code))) return code;
  }
}

/** Stores a new group under a fresh code: the code is claimed in one update, so two creations never share one. */
export async function createGroupRecord(r: SpiralRecords, make: (code: string) => Group): Promise<Group> {
  for (;;) {
    const code = await newGroupCode(r);
    let mine = false;
    const stored = await r.groups.update(code, (cur) => {
      if (cur) return cur;
      mine = true;
      return { ...make(code), id: code };
    });
    if (mine && stored) return stored;
  }
}

export function newInvitationCode(): string {
  return `F${randomCode(INVITATION_LENGTH - 1)}`;
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
  return group.maxMembers !== undefined && group.memberCount >= group.maxMembers;
}

export const addDays = (now: Date, days: number): string => new Date(now.getTime() + days * 86_400_000).toISOString();

/** Folds case, accents and spacing so "Namur", "namur " and "NAMÛR" are one territory. */
export function territoryKey(territory: string): string {
  return territory.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

// Quick buttons come from the latest groups: a territory offered is one people work in now.
const RECENT_GROUPS = 500;

/** Distinct territories of the latest groups, in a stable order, for quick buttons. */
export async function knownTerritories(r: SpiralRecords): Promise<string[]> {
  const { records } = await r.groups.find({ orderBy: 'createdAt', desc: true, limit: RECENT_GROUPS });
  const seen = new Map<string, string>();
  for (const g of records) if (!seen.has(territoryKey(g.territory))) seen.set(territoryKey(g.territory), g.territory);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** The cycle new work goes to: the one a manager made current, else the calendar year. */
export async function currentCycle(r: SpiralRecords, now: Date): Promise<Cycle> {
  const id = (await r.settings.get('current-cycle'))?.value ?? String(now.getUTCFullYear());
  const c = await r.cycles.get(id);
  return c ? { id: c.id, questionSet: c.questionSet, createdAt: c.createdAt } : { id, questionSet: DEFAULT_QUESTION_SET, createdAt: now.toISOString() };
}

/** The latest cycles, newest first. */
export async function cyclesOf(r: SpiralRecords, limit = 8): Promise<Cycle[]> {
  const { records } = await r.cycles.find({ orderBy: 'createdAt', desc: true, limit });
  return records.map((c) => ({ id: c.id, questionSet: c.questionSet, createdAt: c.createdAt }));
}

/** Every group, oldest first (exports and statistics; a page at a time underneath). */
export const allGroups = (r: SpiralRecords): Promise<Group[]> => all(r.groups, undefined, 'createdAt');

/** A cycle id as typed: letters, digits, spaces, dots, dashes; 2–40 characters. */
export function parseCycleId(typed: string): string | null {
  const s = typed.trim().replace(/\s+/g, ' ');
  return /^[\p{L}\p{N}][\p{L}\p{N} ._-]{1,39}$/u.test(s) ? s : null;
}
