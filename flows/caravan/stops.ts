import type { Store } from '../../src/store/types.ts';
import { CaravanError, startOf } from './fields.ts';
import type { Stop, StopFields, StopsDoc } from './types.ts';

const STOPS_DOC = 'caravan-stops';

function stopsDoc(store: Store) {
  return store.shared<StopsDoc>(STOPS_DOC, () => ({ stops: {} }));
}

export async function getStop(store: Store, id: string): Promise<Stop | undefined> {
  const stop = (await stopsDoc(store)).data.stops[id.trim().toLowerCase()];
  return stop && structuredClone(stop);
}

export async function allStops(store: Store): Promise<Stop[]> {
  const stops = Object.values((await stopsDoc(store)).data.stops).map((s) => structuredClone(s));
  return stops.sort((a, b) => startOf(a).toMillis() - startOf(b).toMillis());
}

export function isPast(stop: Stop, now: Date): boolean {
  return startOf(stop).toMillis() <= now.getTime();
}

/** Scheduled stops that have not started yet, soonest first. */
export async function upcomingStops(store: Store, now: Date): Promise<Stop[]> {
  return (await allStops(store)).filter((s) => s.status === 'scheduled' && !isPast(s, now));
}

const slug = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 14).replace(/-+$/, '') || 'stop';

/** `iasi-260512`: the town and the date, short enough for links and buttons; `-2`… when taken. */
function newId(fields: StopFields, taken: Record<string, unknown>): string {
  const base = `${slug(fields.town)}-${fields.date.slice(2).replace(/-/g, '')}`;
  if (!taken[base]) return base;
  for (let n = 2; ; n++) if (!taken[`${base}-${n}`]) return `${base}-${n}`;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Same town, date and venue (case, accents and punctuation aside): the same stop typed twice. */
const sameStop = (a: Pick<Stop, 'town' | 'date' | 'venue'>, b: Pick<Stop, 'town' | 'date' | 'venue'>) =>
  a.date === b.date && fold(a.town) === fold(b.town) && fold(a.venue) === fold(b.venue);

/** A scheduled stop, other than `except`, that `fields` would duplicate; inside an update, so two managers cannot both pass. */
function refuseDuplicate(d: StopsDoc, fields: Pick<Stop, 'town' | 'date' | 'venue'>, except?: string): void {
  const twin = Object.values(d.stops).find((s) => s.id !== except && s.status === 'scheduled' && sameStop(s, fields));
  if (twin) throw new CaravanError('caravan:invalid.duplicate', { town: twin.town, date: twin.date, venue: twin.venue, id: twin.id });
}

/** Adds a stop; the same town, date and venue as a scheduled stop is refused unless `force`. */
export async function addStop(store: Store, fields: StopFields, now: Date, options: { force?: boolean } = {}): Promise<Stop> {
  const doc = await stopsDoc(store);
  return doc.update((d) => {
    if (!options.force) refuseDuplicate(d, fields);
    const at = now.toISOString();
    const stop: Stop = { id: newId(fields, d.stops), ...fields, status: 'scheduled', createdAt: at, updatedAt: at, version: 1 };
    d.stops[stop.id] = stop;
    return structuredClone(stop);
  });
}

const FIELDS = ['town', 'country', 'venue', 'date', 'time', 'tz', 'description', 'languages', 'spiralGroup'] as const;

/**
 * Applies changes; returns the stop and the names of the fields that really changed. Whether
 * the stop can still be changed is decided in the same step as the change, so an edit racing
 * a cancellation never changes a cancelled stop.
 */
export async function editStop(store: Store, id: string, changes: Partial<StopFields>, now: Date, options: { force?: boolean } = {}): Promise<{ stop: Stop; changed: string[] }> {
  const doc = await stopsDoc(store);
  return doc.update((d) => {
    const stop = d.stops[id];
    if (!stop) throw new CaravanError('caravan:stop.unknown', { id });
    if (stop.status === 'cancelled') throw new CaravanError('caravan:edit.cancelled', { town: stop.town });
    const changed = FIELDS.filter((f) => changes[f] !== undefined && JSON.stringify(changes[f]) !== JSON.stringify(stop[f]));
    if (!options.force && changed.some((f) => f === 'town' || f === 'date' || f === 'venue')) refuseDuplicate(d, { ...stop, ...changes }, stop.id);
    if (changed.length > 0) {
      Object.assign(stop, Object.fromEntries(changed.map((f) => [f, changes[f]])));
      stop.updatedAt = now.toISOString();
      stop.version += 1;
    }
    return { stop: structuredClone(stop), changed };
  });
}

/** Cancels a stop: checked and done in one step, so of two managers confirming at once exactly one cancels it. */
export async function cancelStop(store: Store, id: string, now: Date): Promise<Stop> {
  const doc = await stopsDoc(store);
  return doc.update((d) => {
    const stop = d.stops[id];
    if (!stop) throw new CaravanError('caravan:stop.unknown', { id });
    if (stop.status === 'cancelled') throw new CaravanError('caravan:cancel.already', { town: stop.town });
    stop.status = 'cancelled';
    stop.updatedAt = now.toISOString();
    stop.version += 1;
    return structuredClone(stop);
  });
}
