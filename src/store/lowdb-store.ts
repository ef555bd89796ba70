import { mkdirSync, existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { SharedDoc, Store, UserDoc } from './types.ts';
import { StoreCorruptError } from './errors.ts';
import { acquireLock } from './lock.ts';

export interface StoreOptions {
  /** Read-only: takes no lock and never writes (export and stats next to a running bot). */
  readOnly?: boolean;
  /** How many user documents stay in memory. */
  cacheSize?: number;
}

/**
 * The embedded store: lowdb documents on disk, one small file per person under
 * users/<shard>/<key>.json and one per shared collection under shared/<name>.json.
 * One file per person keeps every answer's write small, whatever the number of users;
 * lowdb's writer (steno) replaces a file atomically, so a kill -9 leaves the old or the new
 * version, never half of one.
 */
export class LowdbStore implements Store {
  readonly #secret: Buffer;
  readonly #cache = new Map<string, Low<UserDoc | null>>();
  readonly #pending = new Map<string, Promise<unknown>>();
  readonly #shared = new Map<string, LowdbShared<unknown>>();
  readonly #shards = new Set<string>();
  readonly #release: () => void;
  readonly #cacheSize: number;

  private constructor(readonly dir: string, private readonly options: StoreOptions) {
    this.#cacheSize = options.cacheSize ?? 5_000;
    if (!options.readOnly) {
      mkdirSync(join(dir, 'users'), { recursive: true });
      mkdirSync(join(dir, 'shared'), { recursive: true });
      this.#release = acquireLock(dir);
    } else {
      this.#release = () => {};
    }
    this.#secret = this.#loadSecret();
  }

  /** Opens a data folder: takes its lock, checks that every shared file parses. */
  static async open(dir: string, options: StoreOptions = {}): Promise<LowdbStore> {
    if (options.readOnly && !existsSync(dir)) throw new Error(`No data folder at ${dir}.`);
    const store = new LowdbStore(dir, options);
    try {
      store.#checkShared();
    } catch (e) {
      store.#release();
      throw e;
    }
    return store;
  }

  #loadSecret(): Buffer {
    const file = join(this.dir, 'secret.json');
    if (existsSync(file)) {
      try {
        const salt = (JSON.parse(readFileSync(file, 'utf8')) as { salt?: string }).salt;
        if (typeof salt !== 'string' || salt.length < 32) throw new Error('no salt');
        return Buffer.from(salt, 'hex');
      } catch (e) {
        throw new StoreCorruptError(file, e);
      }
    }
    if (this.options.readOnly) return randomBytes(32);
    const salt = randomBytes(32);
    writeFileSync(file, JSON.stringify({ salt: salt.toString('hex') }), { flag: 'wx' });
    return salt;
  }

  #checkShared(): void {
    const dir = join(this.dir, 'shared');
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const file = join(dir, name);
      try {
        JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new StoreCorruptError(file, e);
      }
    }
  }

  keyOf(personId: string): string {
    return createHmac('sha256', this.#secret).update(personId).digest('hex').slice(0, 32);
  }

  #file(key: string): string {
    return join(this.dir, 'users', key.slice(0, 2), `${key}.json`);
  }

  #low(key: string): Low<UserDoc | null> {
    let low = this.#cache.get(key);
    if (low) {
      this.#cache.delete(key);
    } else {
      low = new Low<UserDoc | null>(new JSONFile<UserDoc | null>(this.#file(key)), null);
    }
    this.#cache.set(key, low);
    this.#evict();
    return low;
  }

  #evict(): void {
    if (this.#cache.size <= this.#cacheSize) return;
    for (const key of this.#cache.keys()) {
      if (this.#cache.size <= this.#cacheSize) break;
      // A document with a write in flight stays: a second writer on the same file would race.
      if (!this.#pending.has(key)) this.#cache.delete(key);
    }
  }

  async loadUser(key: string): Promise<UserDoc | null> {
    const cached = this.#cache.get(key);
    if (cached?.data) return structuredClone(this.#low(key).data!);
    let data: UserDoc | null;
    try {
      data = await new JSONFile<UserDoc | null>(this.#file(key)).read();
    } catch (e) {
      throw new StoreCorruptError(this.#file(key), e);
    }
    // A save that landed while the file was being read is newer than what was read: keep it.
    const saved = this.#cache.get(key)?.data;
    if (saved) return structuredClone(saved);
    if (!data) return null;
    this.#low(key).data = data;
    return structuredClone(data);
  }

  async saveUser(doc: UserDoc): Promise<void> {
    if (this.options.readOnly) throw new Error('The store is open read-only.');
    const shard = doc.key.slice(0, 2);
    if (!this.#shards.has(shard)) {
      mkdirSync(join(this.dir, 'users', shard), { recursive: true });
      this.#shards.add(shard);
    }
    const low = this.#low(doc.key);
    low.data = structuredClone(doc);
    await this.#track(doc.key, low.write());
  }

  async #track(key: string, work: Promise<unknown>): Promise<void> {
    this.#pending.set(key, work);
    try {
      await work;
    } finally {
      if (this.#pending.get(key) === work) this.#pending.delete(key);
    }
  }

  async deleteUser(key: string): Promise<void> {
    await this.#pending.get(key)?.catch(() => {});
    this.#cache.delete(key);
    for (const file of [this.#file(key), join(this.dir, 'users', key.slice(0, 2), `.${key}.json.tmp`)]) {
      await unlink(file).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
  }

  async *eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc> {
    const root = join(this.dir, 'users');
    const shards = await readdir(root).catch(() => [] as string[]);
    for (const shard of shards.sort()) {
      const names = await readdir(join(root, shard)).catch(() => [] as string[]);
      const keys = names.sort().filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length));
      // A shard's files are read together (the disk and the thread pool work in parallel), then handed out in order.
      const loads = keys.map((key) => this.loadUser(key).then((doc) => ({ doc }), (error: unknown) => ({ error })));
      for (const load of loads) {
        const r = await load;
        if ('doc' in r) {
          if (r.doc) yield r.doc;
        } else if (onCorrupt && r.error instanceof StoreCorruptError) onCorrupt(r.error.file, r.error);
        else throw r.error;
      }
    }
  }

  async countUsers(): Promise<number> {
    const root = join(this.dir, 'users');
    let n = 0;
    for (const shard of await readdir(root).catch(() => [] as string[])) {
      const names = await readdir(join(root, shard)).catch(() => [] as string[]);
      n += names.filter((f) => f.endsWith('.json') && !f.startsWith('.')).length;
    }
    return n;
  }

  async shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad shared document name: ${name}`);
    let doc = this.#shared.get(name) as LowdbShared<T> | undefined;
    if (!doc) {
      const file = join(this.dir, 'shared', `${name}.json`);
      const low = new Low<T>(new JSONFile<T>(file), defaults());
      try {
        await low.read();
      } catch (e) {
        throw new StoreCorruptError(file, e);
      }
      doc = new LowdbShared<T>(low, this.options.readOnly === true);
      this.#shared.set(name, doc as LowdbShared<unknown>);
    }
    return doc;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending.values()]);
    await Promise.allSettled([...this.#shared.values()].map((d) => d.idle()));
    this.#release();
  }
}

class LowdbShared<T> implements SharedDoc<T> {
  #queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly low: Low<T>, private readonly readOnly: boolean) {}

  get data(): T {
    return this.low.data;
  }

  update<R>(change: (data: T) => R): Promise<R> {
    if (this.readOnly) return Promise.reject(new Error('The store is open read-only.'));
    const run = this.#queue.then(async () => {
      const result = change(this.low.data);
      await this.low.write();
      return result;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  idle(): Promise<unknown> {
    return this.#queue;
  }
}
