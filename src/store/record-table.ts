import type { CollectionSpec, IndexValue, Page, Query, Where } from './types.ts';
import { CollectionUsageError } from './errors.ts';

/**
 * A collection's records in memory with their secondary indexes, and the one query planner that
 * the embedded stores share (lowdb persists shards around it; the memory store uses it bare).
 * Every index is a sorted array of (value, id): equality, ranges and ordered pages are binary
 * searches, and a page costs its size, not the collection's.
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Numbers before strings, then natural order (strings by code unit, like PostgreSQL's "C" collation). */
export function compareValues(a: IndexValue, b: IndexValue): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Entry {
  v: IndexValue;
  id: string;
}

const compareEntries = (a: Entry, b: Entry): number => compareValues(a.v, b.v) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The indexable value of a record's field, or undefined when it has none. */
function valueOf(record: object, field: string): IndexValue | undefined {
  const v = (record as Record<string, unknown>)[field];
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;
}

/** Checks a collection's name and spec before anything is opened. */
export function checkSpec(name: string, spec: CollectionSpec): void {
  if (!NAME.test(name)) throw new CollectionUsageError(name, 'a collection name is lower-case letters, digits and dashes (at most 64).');
  for (const field of spec.indexes) {
    if (!FIELD.test(field)) throw new CollectionUsageError(name, `"${field}" cannot be an index: use a plain field name.`);
  }
}

export const sameSpec = (a: CollectionSpec, b: CollectionSpec): boolean => [...a.indexes].sort().join('\0') === [...b.indexes].sort().join('\0');

/** A collection already open under `name`, if any; refuses it opened again with other indexes. */
export function alreadyOpen<T extends { spec: CollectionSpec }>(open: T | undefined, name: string, spec: CollectionSpec): T | undefined {
  if (open && !sameSpec(open.spec, spec)) {
    throw new CollectionUsageError(name, `it is already open with the indexes [${open.spec.indexes.join(', ')}], not [${spec.indexes.join(', ')}]: one collection has one spec.`);
  }
  return open;
}

class SortedIndex {
  entries: Entry[] = [];

  /** The first position whose entry satisfies `atOrAfter` (a predicate false then true along the array). */
  bisect(atOrAfter: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (atOrAfter(this.entries[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Positions [start, end) of the entries whose value is within [from, to]. */
  span(from?: IndexValue, to?: IndexValue): [number, number] {
    const start = from === undefined ? 0 : this.bisect((e) => compareValues(e.v, from) >= 0);
    const end = to === undefined ? this.entries.length : this.bisect((e) => compareValues(e.v, to) > 0);
    return [start, Math.max(start, end)];
  }

  insert(entry: Entry): void {
    this.entries.splice(this.bisect((e) => compareEntries(e, entry) >= 0), 0, entry);
  }

  remove(entry: Entry): void {
    const at = this.bisect((e) => compareEntries(e, entry) >= 0);
    const found = this.entries[at];
    if (found && found.id === entry.id && compareValues(found.v, entry.v) === 0) this.entries.splice(at, 1);
  }
}

function encodeCursor(entry: Entry): string {
  return Buffer.from(JSON.stringify([entry.v, entry.id])).toString('base64url');
}

export class RecordTable<R extends { id: string }> {
  readonly #records = new Map<string, R>();
  /** Every declared index, and `id`. */
  readonly #indexes = new Map<string, SortedIndex>();

  constructor(readonly name: string, readonly spec: CollectionSpec) {
    checkSpec(name, spec);
    for (const field of ['id', ...spec.indexes]) this.#indexes.set(field, new SortedIndex());
  }

  get size(): number {
    return this.#records.size;
  }

  /** The stored record itself (callers copy before handing it out). */
  get(id: string): R | undefined {
    return this.#records.get(id);
  }

  /** Throws a clear error for a record the collection cannot hold. */
  check(record: R): void {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new CollectionUsageError(this.name, 'a record is a JSON object.');
    if (typeof record.id !== 'string' || record.id.length === 0 || record.id.length > 512) {
      throw new CollectionUsageError(this.name, 'a record needs an `id`: a non-empty string of at most 512 characters.');
    }
    for (const field of this.spec.indexes) {
      const v = (record as Record<string, unknown>)[field];
      if (v !== undefined && valueOf(record, field) === undefined) {
        throw new CollectionUsageError(this.name, `the indexed field "${field}" of record ${record.id} must be a string or a finite number (or absent), not ${JSON.stringify(v)}.`);
      }
    }
  }

  /** Fills an empty table at once (one sort per index instead of one insertion per record). */
  load(records: Iterable<R>): void {
    for (const r of records) this.#records.set(r.id, r);
    for (const [field, index] of this.#indexes) {
      const entries: Entry[] = [];
      for (const r of this.#records.values()) {
        const v = valueOf(r, field);
        if (v !== undefined) entries.push({ v, id: r.id });
      }
      index.entries = entries.sort(compareEntries);
    }
  }

  set(record: R): void {
    this.remove(record.id);
    this.#records.set(record.id, record);
    for (const [field, index] of this.#indexes) {
      const v = valueOf(record, field);
      if (v !== undefined) index.insert({ v, id: record.id });
    }
  }

  remove(id: string): void {
    const old = this.#records.get(id);
    if (!old) return;
    this.#records.delete(id);
    for (const [field, index] of this.#indexes) {
      const v = valueOf(old, field);
      if (v !== undefined) index.remove({ v, id });
    }
  }

  #index(field: string): SortedIndex {
    const index = this.#indexes.get(field);
    if (!index) {
      throw new CollectionUsageError(this.name, `"${field}" is not an index (indexes: ${['id', ...this.spec.indexes].join(', ')}). Declare it in the collection's spec to query by it.`);
    }
    return index;
  }

  #whereSets(where: Where | undefined): [string, Set<IndexValue>][] {
    return Object.entries(where ?? {}).map(([field, value]) => {
      this.#index(field);
      const values = (Array.isArray(value) ? value : [value]) as IndexValue[];
      return [field, new Set(values)];
    });
  }

  /** The ids matching `where`, from its most selective field. */
  matchIds(where: Where | undefined): string[] {
    const sets = this.#whereSets(where);
    if (sets.length === 0) return [...this.#records.keys()];
    const [field, values] = this.#narrowest(sets);
    const index = this.#index(field);
    const ids: string[] = [];
    for (const v of values) {
      const [start, end] = index.span(v, v);
      for (let i = start; i < end; i++) ids.push(index.entries[i]!.id);
    }
    return ids.filter((id) => sets.every(([f, vs]) => vs.has(valueOf(this.#records.get(id)!, f)!)));
  }

  #narrowest(sets: [string, Set<IndexValue>][]): [string, Set<IndexValue>] {
    let best = sets[0]!;
    let bestCount = Infinity;
    for (const s of sets) {
      const n = this.#spanCount(s);
      if (n < bestCount) [best, bestCount] = [s, n];
    }
    return best;
  }

  count(where?: Where): number {
    return Object.keys(where ?? {}).length === 0 ? this.#records.size : this.matchIds(where).length;
  }

  find(query: Query = {}): Page<R> {
    const orderBy = query.orderBy ?? 'id';
    const order = this.#index(orderBy);
    const desc = query.desc === true;
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const sets = this.#whereSets(query.where);
    const range = query.range;
    if (range) this.#index(range.index);
    const cursor = query.after === undefined ? undefined : this.#decodeCursor(query.after);
    const beyond = (e: Entry) => !cursor || (desc ? compareEntries(e, cursor) < 0 : compareEntries(e, cursor) > 0);
    const matches = (r: R): boolean => {
      for (const [field, values] of sets) if (!values.has(valueOf(r, field)!)) return false;
      if (range) {
        const v = valueOf(r, range.index);
        if (v === undefined) return false;
        if (range.from !== undefined && compareValues(v, range.from) < 0) return false;
        if (range.to !== undefined && compareValues(v, range.to) > 0) return false;
      }
      return true;
    };

    // The order index's span, narrowed by a range on that same index.
    const [start, end] = range && range.index === orderBy ? order.span(range.from, range.to) : [0, order.entries.length];
    const picked: Entry[] = [];
    const candidates = sets.length > 0 ? this.#narrowest(sets) : undefined;
    const candidateCount = candidates ? this.#spanCount(candidates) : Infinity;
    if (candidates && candidateCount < end - start) {
      // Fewer records match the narrowest equality than the ordered span holds: read those, then sort.
      for (const id of this.matchIds(query.where)) {
        const r = this.#records.get(id)!;
        const v = valueOf(r, orderBy);
        if (v === undefined || !matches(r)) continue;
        const e = { v, id };
        if (beyond(e)) picked.push(e);
      }
      picked.sort(desc ? (a, b) => compareEntries(b, a) : compareEntries);
      picked.splice(limit + 1);
    } else {
      // Walk the order index from the cursor on, keeping matches, until the page is full.
      const entries = order.entries;
      if (!desc) {
        let i = cursor ? Math.max(start, order.bisect((e) => compareEntries(e, cursor) > 0)) : start;
        for (; i < end && picked.length <= limit; i++) if (matches(this.#records.get(entries[i]!.id)!)) picked.push(entries[i]!);
      } else {
        let i = cursor ? Math.min(end, order.bisect((e) => compareEntries(e, cursor) >= 0)) - 1 : end - 1;
        for (; i >= start && picked.length <= limit; i--) if (matches(this.#records.get(entries[i]!.id)!)) picked.push(entries[i]!);
      }
    }
    const more = picked.length > limit;
    const page = picked.slice(0, limit);
    return { records: page.map((e) => this.#records.get(e.id)!), ...(more ? { next: encodeCursor(page[page.length - 1]!) } : {}) };
  }

  #spanCount([field, values]: [string, Set<IndexValue>]): number {
    const index = this.#index(field);
    let n = 0;
    for (const v of values) {
      const [start, end] = index.span(v, v);
      n += end - start;
    }
    return n;
  }

  #decodeCursor(text: string): Entry {
    try {
      const [v, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
      if ((typeof v === 'string' || typeof v === 'number') && typeof id === 'string') return { v, id };
    } catch {
      // reported below
    }
    throw new CollectionUsageError(this.name, 'the `after` cursor is not one this collection gave: pass the `next` of the previous page.');
  }
}
