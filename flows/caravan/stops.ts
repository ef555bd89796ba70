import { UserError, type Store } from '../../src/engine/index.ts';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { caravanRecords } from './data.ts';
import { startOf } from './fields.ts';
import { every, type CaravanRecords, type TwinClaim } from './records.ts';
import { fold } from './twins.ts';
import type { Stop, StopFields } from './types.ts';

/** A claim whose stop was never written (a crash between the two) is taken over after this. */
const STALE_CLAIM_MS = 60_000;

export async function getStop(store: Store, id: string): Promise<Stop | undefined> {
  const key = id.trim().toLowerCase();
  return key ? (await caravanRecords(store)).stops.get(key) : undefined;
}

const soonestFirst = (stops: Stop[]) => stops.sort((a, b) => startOf(a).toMillis() - startOf(b).toMillis());

/** Every stop, past and cancelled too (`/caravan all`, exports): a listing of all of them by request. */
export async function allStops(store: Store): Promise<Stop[]> {
  return soonestFirst(await every((await caravanRecords(store)).stops));
}

export function isPast(stop: Stop, now: Date): boolean {
  return startOf(stop).toMillis() <= now.getTime();
}

/** Scheduled stops that have not started yet, soonest first: a range query on the date index. */
export async function upcomingStops(store: Store, now: Date): Promise<Stop[]> {
  // A local date can be a day behind UTC's: start the range a day early, then check the time exactly.
  const from = DateTime.fromJSDate(now, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
  const found = await every((await caravanRecords(store)).stops, { where: { status: 'scheduled' }, range: { index: 'date', from }, orderBy: 'date' });
  return soonestFirst(found.filter((s) => !isPast(s, now)));
}

const slug = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 14).replace(/-+$/, '') || 'stop';

const duplicate = (twin: Pick<Stop, 'town' | 'date' | 'venue' | 'id'>) => new UserError('caravan:invalid.duplicate', { town: twin.town, date: twin.date, venue: twin.venue, id: twin.id });

/**
 * Claims "this town, date and venue" for `stopId` (a `~token` while the stop is being created): one
 * check-and-use of the claim record, so of many managers adding the same stop at once exactly
 * one passes. A claim held by a cancelled, deleted or never-written stop is taken over.
 */
async function claim(records: CaravanRecords, fields: Pick<Stop, 'town' | 'date' | 'venue'>, stopId: string, now: Date): Promise<void> {
  const id = fold(fields);
  let holder: Stop | undefined;
  let pending = false;
  const after = await records.twins.update(id, async (cur): Promise<TwinClaim> => {
    holder = undefined;
    pending = false;
    if (cur && cur.stop !== stopId) {
      if (cur.stop.startsWith('~')) {
        pending = now.getTime() - Date.parse(cur.at) < STALE_CLAIM_MS;
        if (pending) return cur;
      } else {
        holder = await records.stops.get(cur.stop);
        if (holder?.status === 'scheduled') return cur;
      }
    }
    return { id, stop: stopId, at: now.toISOString() };
  });
  if (after?.stop === stopId) return;
  throw duplicate(holder ?? { ...fields, id: '…' });
}

/** Lets go of a claim this stop holds (cancelled, or moved to another town, date or venue). */
async function release(records: CaravanRecords, fields: Pick<Stop, 'town' | 'date' | 'venue'>, stopId: string): Promise<void> {
  await records.twins.update(fold(fields), (cur) => (cur?.stop === stopId ? undefined : cur));
}

/** `iasi-260512`: the town and the date, short enough for links and buttons; `-2`… when taken. Reserved atomically. */
async function insert(records: CaravanRecords, fields: StopFields, now: Date): Promise<Stop> {
  const base = `${slug(fields.town)}-${fields.date.slice(2).replace(/-/g, '')}`;
  const at = now.toISOString();
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const stop: Stop = { id, ...fields, status: 'scheduled', createdAt: at, updatedAt: at, version: 1 };
    let mine = false;
    await records.stops.update(id, (cur) => {
      mine = cur === undefined;
      return cur ?? stop;
    });
    if (mine) return stop;
  }
}

/** Adds a stop; the same town, date and venue as a scheduled stop is refused unless `force`. */
export async function addStop(store: Store, fields: StopFields, now: Date, options: { force?: boolean } = {}): Promise<Stop> {
  const records = await caravanRecords(store);
  if (options.force) return insert(records, fields, now);
  const token = `~${randomUUID()}`;
  await claim(records, fields, token, now);
  try {
    const stop = await insert(records, fields, now);
    await records.twins.update(fold(fields), (cur) => (cur?.stop === token ? { ...cur, stop: stop.id } : cur));
    return stop;
  } catch (e) {
    await release(records, fields, token);
    throw e;
  }
}

const FIELDS = ['town', 'country', 'venue', 'date', 'time', 'tz', 'description', 'languages', 'spiralGroup'] as const;

/**
 * Applies changes; returns the stop and the names of the fields that really changed. Whether
 * the stop can still be changed is decided in the same update as the change, so an edit racing
 * a cancellation never changes a cancelled stop.
 */
export async function editStop(store: Store, id: string, changes: Partial<StopFields>, now: Date, options: { force?: boolean } = {}): Promise<{ stop: Stop; changed: string[] }> {
  const records = await caravanRecords(store);
  const before = await records.stops.get(id);
  if (!before) throw new UserError('caravan:stop.unknown', { id });
  const wanted = FIELDS.filter((f) => changes[f] !== undefined && JSON.stringify(changes[f]) !== JSON.stringify(before[f]));
  const moves = wanted.some((f) => f === 'town' || f === 'date' || f === 'venue');
  const target = { ...before, ...changes };
  if (moves && !options.force && before.status === 'scheduled') await claim(records, target, before.id, now);
  let changed: string[] = [];
  let refusal: UserError | undefined;
  const stop = await records.stops.update(id, (cur) => {
    refusal = undefined;
    if (!cur) return (refusal = new UserError('caravan:stop.unknown', { id })), cur;
    if (cur.status === 'cancelled') return (refusal = new UserError('caravan:edit.cancelled', { town: cur.town })), cur;
    const differ = FIELDS.filter((f) => changes[f] !== undefined && JSON.stringify(changes[f]) !== JSON.stringify(cur[f]));
    changed = differ;
    if (differ.length === 0) return cur;
    return { ...cur, ...Object.fromEntries(differ.map((f) => [f, changes[f]])), updatedAt: now.toISOString(), version: cur.version + 1 };
  });
  if (refusal) {
    if (moves && fold(target) !== fold(before)) await release(records, target, before.id);
    throw refusal;
  }
  if (moves && fold(target) !== fold(before)) await release(records, before, before.id);
  return { stop: stop!, changed };
}

/** Cancels a stop: checked and done in one update, so of two managers confirming at once exactly one cancels it. */
export async function cancelStop(store: Store, id: string, now: Date): Promise<Stop> {
  const records = await caravanRecords(store);
  let refusal: UserError | undefined;
  const stop = await records.stops.update(id, (cur) => {
    refusal = undefined;
    if (!cur) return (refusal = new UserError('caravan:stop.unknown', { id })), cur;
    if (cur.status === 'cancelled') return (refusal = new UserError('caravan:cancel.already', { town: cur.town })), cur;
    return { ...cur, status: 'cancelled', updatedAt: now.toISOString(), version: cur.version + 1 };
  });
  if (refusal) throw refusal;
  await release(records, stop!, stop!.id);
  return stop!;
}
