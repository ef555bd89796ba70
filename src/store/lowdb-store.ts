import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { Low } from 'lowdb';
import type { Collection, CollectionSpec, SaveOptions, SharedDoc, Store, UserDoc } from './types.ts';
import { StoreCorruptError, StoreSecretError, StoreWriteError } from './errors.ts';
import { acquireLock } from './lock.ts';
import { createFileOnce, syncFolder } from './atomic-file.ts';
import { AtomicJsonFile } from './atomic-adapter.ts';
import { securePrivateFile, securePrivateFolder } from './permissions.ts';
import { SharedDocument } from './shared-document.ts';
import { ShardedCollection } from './sharded-collection.ts';
import { FileShards } from './file-shards.ts';
import { alreadyOpen, checkSpec } from './record-table.ts';
import { removeTempFiles } from './cleanup.ts';
import { secretProblem, sharedDocProblem, userDocProblem } from './shape.ts';
import { logFolder, PersonLog } from './person-log.ts';
import { readSmallFile } from './read-file.ts';

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
  /** The write-ahead log's checkpoint triggers (tests make them small): segment bytes, and delay after a change. */
  checkpoint?: { segmentBytes?: number; afterMs?: number; maxPending?: number };
}

/** The shared document where the engine's reply journal lived before the write-ahead log kept the marks. */
const LEGACY_JOURNAL = 'reply-journal';

const stderrWarn = (message: string) => void process.stderr.write(`together-bot: ${message}\n`);

/**
 * The embedded store on lowdb: JSON documents on disk, one small file per person under
 * users/<shard>/<key>.json, collections of records sharded under collections/<name>/<2 hex>.json
 * (each shard a lowdb `Low` document), and the older shared documents under shared/<name>.json.
 * Person documents are saved through a write-ahead log (wal/, see person-log.ts): a save is
 * durable once its record is synced there, many saves sharing one sync, and checkpoints copy
 * them into the person files in batches. Other writes are atomic and durable on their own (see
 * writeFileAtomic). Memory follows the disk: it changes only once the new version is durable,
 * so a failed write changes nothing.
 */
export class LowdbStore implements Store {
  #secret: Buffer = Buffer.alloc(0);
  /** Person documents' JSON (UTF-8) exactly as in their files, most recently used last (the log's newer versions are in #log). */
  readonly #cache = new Map<string, Buffer>();
  #log!: PersonLog;
  /** Saves and deletions not yet durable, for close() to wait on. */
  readonly #writes = new Set<Promise<void>>();
  /** Per person: reads of the file in flight, told when a save makes what they read old. */
  readonly #reads = new Map<string, Set<{ stale: boolean }>>();
  /** One opening per shared file: concurrent first callers share it. */
  readonly #shared = new Map<string, Promise<SharedDocument<unknown>>>();
  readonly #collections = new Map<string, ShardedCollection<{ id: string }>>();
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
      store.#log = await store.#openLog({});
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
      const legacy = store.#legacyMarks();
      store.#log = await store.#openLog(legacy);
      // The marks are in the log now: the older journal goes (its entries would otherwise come back).
      if (Object.keys(legacy).length > 0 || existsSync(store.#legacyJournalFile())) {
        await unlink(store.#legacyJournalFile()).catch(() => {});
        await syncFolder(join(dir, 'shared'));
      }
    } catch (e) {
      store.#release();
      throw e;
    }
    return store;
  }

  #openLog(legacyMarks: Record<string, string>): Promise<PersonLog> {
    const c = this.options.checkpoint ?? {};
    return PersonLog.open(
      logFolder(this.dir),
      {
        readOnly: this.#readOnly,
        fileOf: (key) => this.#file(key),
        onCommit: (key) => {
          this.#cache.delete(key);
          for (const reader of this.#reads.get(key) ?? []) reader.stale = true;
        },
        // A copy: the log's bytes are a view of a whole frame, which must not stay in memory for one person.
        onClean: (key, json) => this.#remember(key, Buffer.from(json)),
        warn: this.#warn,
        segmentBytes: c.segmentBytes,
        checkpointMs: c.afterMs,
        maxPending: c.maxPending,
        syncFolders: this.#syncFolders,
      },
      legacyMarks,
    );
  }

  #legacyJournalFile(): string {
    return join(this.dir, 'shared', `${LEGACY_JOURNAL}.json`);
  }

  /** Unsent marks the engine's older journal (a shared document) kept, checked to parse at open. */
  #legacyMarks(): Record<string, string> {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.#legacyJournalFile(), 'utf8'));
    } catch {
      return {};
    }
    const pending = (doc as { pending?: unknown }).pending;
    if (typeof pending !== 'object' || pending === null) return {};
    return Object.fromEntries(Object.entries(pending).filter((e): e is [string, string] => typeof e[1] === 'string'));
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

  /** Keeps `json` as the in-memory version of `key`'s file (most recently used), within the cache's size. */
  #remember(key: string, json: Buffer): void {
    this.#cache.delete(key);
    this.#cache.set(key, json);
    for (const old of this.#cache.keys()) {
      if (this.#cache.size <= this.#cacheSize) break;
      this.#cache.delete(old);
    }
  }

  /**
   * The file's bytes and document, checked; null when there is no file. A read-only store (the
   * CLI next to a running bot) may meet a file the bot's checkpoint is overwriting in place, so
   * it reads a damaged-looking file again a few times before calling it damaged.
   */
  async #readUser(key: string): Promise<{ json: Buffer; doc: UserDoc } | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#readUserOnce(key);
      } catch (e) {
        if (!this.#readOnly || !(e instanceof StoreCorruptError) || attempt >= 4) throw e;
        await new Promise((r) => setTimeout(r, 25 * attempt));
      }
    }
  }

  async #readUserOnce(key: string): Promise<{ json: Buffer; doc: UserDoc } | null> {
    const file = this.#file(key);
    const json = await readSmallFile(file);
    if (json === null) return null;
    let doc: unknown;
    try {
      doc = JSON.parse(json.toString('utf8'));
    } catch (e) {
      throw new StoreCorruptError(file, e);
    }
    const problem = userDocProblem(doc, key);
    if (problem) throw new StoreCorruptError(file, problem);
    return { json, doc: doc as UserDoc };
  }

  async loadUser(key: string): Promise<UserDoc | null> {
    for (;;) {
      const logged = this.#log.get(key);
      if (logged) return logged.json === null ? null : (JSON.parse(logged.json.toString('utf8')) as UserDoc);
      const cached = this.#cache.get(key);
      if (cached !== undefined) {
        this.#remember(key, cached);
        return JSON.parse(cached.toString('utf8')) as UserDoc;
      }
      const reader = { stale: false };
      let readers = this.#reads.get(key);
      if (!readers) this.#reads.set(key, (readers = new Set()));
      readers.add(reader);
      let read: { json: Buffer; doc: UserDoc } | null;
      try {
        read = await this.#readUser(key);
      } finally {
        readers.delete(reader);
        if (readers.size === 0 && this.#reads.get(key) === readers) this.#reads.delete(key);
      }
      // A save that landed during the read is newer than what was read: look again.
      if (reader.stale) continue;
      if (!read) return null;
      this.#remember(key, read.json);
      return read.doc;
    }
  }

  saveUser(doc: UserDoc, options: SaveOptions = {}): Promise<void> {
    if (this.#readOnly) return Promise.reject(new Error('The store is open read-only.'));
    // Serialised now: the caller may change `doc` as soon as this returns.
    const write = this.#log.put(doc.key, JSON.stringify(doc), options.unsent);
    return this.#track(write);
  }

  deleteUser(key: string): Promise<void> {
    if (this.#readOnly) return Promise.reject(new Error('The store is open read-only.'));
    return this.#track(this.#log.delete(key));
  }

  #track(write: Promise<void>): Promise<void> {
    const settled = write.then(
      () => {},
      () => {},
    );
    this.#writes.add(settled);
    void settled.then(() => this.#writes.delete(settled));
    return write;
  }

  async unsent(): Promise<Map<string, string>> {
    return this.#log.unsent();
  }

  sent(key: string, id: string): void {
    if (!this.#readOnly) this.#log.sent(key, id);
  }

  /** Per shard: the keys whose newest version is in the log, not yet in a file (null: deleted). */
  #logged(): Map<string, Map<string, boolean>> {
    const byShard = new Map<string, Map<string, boolean>>();
    for (const key of this.#log.pendingKeys()) {
      const shard = key.slice(0, 2);
      let keys = byShard.get(shard);
      if (!keys) byShard.set(shard, (keys = new Map()));
      keys.set(key, this.#log.get(key)?.json != null);
    }
    return byShard;
  }

  /** The keys of one shard: its files, with the log's newer state (new people in, deleted ones out). */
  async #shardKeys(shard: string, logged: Map<string, boolean> | undefined): Promise<string[]> {
    const names = await readdir(join(this.dir, 'users', shard)).catch(() => [] as string[]);
    const keys = new Set(names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length)));
    for (const [key, present] of logged ?? []) {
      if (present) keys.add(key);
      else keys.delete(key);
    }
    return [...keys].sort();
  }

  /** Shards with files, and those only the log has people in yet. */
  async #shardNames(logged: Map<string, Map<string, boolean>>): Promise<string[]> {
    const onDisk = await readdir(join(this.dir, 'users')).catch(() => [] as string[]);
    return [...new Set([...onDisk, ...logged.keys()])].sort();
  }

  /**
   * Every person's document. A damaged file is skipped and reported, to `onCorrupt` when given,
   * else to the store's `onDamaged` option (a warning naming the file by default).
   */
  async *eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc> {
    const report = onCorrupt ?? this.options.onDamaged ?? ((file: string) => this.#warn(`Skipped the damaged person file ${file}: run \`together check\`.`));
    const logged = this.#logged();
    for (const shard of await this.#shardNames(logged)) {
      const keys = await this.#shardKeys(shard, logged.get(shard));
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
    const logged = this.#logged();
    let n = 0;
    for (const shard of await this.#shardNames(logged)) n += (await this.#shardKeys(shard, logged.get(shard))).length;
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
    await Promise.allSettled([...this.#writes]);
    await this.#log.close();
    const shared = await Promise.allSettled([...this.#shared.values()]);
    await Promise.allSettled(shared.map((s) => (s.status === 'fulfilled' ? s.value.idle() : undefined)));
    await Promise.allSettled([...this.#collections.values()].map((c) => c.idle()));
    this.#release();
    this.#release = () => {};
  }
}
