import type { SharedDoc } from '../types.ts';
import { StoreCorruptError } from '../errors.ts';
import { sharedDocProblem } from '../shape.ts';
import type { Database } from './database.ts';
import { writeFailure } from './collection.ts';
import { SHARED_LOCK_NAMESPACE } from './locks.ts';

/**
 * A shared document on PostgreSQL (one row of `shared_docs`). `data` is what this process last
 * read or wrote: `store.shared()` reads it again each time it is called, and every update
 * starts from the row as stored, locked, so no instance's change is lost to another's.
 * @deprecated with SharedDoc: new shared data goes into collections.
 */
export class PgSharedDoc<T> implements SharedDoc<T> {
  #data: T;
  #pending = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly defaults: () => T,
    private readonly db: Database,
    private readonly readOnly: boolean,
    data: T,
  ) {
    this.#data = data;
  }

  get data(): T {
    return this.#data;
  }

  #what(): string {
    return `postgres:${this.db.where}/shared_docs/${this.name}`;
  }

  /** Parses a stored document, refusing one that is not an object (as the embedded store does). */
  parse(text: string): T {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new StoreCorruptError(this.#what(), e);
    }
    const problem = sharedDocProblem(doc);
    if (problem) throw new StoreCorruptError(this.#what(), problem);
    return doc as T;
  }

  /** Takes the stored version read by `store.shared()`, unless an update of this process is under way (it brings a newer one). */
  refresh(data: T): void {
    if (this.#pending === 0) this.#data = data;
  }

  update<R>(change: (data: T) => R): Promise<R> {
    if (this.readOnly) return Promise.reject(new Error('The store is open read-only.'));
    this.#pending++;
    const run = this.#queue.then(async () => {
      try {
        const { draft, result } = await this.db.transaction(this.#what(), async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SHARED_LOCK_NAMESPACE, this.name]);
          const r = await client.query<{ data: string }>('SELECT data FROM shared_docs WHERE name = $1 FOR UPDATE', [this.name]);
          const text = r.rows[0]?.data;
          const draft = text === undefined ? this.defaults() : this.parse(text);
          const result = change(draft);
          await client.query('INSERT INTO shared_docs (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data', [this.name, JSON.stringify(draft)]);
          return { draft, result };
        });
        this.#data = draft;
        return result;
      } catch (e) {
        throw writeFailure(this.#what(), e);
      }
    });
    this.#queue = run.catch(() => {}).finally(() => this.#pending--);
    return run;
  }

  idle(): Promise<unknown> {
    return this.#queue;
  }
}
