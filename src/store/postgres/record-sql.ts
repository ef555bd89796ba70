import { createHash } from 'node:crypto';
import type { CollectionSpec, IndexValue, Query, Where } from '../types.ts';
import { CollectionUsageError } from '../errors.ts';

/**
 * SQL for one collection's records, held in the shared `records` table (001_store.sql). A
 * record's top-level strings and numbers are copied into its `keys` column; each declared index
 * is a partial expression index over that collection's rows that sorts a field as the embedded
 * store does: numbers before strings, numbers by value, strings by code unit ("C"), ties by id.
 * A field's sort key is the triple (kind, number, string): (0, n, '') or (1, 0, s); kind is NULL
 * when the record has no such field, which keeps it out of that index, as in the embedded store.
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Other fields' strings longer than this stay out of `keys` (free text is not what indexes are for). */
const MAX_KEY_STRING = 256;
/** An indexed string must fit a btree entry with room to spare. */
export const MAX_INDEXED_STRING = 2_000;

/** The sort-key expressions of an indexed field (its name is checked by checkSpec: a plain identifier). */
export function sortKey(field: string): { kind: string; num: string; str: string } {
  const v = `keys->'${field}'`;
  return {
    kind: `(CASE jsonb_typeof(${v}) WHEN 'number' THEN 0 WHEN 'string' THEN 1 END)`,
    num: `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (keys->>'${field}')::float8 ELSE 0 END)`,
    str: `((CASE WHEN jsonb_typeof(${v}) = 'string' THEN keys->>'${field}' ELSE '' END) COLLATE "C")`,
  };
}

/** The name of the index of `field` in `collection` (identifiers are limited to 63 bytes; names may be 64 characters). */
export function indexName(collection: string, field: string): string {
  return `records_ix_${createHash('sha256').update(`${collection}\0${field}`).digest('hex').slice(0, 24)}`;
}

export function createIndexSql(collection: string, field: string): string {
  const k = sortKey(field);
  return `CREATE INDEX IF NOT EXISTS ${indexName(collection, field)} ON records (${k.kind}, ${k.num}, ${k.str}, id) WHERE collection = '${collection}' AND ${k.kind} IS NOT NULL`;
}

const triple = (v: IndexValue): [number, number, string] => (typeof v === 'number' ? [0, v, ''] : [1, 0, v]);

/**
 * The `keys` of a record: its indexable top-level fields (other strings up to `maxOther`
 * characters). Refuses an indexed string PostgreSQL cannot index.
 */
export function keysOf(collection: string, record: object, indexes: readonly string[], maxOther = MAX_KEY_STRING): Record<string, IndexValue> {
  const keys: Record<string, IndexValue> = {};
  for (const [field, v] of Object.entries(record)) {
    if (field === 'id') continue;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) keys[field] = v;
    } else if (typeof v === 'string') {
      const indexed = indexes.includes(field);
      if (indexed && (v.length > MAX_INDEXED_STRING || v.includes('\0'))) {
        throw new CollectionUsageError(collection, `the indexed field "${field}" of record ${(record as { id: string }).id} must be at most ${MAX_INDEXED_STRING} characters without NUL characters.`);
      }
      if (indexed || (v.length <= maxOther && !v.includes('\0'))) keys[field] = v;
    }
  }
  return keys;
}

/** A cursor: the last record's value of the order index and its id (the embedded store's format). */
export function encodeCursor(v: IndexValue, id: string): string {
  return Buffer.from(JSON.stringify([v, id])).toString('base64url');
}

function decodeCursor(collection: string, text: string): [IndexValue, string] {
  try {
    const [v, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((typeof v === 'string' || typeof v === 'number') && typeof id === 'string') return [v, id];
  } catch {
    // reported below
  }
  throw new CollectionUsageError(collection, 'the `after` cursor is not one this collection gave: pass the `next` of the previous page.');
}

/** Builds WHERE clauses with numbered parameters. */
export class Conditions {
  readonly params: unknown[] = [];
  readonly parts: string[];

  constructor(readonly collection: string, readonly spec: CollectionSpec) {
    this.parts = [`collection = '${collection}'`];
  }

  param(v: unknown, cast: string): string {
    this.params.push(v);
    return `$${this.params.length}::${cast}`;
  }

  checkIndex(field: string): void {
    if (field !== 'id' && !this.spec.indexes.includes(field)) {
      throw new CollectionUsageError(this.collection, `"${field}" is not an index (indexes: ${['id', ...this.spec.indexes].join(', ')}). Declare it in the collection's spec to query by it.`);
    }
  }

  where(where: Where | undefined): this {
    for (const [field, value] of Object.entries(where ?? {})) {
      this.checkIndex(field);
      const values = (Array.isArray(value) ? value : [value]) as IndexValue[];
      const strs = values.filter((v): v is string => typeof v === 'string');
      const nums = values.filter((v): v is number => typeof v === 'number');
      if (field === 'id') {
        this.parts.push(strs.length > 0 ? `id = ANY(${this.param(strs, 'text[]')})` : 'false');
        continue;
      }
      const k = sortKey(field);
      const any: string[] = [];
      if (strs.length > 0) any.push(`(${k.kind} = 1 AND ${k.num} = 0 AND ${k.str} = ANY(${this.param(strs, 'text[]')}))`);
      if (nums.length > 0) any.push(`(${k.kind} = 0 AND ${k.num} = ANY(${this.param(nums, 'float8[]')}) AND ${k.str} = '')`);
      this.parts.push(any.length > 0 ? `(${any.join(' OR ')})` : 'false');
    }
    return this;
  }

  range(range: Query['range']): this {
    if (!range) return this;
    this.checkIndex(range.index);
    if (range.index === 'id') {
      // Ids are strings: every number sorts before them.
      if (range.from !== undefined && typeof range.from === 'string') this.parts.push(`id >= ${this.param(range.from, 'text')}`);
      if (range.to !== undefined) this.parts.push(typeof range.to === 'string' ? `id <= ${this.param(range.to, 'text')}` : 'false');
      return this;
    }
    const k = sortKey(range.index);
    this.parts.push(`${k.kind} IS NOT NULL`);
    for (const [bound, op] of [[range.from, '>='], [range.to, '<=']] as const) {
      if (bound === undefined) continue;
      const [kind, num, str] = triple(bound);
      this.parts.push(`(${k.kind}, ${k.num}, ${k.str}) ${op} (${this.param(kind, 'int')}, ${this.param(num, 'float8')}, ${this.param(str, 'text')})`);
    }
    return this;
  }

  sql(): string {
    return this.parts.join(' AND ');
  }
}

/** SELECT for one page of `query`; `limit` is the page size (one more row is read to know whether more follow). */
export function pageSql(collection: string, spec: CollectionSpec, query: Query): { sql: string; params: unknown[]; limit: number; orderBy: string } {
  const orderBy = query.orderBy ?? 'id';
  const c = new Conditions(collection, spec).where(query.where).range(query.range);
  c.checkIndex(orderBy);
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const dir = query.desc === true ? 'DESC' : 'ASC';
  const cmp = query.desc === true ? '<' : '>';
  const cursor = query.after === undefined ? undefined : decodeCursor(collection, query.after);
  let order: string;
  if (orderBy === 'id') {
    if (cursor) c.parts.push(`id ${cmp} ${c.param(cursor[1], 'text')}`);
    order = `id ${dir}`;
  } else {
    const k = sortKey(orderBy);
    c.parts.push(`${k.kind} IS NOT NULL`);
    if (cursor) {
      const [kind, num, str] = triple(cursor[0]);
      c.parts.push(`(${k.kind}, ${k.num}, ${k.str}, id) ${cmp} (${c.param(kind, 'int')}, ${c.param(num, 'float8')}, ${c.param(str, 'text')}, ${c.param(cursor[1], 'text')})`);
    }
    order = [k.kind, k.num, k.str, 'id'].map((e) => `${e} ${dir}`).join(', ');
  }
  return { sql: `SELECT id, data FROM records WHERE ${c.sql()} ORDER BY ${order} LIMIT ${limit + 1}`, params: c.params, limit, orderBy };
}
