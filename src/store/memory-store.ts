import { createHmac, randomBytes } from 'node:crypto';
import { Low, type Adapter } from 'lowdb';
import type { Collection, CollectionSpec, SaveOptions, SharedDoc, Store, UserDoc } from './types.ts';
import { StoreWriteError } from './errors.ts';
import { SharedDocument } from './shared-document.ts';
import { ShardedCollection, type ShardData, type ShardStorage } from './sharded-collection.ts';
import { alreadyOpen, checkSpec } from './record-table.ts';

/**
 * The whole Store contract in memory, for fast tests: nothing survives the process. It behaves
 * like the lowdb store (same collection code, same copies in and out, a failed write changes
 * nothing), and `failWrites()` plays a disk that refuses writes.
 */
export class MemoryStore implements Store {
  readonly #secret = randomBytes(32);
  /** Person documents as JSON text: what is read back is a copy, with JSON's rules, as from a file. */
  readonly #users = new Map<string, string>();
  readonly #unsent = new Map<string, string>();
  readonly #shared = new Map<string, SharedDocument<unknown>>();
  readonly #collections = new Map<string, ShardedCollection<{ id: string }>>();
  #failure: Error | null = null;

  /** While on, every write fails with StoreWriteError (a full or read-only disk). */
  failWrites(on: boolean): void {
    this.#failure = on ? new Error('simulated write failure (MemoryStore.failWrites)') : null;
  }

  #refuse(name: string): void {
    if (this.#failure) throw new StoreWriteError(`memory:${name}`, this.#failure);
  }

  keyOf(personId: string): string {
    return createHmac('sha256', this.#secret).update(personId).digest('hex').slice(0, 32);
  }

  async loadUser(key: string): Promise<UserDoc | null> {
    const text = this.#users.get(key);
    return text === undefined ? null : (JSON.parse(text) as UserDoc);
  }

  async saveUser(doc: UserDoc, options: SaveOptions = {}): Promise<void> {
    const text = JSON.stringify(doc);
    this.#refuse(`users/${doc.key}`);
    this.#users.set(doc.key, text);
    if (options.unsent !== undefined) this.#unsent.set(doc.key, options.unsent);
  }

  async deleteUser(key: string): Promise<void> {
    this.#refuse(`users/${key}`);
    this.#users.delete(key);
    this.#unsent.delete(key);
  }

  async unsent(): Promise<Map<string, string>> {
    return new Map(this.#unsent);
  }

  sent(key: string, id: string): void {
    if (this.#unsent.get(key) === id) this.#unsent.delete(key);
  }

  async *eachUser(): AsyncIterable<UserDoc> {
    for (const key of [...this.#users.keys()].sort()) {
      const doc = await this.loadUser(key);
      if (doc) yield doc;
    }
  }

  async countUsers(): Promise<number> {
    return this.#users.size;
  }

  async shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad shared document name: ${name}`);
    let doc = this.#shared.get(name) as SharedDocument<T> | undefined;
    if (!doc) {
      doc = new SharedDocument<T>(new Low<T>(this.#adapter<T>(`shared/${name}`), defaults()), `memory:shared/${name}`, false);
      this.#shared.set(name, doc as SharedDocument<unknown>);
    }
    return doc;
  }

  collection<R extends { id: string }>(name: string, spec: CollectionSpec): Collection<R> {
    checkSpec(name, spec);
    const open = alreadyOpen(this.#collections.get(name), name, spec);
    if (open) return open as unknown as Collection<R>;
    const storage: ShardStorage = {
      readOnly: false,
      loadAll: async () => new Map<string, ShardData>(),
      adapter: (shard) => this.#adapter<ShardData>(`collections/${name}/${shard}`),
      describe: (shard) => `memory:collections/${name}/${shard}`,
    };
    const collection = new ShardedCollection<R>(name, { indexes: [...spec.indexes] }, storage);
    this.#collections.set(name, collection as unknown as ShardedCollection<{ id: string }>);
    return collection;
  }

  /** A lowdb adapter that keeps nothing (the Low keeps the data) and fails while writes are refused. */
  #adapter<T>(name: string): Adapter<T> {
    return {
      read: async () => null,
      write: async () => this.#refuse(name),
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#shared.values()].map((d) => d.idle()));
    await Promise.allSettled([...this.#collections.values()].map((c) => c.idle()));
  }
}
