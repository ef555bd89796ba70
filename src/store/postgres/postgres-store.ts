import { createHmac, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from '../../log/logger.ts';
import type { Collection, CollectionSpec, SaveOptions, SharedDoc, Store, UserDoc } from '../types.ts';
import { StoreCorruptError, StoreSecretError } from '../errors.ts';
import { alreadyOpen, checkSpec } from '../record-table.ts';
import { secretProblem, userDocProblem } from '../shape.ts';
import { Database, type DatabaseOptions } from './database.ts';
import { SchemaNotReadyError } from './errors.ts';
import { appliedVersions, migrate, migrationsOf, refuseNewer, STORE_MIGRATIONS } from './migrate.ts';
import { PgCollection, writeFailure } from './collection.ts';
import { PgSharedDoc } from './shared-doc.ts';

export interface PostgresStoreOptions extends DatabaseOptions {
  log: Logger;
  /** Read-only (export, stats, check): no migration, no write. */
  readOnly?: boolean;
}

/** How many person documents one query of `eachUser` reads. */
const EACH_BATCH = 500;

/**
 * The Store contract on PostgreSQL, for several instances sharing one database
 * (TOGETHER_DATABASE_URL). Nothing is cached across calls: another instance may have written
 * since, so a person's document is read from the database inside the caller's lock. Every write
 * is committed with synchronous_commit on before it resolves; a write whose commit was not
 * confirmed rejects (StoreWriteError), never resolves. While the server is unreachable,
 * operations wait and retry (see Database).
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly #db: Database;
  readonly #log: Logger;
  readonly #readOnly: boolean;
  #secret: Buffer = Buffer.alloc(0);
  readonly #collections = new Map<string, PgCollection<{ id: string }>>();
  readonly #shared = new Map<string, PgSharedDoc<unknown>>();
  /** `sent()` marks being cleared, for close() to wait on. */
  readonly #clearing = new Set<Promise<void>>();
  #indexes: Promise<Set<string>> | null = null;

  private constructor(db: Database, options: PostgresStoreOptions) {
    this.#db = db;
    this.#log = options.log;
    this.#readOnly = options.readOnly === true;
  }

  /**
   * Connects (a clear error for a wrong URL, password or database, or a server that does not
   * answer), brings the schema up to date under an advisory lock (refusing a newer one), and
   * reads the secret that keys every person.
   */
  static async open(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
    const db = new Database(url, options.log, options);
    const store = new PostgresStore(db, options);
    try {
      await db.checkReachable();
      if (store.#readOnly) await store.#checkSchema();
      else {
        const applied = await migrate(db.pool, STORE_MIGRATIONS, db.where);
        if (applied.length > 0) options.log.info({ db: db.where, versions: applied }, 'database schema migrated');
      }
      store.#secret = await store.#loadSecret();
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
    return store;
  }

  /** The connection pool, for the cluster's own tables (src/cluster). */
  get pool(): pg.Pool {
    return this.#db.pool;
  }

  /** The pool with the store's retry rule (query, transaction), for code that shares the database. */
  get database(): Database {
    return this.#db;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** A read-only opening never migrates: the schema must be this version's exactly. */
  async #checkSchema(): Promise<void> {
    const known = migrationsOf(STORE_MIGRATIONS);
    const applied = await appliedVersions(this.#db.pool);
    refuseNewer(known, applied, this.#db.where);
    const missing = known.filter((m) => !applied.includes(m.version));
    if (missing.length > 0) throw new SchemaNotReadyError(this.#db.where, applied.length, missing.map((m) => m.version));
  }

  async #loadSecret(): Promise<Buffer> {
    const file = `postgres:${this.#db.where}/store_secret`;
    const read = async () => (await this.#db.query<{ salt: string }>('SELECT salt FROM store_secret')).rows[0]?.salt;
    let salt = await read();
    if (salt === undefined) {
      // A new secret for people who already exist would make every one of them a stranger.
      if (await this.countUsers()) throw new StoreSecretError(file, 'missing');
      if (this.#readOnly) return randomBytes(32);
      await this.#db.query('INSERT INTO store_secret (salt) VALUES ($1) ON CONFLICT DO NOTHING', [randomBytes(32).toString('hex')]);
      salt = await read();
    }
    const problem = secretProblem({ salt });
    if (problem || salt === undefined) throw new StoreSecretError(file, 'damaged', new Error(problem ?? 'no salt'));
    return Buffer.from(salt, 'hex');
  }

  /** Reads the secret again (after `together migrate` replaced it with a data folder's). */
  async reloadSecret(): Promise<void> {
    this.#secret = await this.#loadSecret();
  }

  keyOf(personId: string): string {
    return createHmac('sha256', this.#secret).update(personId).digest('hex').slice(0, 32);
  }

  #userWhat(key: string): string {
    return `postgres:${this.#db.where}/people/${key}`;
  }

  #parseUser(key: string, text: string): UserDoc {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new StoreCorruptError(this.#userWhat(key), e);
    }
    const problem = userDocProblem(doc, key);
    if (problem) throw new StoreCorruptError(this.#userWhat(key), problem);
    return doc as UserDoc;
  }

  async loadUser(key: string): Promise<UserDoc | null> {
    const r = await this.#db.query<{ doc: string }>('SELECT doc FROM people WHERE key = $1', [key]);
    const row = r.rows[0];
    return row ? this.#parseUser(key, row.doc) : null;
  }

  async saveUser(doc: UserDoc, options: SaveOptions = {}): Promise<void> {
    if (this.#readOnly) throw new Error('The store is open read-only.');
    // Serialised now: the caller may change `doc` as soon as this returns.
    const text = JSON.stringify(doc);
    try {
      // The document and its unsent mark in one statement: both are committed, or neither. The
      // mark joins the person's pending turns (migration 002), which other instances read; once
      // only, as the statement may run again after a connection lost before its answer.
      await this.#db.query(
        `INSERT INTO people (key, doc, unsent, pending) VALUES ($1, $2, $3, CASE WHEN $3::text IS NULL THEN '{}'::text[] ELSE ARRAY[$3::text] END)
         ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, unsent = COALESCE(EXCLUDED.unsent, people.unsent),
           pending = CASE WHEN EXCLUDED.unsent IS NULL OR EXCLUDED.unsent = ANY(people.pending) THEN people.pending ELSE array_append(people.pending, EXCLUDED.unsent) END`,
        [doc.key, text, options.unsent ?? null],
      );
    } catch (e) {
      throw writeFailure(this.#userWhat(doc.key), e);
    }
  }

  async deleteUser(key: string): Promise<void> {
    if (this.#readOnly) throw new Error('The store is open read-only.');
    try {
      await this.#db.query('DELETE FROM people WHERE key = $1', [key]);
    } catch (e) {
      throw writeFailure(this.#userWhat(key), e);
    }
  }

  /**
   * Person key → the OLDEST of their turns whose replies may be unsent (with one instance there
   * is one, as on the embedded store). The oldest, because whoever resends them must begin there,
   * and its id says which instance owns it.
   */
  async unsent(): Promise<Map<string, string>> {
    const r = await this.#db.query<{ key: string; id: string }>('SELECT key, COALESCE(pending[1], unsent) AS id FROM people WHERE unsent IS NOT NULL');
    return new Map(r.rows.map((row) => [row.key, row.id]));
  }

  /**
   * The replies of turn `id` went out, and so did every earlier turn's (a person's replies go
   * out in order): they leave the pending turns; the mark is cleared when none is left. A
   * missing id (gone already) changes nothing.
   */
  sent(key: string, id: string): void {
    if (this.#readOnly) return;
    // Not awaited (the contract allows it to land later): a failure means the replies go out again, at least once.
    const clearing = this.#db
      .query(
        `UPDATE people SET pending = pending[array_position(pending, $2) + 1 :],
           unsent = CASE WHEN array_position(pending, $2) = cardinality(pending) THEN NULL ELSE unsent END,
           taken = ARRAY(SELECT t FROM unnest(taken) AS t WHERE split_part(t, '>', 1) = ANY(pending[array_position(pending, $2) + 1 :]))
         WHERE key = $1 AND $2 = ANY(pending)`,
        [key, id],
      )
      .then(
        () => {},
        (e: unknown) => this.#log.warn({ err: { message: (e as Error).message } }, 'could not clear an unsent mark (those replies may be sent again)'),
      );
    this.#clearing.add(clearing);
    void clearing.then(() => this.#clearing.delete(clearing));
  }

  /** Every person's document, in key order, read in batches. A damaged one is skipped and reported. */
  async *eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc> {
    const report = onCorrupt ?? ((file: string) => this.#log.warn({ file }, 'skipped a damaged person document: run `together check`'));
    let after = '';
    for (;;) {
      const r = await this.#db.query<{ key: string; doc: string }>('SELECT key, doc FROM people WHERE key > $1 ORDER BY key LIMIT $2', [after, EACH_BATCH]);
      for (const row of r.rows) {
        let doc: UserDoc;
        try {
          doc = this.#parseUser(row.key, row.doc);
        } catch (e) {
          report((e as StoreCorruptError).file, e as Error);
          continue;
        }
        yield doc;
      }
      if (r.rows.length < EACH_BATCH) return;
      after = r.rows.at(-1)!.key;
    }
  }

  async countUsers(): Promise<number> {
    const r = await this.#db.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
    return r.rows[0]?.n ?? 0;
  }

  async shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad shared document name: ${name}`);
    const r = await this.#db.query<{ data: string }>('SELECT data FROM shared_docs WHERE name = $1', [name]);
    let doc = this.#shared.get(name) as PgSharedDoc<T> | undefined;
    if (!doc) {
      doc = new PgSharedDoc<T>(name, defaults, this.#db, this.#readOnly, undefined as T);
      this.#shared.set(name, doc as PgSharedDoc<unknown>);
    }
    const text = r.rows[0]?.data;
    doc.refresh(text === undefined ? defaults() : doc.parse(text));
    return doc;
  }

  collection<R extends { id: string }>(name: string, spec: CollectionSpec): Collection<R> {
    checkSpec(name, spec);
    const open = alreadyOpen(this.#collections.get(name), name, spec);
    if (open) return open as unknown as Collection<R>;
    const collection = new PgCollection<R>(name, { indexes: [...spec.indexes] }, this.#db, {
      readOnly: this.#readOnly,
      log: this.#log,
      knownIndexes: () => {
        if (!this.#indexes) {
          const listing = this.#listIndexes();
          this.#indexes = listing;
          listing.catch(() => {
            if (this.#indexes === listing) this.#indexes = null;
          });
        }
        return this.#indexes;
      },
    });
    this.#collections.set(name, collection as unknown as PgCollection<{ id: string }>);
    return collection;
  }

  /** The names of the indexes on `records`, read once: a collection creates only those missing. */
  async #listIndexes(): Promise<Set<string>> {
    const r = await this.#db.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'records'::regclass AND i.indisvalid",
    );
    return new Set(r.rows.map((row) => row.name));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#collections.values()].map((c) => c.idle()));
    await Promise.allSettled([...this.#shared.values()].map((d) => d.idle()));
    await Promise.allSettled([...this.#clearing]);
    await this.#db.close();
  }
}
