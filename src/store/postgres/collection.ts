import pg from 'pg';
import type { Logger } from '../../log/logger.ts';
import type { Collection, CollectionSpec, Page, Query, Where } from '../types.ts';
import { CollectionUsageError, StoreCorruptError, StoreWriteError } from '../errors.ts';
import { RecordTable } from '../record-table.ts';
import { isConnectionError, type Database } from './database.ts';
import { DatabaseUnavailableError } from './errors.ts';
import { Conditions, createIndexSql, encodeCursor, indexName, keysOf, pageSql } from './record-sql.ts';
import { INDEX_LOCK_NAMESPACE, RECORD_LOCK_NAMESPACE } from './locks.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** A database error on a write becomes StoreWriteError (nothing changed, or not confirmed); a caller's own error passes as it is. */
export function writeFailure(what: string, e: unknown): unknown {
  if (e instanceof StoreWriteError || e instanceof CollectionUsageError) return e;
  if (e instanceof pg.DatabaseError || e instanceof DatabaseUnavailableError) return new StoreWriteError(what, e);
  return e;
}

/**
 * One collection on PostgreSQL: each record a row of `records`, each operation one statement
 * (or one transaction), nothing cached: another instance may have written since. Updates of one
 * record are serialised in this process (one connection waits for the row, not the pool's
 * every connection) and across processes by an advisory lock on the record, then the row lock.
 */
export class PgCollection<R extends { id: string }> implements Collection<R> {
  /** The embedded store's checks, for the same messages on the same bad records. */
  readonly #checker: RecordTable<R>;
  readonly #updates = new Map<string, Promise<unknown>>();
  #ready: Promise<void> | null = null;

  constructor(
    readonly name: string,
    readonly spec: CollectionSpec,
    private readonly db: Database,
    private readonly opts: { readOnly: boolean; log: Logger; knownIndexes: () => Promise<Set<string>> },
  ) {
    this.#checker = new RecordTable<R>(name, spec);
  }

  #what(id?: string): string {
    return `postgres:${this.db.where}/records/${this.name}${id ? `/${id}` : ''}`;
  }

  /** Creates the collection's missing indexes once (never from a read-only store); queries work without them, only slower. */
  #indexes(): Promise<void> {
    if (this.opts.readOnly || this.spec.indexes.length === 0) return Promise.resolve();
    this.#ready ??= (async () => {
      try {
        const known = await this.opts.knownIndexes();
        const missing = this.spec.indexes.filter((f) => !known.has(indexName(this.name, f)));
        if (missing.length === 0) return;
        await this.db.transaction(this.#what(), async (client) => {
          // A short wait: an index build blocks writes to `records` and must never queue behind a long transaction.
          await client.query("SET LOCAL lock_timeout = '5s'");
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INDEX_LOCK_NAMESPACE, this.name]);
          for (const field of missing) await client.query(createIndexSql(this.name, field));
        });
        for (const field of missing) known.add(indexName(this.name, field));
      } catch (e) {
        // The server gone: try again with the next operation. Anything else (a lock not granted in time): at the next start.
        if (isConnectionError(e) || e instanceof DatabaseUnavailableError) this.#ready = null;
        this.opts.log.warn({ err: { message: (e as Error).message }, collection: this.name }, 'could not create the collection\'s indexes now (queries work, only slower)');
      }
    })();
    return this.#ready;
  }

  #parse(id: string, data: string): R {
    try {
      return JSON.parse(data) as R;
    } catch (e) {
      throw new StoreCorruptError(this.#what(id), e);
    }
  }

  #writable(): void {
    if (this.opts.readOnly) throw new Error('The store is open read-only.');
  }

  #checkId(id: string): void {
    if (typeof id !== 'string' || id.length === 0) throw new CollectionUsageError(this.name, 'a record id is a non-empty string.');
  }

  async get(id: string): Promise<R | undefined> {
    const r = await this.db.query<{ data: string }>('SELECT data FROM records WHERE collection = $1 AND id = $2', [this.name, id]);
    const row = r.rows[0];
    return row ? this.#parse(id, row.data) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<R[]> {
    if (ids.length === 0) return [];
    const r = await this.db.query<{ id: string; data: string }>('SELECT id, data FROM records WHERE collection = $1 AND id = ANY($2::text[])', [this.name, [...new Set(ids)]]);
    const byId = new Map(r.rows.map((row) => [row.id, row.data]));
    return ids.flatMap((id) => {
      const data = byId.get(id);
      return data === undefined ? [] : [this.#parse(id, data)];
    });
  }

  async put(record: R): Promise<void> {
    this.#writable();
    this.#checker.check(record);
    const data = JSON.stringify(record);
    const keys = JSON.stringify(keysOf(this.name, record, this.spec.indexes));
    await this.#indexes();
    try {
      await this.db.query(
        'INSERT INTO records (collection, id, data, keys) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (collection, id) DO UPDATE SET data = EXCLUDED.data, keys = EXCLUDED.keys',
        [this.name, record.id, data, keys],
      );
    } catch (e) {
      throw writeFailure(this.#what(record.id), e);
    }
  }

  update(id: string, change: (current: R | undefined) => R | undefined | Promise<R | undefined>): Promise<R | undefined> {
    const run = (this.#updates.get(id) ?? Promise.resolve()).then(() => this.#update(id, change));
    const tail = run.catch(() => {});
    this.#updates.set(id, tail);
    void tail.then(() => {
      if (this.#updates.get(id) === tail) this.#updates.delete(id);
    });
    return run;
  }

  async #update(id: string, change: (current: R | undefined) => R | undefined | Promise<R | undefined>): Promise<R | undefined> {
    this.#writable();
    this.#checkId(id);
    await this.#indexes();
    try {
      return await this.db.transaction(this.#what(id), async (client) => {
        // The advisory lock covers a record that does not exist yet (no row to lock).
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RECORD_LOCK_NAMESPACE, `${this.name}:${id}`]);
        const r = await client.query<{ data: string }>('SELECT data FROM records WHERE collection = $1 AND id = $2 FOR UPDATE', [this.name, id]);
        const currentText = r.rows[0]?.data;
        const current = currentText === undefined ? undefined : this.#parse(id, currentText);
        const next = await change(current && copy(current));
        if (next === undefined) {
          if (current !== undefined) await client.query('DELETE FROM records WHERE collection = $1 AND id = $2', [this.name, id]);
          return undefined;
        }
        this.#checker.check(next);
        if (next.id !== id) throw new CollectionUsageError(this.name, `an update of ${id} returned a record with another id (${next.id}).`);
        const data = JSON.stringify(next);
        const stored = JSON.parse(data) as R;
        // Given back as it was: nothing to write (a check-and-use that lost).
        if (current !== undefined && JSON.stringify(current) === data) return stored;
        await client.query(
          'INSERT INTO records (collection, id, data, keys) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (collection, id) DO UPDATE SET data = EXCLUDED.data, keys = EXCLUDED.keys',
          [this.name, id, data, JSON.stringify(keysOf(this.name, next, this.spec.indexes))],
        );
        return stored;
      });
    } catch (e) {
      throw writeFailure(this.#what(id), e);
    }
  }

  async delete(id: string): Promise<boolean> {
    this.#writable();
    this.#checkId(id);
    try {
      const r = await this.db.query('DELETE FROM records WHERE collection = $1 AND id = $2', [this.name, id]);
      return (r.rowCount ?? 0) > 0;
    } catch (e) {
      throw writeFailure(this.#what(id), e);
    }
  }

  async find(query: Query = {}): Promise<Page<R>> {
    const { sql, params, limit, orderBy } = pageSql(this.name, this.spec, query);
    await this.#indexes();
    const r = await this.db.query<{ id: string; data: string }>(sql, params);
    const records = r.rows.slice(0, limit).map((row) => this.#parse(row.id, row.data));
    const last = records.at(-1);
    if (r.rows.length <= limit || !last) return { records };
    const v = orderBy === 'id' ? last.id : ((last as unknown as Record<string, string | number>)[orderBy] as string | number);
    return { records, next: encodeCursor(v, last.id) };
  }

  async count(where?: Where): Promise<number> {
    const c = new Conditions(this.name, this.spec).where(where);
    await this.#indexes();
    const r = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE ${c.sql()}`, c.params);
    return r.rows[0]?.n ?? 0;
  }

  async deleteWhere(where: Where): Promise<number> {
    if (Object.keys(where).length === 0) throw new CollectionUsageError(this.name, 'deleteWhere needs at least one field: use delete() record by record to empty a collection on purpose.');
    this.#writable();
    const c = new Conditions(this.name, this.spec).where(where);
    await this.#indexes();
    try {
      const r = await this.db.query(`DELETE FROM records WHERE ${c.sql()}`, c.params);
      return r.rowCount ?? 0;
    } catch (e) {
      throw writeFailure(this.#what(), e);
    }
  }

  /** Resolves once the updates asked for so far have settled. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#updates.values()]);
  }
}
