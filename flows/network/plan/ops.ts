/**
 * What `plan add|edit|cancel|remove` do to one entry of the plan. Each is checked exactly as a
 * file's entry is (the same rules, the same messages), then written through the journal.
 */
import { DateTime } from 'luxon';
import { UserError, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { PlanEvent } from '../types.ts';
import { planChanges, type Change, type Kind, type Records } from './changes.ts';
import { applyChanges } from './journal.ts';
import { entryOf } from './options.ts';
import { readPlan } from './plan-file.ts';
import { Problems, refuseIfAny } from './problems.ts';
import { snapshot, type Snapshot } from './snapshot.ts';
import { storedIds } from './stored-ids.ts';

export const KINDS: readonly Kind[] = ['phase', 'axis', 'group', 'activity', 'event'];
const SECTION: Record<Kind, keyof Snapshot> = { phase: 'phases', axis: 'axes', group: 'groups', activity: 'activities', event: 'events' };

export interface EntryArgs {
  kind: Kind;
  id?: string;
  fields: Record<string, unknown>;
  clear?: string[];
}

export interface EntryResult {
  kind: Kind;
  id: string;
  changed: boolean;
  record: Records[Kind];
}

export function checkKind(kind: unknown): Kind {
  if (!KINDS.includes(kind as Kind)) throw new UserError('plan-admin:unknownKind', { kind: String(kind).slice(0, 20), kinds: KINDS.join(', ') });
  return kind as Kind;
}

function storedOf(snap: Snapshot, kind: Kind, id: string): Records[Kind] {
  const found = (snap[SECTION[kind]] as Map<string, Records[Kind]>).get(id);
  if (!found) throw new UserError('plan-admin:unknownEntry', { kind, id: id.slice(0, 60) });
  return found;
}

/** A stored record as a file would write it (what the store adds left out). */
function asEntry(r: Records[Kind]): Record<string, unknown> {
  const { version: _v, updatedAt: _u, start: _s, ...rest } = r as Partial<PlanEvent>;
  return rest;
}

async function save(services: Services, kind: Kind, entry: Record<string, unknown>, snap: Snapshot, adding: boolean): Promise<EntryResult> {
  const p = new Problems();
  const year = Math.max(...[...snap.phases.values()].map((ph) => ph.year), DateTime.fromJSDate(services.now(), { zone: services.config.tz }).year);
  const plan = readPlan({ [SECTION[kind]]: [entry] }, { tz: services.config.tz, year }, p, storedIds(snap));
  const record = plan[SECTION[kind]][0];
  if (adding && record && (snap[SECTION[kind]] as Map<string, unknown>).has(record.id)) p.add('plan-admin:exists', { kind, id: record.id });
  const set = planChanges(plan, snap, { now: services.now() }, p, new Problems());
  // A command's problems need no place in a file: each names its field.
  refuseIfAny(new Problems(p.list.map((x) => ({ ...x, at: '' }))));
  await applyChanges(services, set.changes);
  const change = set.changes[0];
  return { kind, id: record!.id, changed: Boolean(change), record: (change?.after ?? storedOf(snap, kind, record!.id)) as Records[Kind] };
}

export async function addEntry(services: Services, args: EntryArgs): Promise<EntryResult> {
  const kind = checkKind(args.kind);
  const snap = await snapshot(services.store);
  const entry = entryOf({ ...args.fields, ...(args.id ? { id: args.id } : {}) }, [], services.i18n.languages, services.config.lang);
  return save(services, kind, entry, snap, true);
}

export async function editEntry(services: Services, args: EntryArgs): Promise<EntryResult> {
  const kind = checkKind(args.kind);
  const snap = await snapshot(services.store);
  const current = storedOf(snap, kind, String(args.id ?? '').trim().toLowerCase());
  const { id: _ignored, ...fields } = args.fields;
  const entry = entryOf(fields, args.clear ?? [], services.i18n.languages, services.config.lang, asEntry(current));
  return save(services, kind, { ...entry, id: current.id }, snap, false);
}

/** Cancels an event: it stays in the calendar as cancelled, and everyone reminded of it is told. */
export async function cancelEvent(services: Services, id: string): Promise<PlanEvent> {
  const snap = await snapshot(services.store);
  const before = storedOf(snap, 'event', id.trim().toLowerCase()) as PlanEvent;
  if (before.status === 'cancelled') throw new UserError('plan-admin:alreadyCancelled', { id: before.id });
  const after: PlanEvent = { ...before, status: 'cancelled', version: before.version + 1, updatedAt: services.now().toISOString() };
  await applyChanges(services, [{ kind: 'event', id: before.id, before, after }]);
  return after;
}

/** What still names an entry: it cannot go before they change. */
function usesOf(snap: Snapshot, kind: Kind, id: string): string[] {
  const acts = [...snap.activities.values()];
  const events = [...snap.events.values()];
  if (kind === 'axis') return [...acts.filter((a) => a.axis === id).map((a) => `activity ${a.id}`), ...events.filter((e) => e.axis === id).map((e) => `event ${e.id}`)];
  if (kind === 'activity') return events.filter((e) => e.activity === id).map((e) => `event ${e.id}`);
  if (kind !== 'group') return [];
  return [
    ...acts.filter((a) => a.owner === id).map((a) => `activity ${a.id}`),
    ...events.filter((e) => e.groups?.includes(id)).map((e) => `event ${e.id}`),
    ...[...snap.phases.values()].filter((ph) => ph.asks && id in ph.asks).map((ph) => `phase ${ph.id}`),
  ];
}

/** Removes an entry for good (an event leaves the calendar; `cancel` keeps it there, marked cancelled). */
export async function removeEntry(services: Services, kindArg: unknown, idArg: string): Promise<Records[Kind]> {
  const kind = checkKind(kindArg);
  const snap = await snapshot(services.store);
  const before = storedOf(snap, kind, idArg.trim().toLowerCase());
  const uses = usesOf(snap, kind, before.id);
  if (uses.length) throw new UserError('plan-admin:inUse', { kind, id: before.id, uses: uses.slice(0, 10).join(', ') + (uses.length > 10 ? ', …' : '') });
  const members = kind === 'group' ? await networkRecords(services.store).memberships.count({ group: before.id }) : 0;
  if (members) throw new UserError('plan-admin:groupHasMembers', { id: before.id, count: members });
  await applyChanges(services, [{ kind, id: before.id, before } as Change]);
  return before;
}
