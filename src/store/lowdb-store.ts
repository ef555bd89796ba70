import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { Low } from 'lowdb';
import type { Collection, CollectionSpec, SharedDoc, Store, UserDoc } from './types.ts';
import { StoreCorruptError, StoreSecretError, StoreWriteError } from './errors.ts';
import { acquireLock } from './lock.ts';
import { createFileOnce, readJsonFile, syncFolder, writeFileAtomic } from './atomic-file.ts';
import { AtomicJsonFile, ensurePrivateFolder } from './atomic-adapter.ts';
import { securePrivateFile, securePrivateFolder } from './permissions.ts';
import { SharedDocument } from './shared-document.ts';
import { ShardedCollection } from './sharded-collection.ts';
import { FileShards } from './file-shards.ts';
import { alreadyOpen, checkSpec } from './record-table.ts';
import { removeTempFiles } from './cleanup.ts';
import { secretProblem, sharedDocProblem, userDocProblem } from './shape.ts';

export interface StoreOptions {
  /** Read-only: takes no lock and never writes (export, stats and check next to a running bot). */
  readOnly?: boolean;
  /** How many user documents stay in memory. */
  cacheSize?: number;
  /** Where the store's warnings go (a folder tightened, temporary files removed, a damaged file skipped). Default: stderr. */
  warn?: (message: string) => void;
  /**
   * Called for a damaged person file met by `eachUser()` without its own callback; the file is
   * skipped either way, so one damaged file never stops a result or an export. Default: a warning.
   */
  onDamaged?: (file: string, error: Error) => void;
  /** Sync the folder after every rename (default true: durable means on the disk); false only to measure its cost in the bench. */
  syncFolders?: boolean;
}

const stderrWarn = (message: string) => void process.stderr.write(`together-bot: ${message}\n`);

/**
 * The embedded store on lowdb: JSON documents on disk, one small file per person under
 * users/<shard>/<key>.json, collections of records sharded under collections/<name>/<2 hex>.json
 * (each shard a lowdb `Low` document), and the older shared documents under shared/<name>.json.
 * A write touches one small file, whatever the number of users or records.
 * Every write is atomic and durable (see writeFileAtomic: file and folder synced) and memory
 * follows the disk: memory changes only once the new version is on disk, so a failed write changes nothing.
 */
export class LowdbStore implements Store {
  #secret: Buffer = Buffer.alloc(0);
  /** Person documents exactly as they are on disk, most recently used last. */
  readonly #cache = new Map<string, UserDoc>();
  /** Per person: the chain of their writes, so two saves of one file land in call order. */
  readonly #writes = new Map<string, Promise<void>>();
  /** Per person: reads of the file in flight, told when a save makes what they read old. */
  readonly #reads = new Map<string, Set<{ stale: boolean }>>();
  /** One opening per shared file: concurrent first callers share it. */
  readonly #shared = new Map<string, Promise<SharedDocument<unknown>>>();
  readonly #collections = new Map<string, ShardedCollection<{ id: string }>>();
  readonly #shards = new Set<string>();
  #release: () => void = () => {};
  readonly #cacheSize: number;
  readonly #warn: (message: string) => void;
  readonly #readOnly: boolean;
  readonly #syncFolders: boolean;

  /** `dir` is this store's own: the Store contract exposes no folder. */
  private constructor(readonly dir: string, private readonly options: StoreOptions) {
    this.#syncFolders = options.syncFolders !== false;
    this.#cacheSize = options.cacheSize ?? 5_000;
    this.#warn = options.warn ?? stderrWarn;
    this.#readOnly = options.readOnly === true;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /**
   * Opens a data folder: makes it private (refusing one that others can write), takes its lock,
   * checks the secret and that every shared file parses, and removes temporary files a crash left.
   */
  static async open(dir: string, options: StoreOptions = {}): Promise<LowdbStore> {
    const store = new LowdbStore(dir, options);
    if (options.readOnly) {
      if (!existsSync(dir)) throw new Error(`No data folder at ${dir}.`);
      store.#secret = store.#loadSecret();
      store.#checkShared();
      return store;
    }
    for (const folder of [dir, join(dir, 'users'), join(dir, 'shared'), join(dir, 'collections')]) securePrivateFolder(folder, store.#warn);
    // The one file worth tightening at every start: it keys everyone's file (others wait for their next write).
    securePrivateFile(join(dir, 'secret.json'), store.#warn);
    store.#release = await acquireLock(dir);
    try {
      store.#secret = store.#loadSecret();
      store.#checkShared();
      const left = await removeTempFiles(dir);
      if (left.length > 0) store.#warn(`Removed ${left.length} temporary file(s) an interrupted write left in ${dir}.`);
    } catch (e) {
      store.#release();
      throw e;
    }
    return store;
  }

  #loadSecret(): Buffer {
    const file = join(this.dir, 'secret.json');
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreSecretError(file, 'damaged', e);
    }
    if (text === undefined) {
      if (this.#hasPeople()) throw new StoreSecretError(file, 'missing');
      if (this.#readOnly) return randomBytes(32);
      const salt = randomBytes(32).toString('hex');
      // Another process that won the creation owns the secret: read theirs.
      if (createFileOnce(file, JSON.stringify({ salt }))) return Buffer.from(salt, 'hex');
      return this.#loadSecret();
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new StoreSecretError(file, 'damaged', e);
    }
    const problem = secretProblem(doc);
    if (problem) throw new StoreSecretError(file, 'damaged', new Error(problem));
    return Buffer.from((doc as { salt: string }).salt, 'hex');
  }

  /** Whether any person's file exists (then the secret that keys them must too). */
  #hasPeople(): boolean {
    const root = join(this.dir, 'users');
    if (!existsSync(root)) return false;
    return readdirSync(root).some((shard) => {
      try {
        return readdirSync(join(root, shard)).some((n) => n.endsWith('.json') && !n.startsWith('.'));
      } catch {
        return false;
      }
    });
  }

  #checkShared(): void {
    const dir = join(this.dir, 'shared');
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const file = join(dir, name);
      let problem: string | null;
      try {
        problem = sharedDocProblem(JSON.parse(readFileSync(file, 'utf8')));
      } catch (e) {
        throw new StoreCorruptError(file, e);
      }
      if (problem) throw new StoreCorruptError(file, problem);
    }
  }

  keyOf(personId: string): string {
    return createHmac('sha256', this.#secret).update(personId).digest('hex').slice(0, 32);
  }

  #file(key: string): string {
    return join(this.dir, 'users', key.slice(0, 2), `${key}.json`);
  }

  /** Keeps `doc` as the in-memory version of `key` (most recently used), within the cache's size. */
  #remember(key: string, doc: UserDoc): void {
    this.#cache.delete(key);
    this.#cache.set(key, doc);
    for (const old of this.#cache.keys()) {
      if (this.#cache.size <= this.#cacheSize) break;
      this.#cache.delete(old);
    }
  }

  async #readUser(key: string): Promise<UserDoc | null> {
    const file = this.#file(key);
    let doc: unknown;
    try {
      doc = await readJsonFile(file);
    } catch (e) {
      if (e instanceof SyntaxError) throw new StoreCorruptError(file, e);
      throw e;
    }
    if (doc === undefined) return null;
    const problem = userDocProblem(doc, key);
    if (problem) throw new StoreCorruptError(file, problem);
    return doc as UserDoc;
  }

  async loadUser(key: string): Promise<UserDoc | null> {
    for (;;) {
      const cached = this.#cache.get(key);
      if (cached) {
        this.#remember(key, cached);
        return structuredClone(cached);
      }
      const reader = { stale: false };
      let readers = this.#reads.get(key);
      if (!readers) this.#reads.set(key, (readers = new Set()));
      readers.add(reader);
      let doc: UserDoc | null;
      try {
        doc = await this.#readUser(key);
      } finally {
        readers.delete(reader);
        if (readers.size === 0 && this.#reads.get(key) === readers) this.#reads.delete(key);
      }
      // A save that landed during the read is newer than what was read: look again.
      if (reader.stale) continue;
      if (!doc) return null;
      this.#remember(key, doc);
      return structuredClone(doc);
    }
  }

  async saveUser(doc: UserDoc): Promise<void> {
    if (this.#readOnly) throw new Error('The store is open read-only.');
    const key = doc.key;
    const copy = structuredClone(doc);
    const text = JSON.stringify(copy);
    const file = this.#file(key);
    const write = (this.#writes.get(key) ?? Promise.resolve()).then(async () => {
      try {
        await this.#ensureShard(key);
        await writeFileAtomic(file, text, { syncFolder: this.#syncFolders });
      } catch (e) {
        // Memory keeps the version that is on disk.
        throw new StoreWriteError(file, e);
      }
      this.#remember(key, copy);
      for (const reader of this.#reads.get(key) ?? []) reader.stale = true;
    });
    const tail = write.catch(() => {});
    this.#writes.set(key, tail);
    try {
      await write;
    } finally {
      if (this.#writes.get(key) === tail) this.#writes.delete(key);
    }
  }

  async #ensureShard(key: string): Promise<void> {
    const shard = key.slice(0, 2);
    if (this.#shards.has(shard)) return;
    await ensurePrivateFolder(join(this.dir, 'users', shard));
    this.#shards.add(shard);
  }

  async deleteUser(key: string): Promise<void> {
    if (this.#readOnly) throw new Error('The store is open read-only.');
    await this.#writes.get(key);
    this.#cache.delete(key);
    for (const reader of this.#reads.get(key) ?? []) reader.stale = true;
    const file = this.#file(key);
    const removed = await unlink(file).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
        return false;
      },
    );
    // An erasure (/forget) is durable too.
    if (removed && this.#syncFolders) await syncFolder(dirname(file));
  }

  /**
   * Every person's document. A damaged file is skipped and reported, to `onCorrupt` when given,
   * else to the store's `onDamaged` option (a warning naming the file by default).
   */
  async *eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc> {
    const report = onCorrupt ?? this.options.onDamaged ?? ((file: string) => this.#warn(`Skipped the damaged person file ${file}: run \`together check\`.`));
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
        } else if (r.error instanceof StoreCorruptError) report(r.error.file, r.error);
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

  shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>> {
    if (!/^[a-z0-9-]+$/.test(name)) return Promise.reject(new Error(`Bad shared document name: ${name}`));
    let opening = this.#shared.get(name) as Promise<SharedDocument<T>> | undefined;
    if (!opening) {
      opening = this.#openShared(name, defaults);
      this.#shared.set(name, opening as Promise<SharedDocument<unknown>>);
      // A failed opening is not remembered: the next caller tries again.
      opening.catch(() => {
        if (this.#shared.get(name) === opening) this.#shared.delete(name);
      });
    }
    return opening;
  }

  async #openShared<T>(name: string, defaults: () => T): Promise<SharedDocument<T>> {
    const file = join(this.dir, 'shared', `${name}.json`);
    const adapter = new AtomicJsonFile<T>(file, { syncFolder: this.#syncFolders });
    const data = await adapter.read();
    if (data !== null) {
      const problem = sharedDocProblem(data);
      if (problem) throw new StoreCorruptError(file, problem);
    }
    return new SharedDocument<T>(new Low<T>(adapter, data === null ? defaults() : data), file, this.#readOnly);
  }

  collection<R extends { id: string }>(name: string, spec: CollectionSpec): Collection<R> {
    checkSpec(name, spec);
    const open = alreadyOpen(this.#collections.get(name), name, spec);
    if (open) return open as unknown as Collection<R>;
    const shards = new FileShards(join(this.dir, 'collections', name), this.#readOnly, this.#syncFolders);
    const collection = new ShardedCollection<R>(name, { indexes: [...spec.indexes] }, shards);
    this.#collections.set(name, collection as unknown as ShardedCollection<{ id: string }>);
    return collection;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#writes.values()]);
    const shared = await Promise.allSettled([...this.#shared.values()]);
    await Promise.allSettled(shared.map((s) => (s.status === 'fulfilled' ? s.value.idle() : undefined)));
    await Promise.allSettled([...this.#collections.values()].map((c) => c.idle()));
    this.#release();
    this.#release = () => {};
  }
}
