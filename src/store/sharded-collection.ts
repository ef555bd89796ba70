import { createHash } from 'node:crypto';
import { Low, type Adapter } from 'lowdb';
import type { Collection, CollectionSpec, Page, Query, Where } from './types.ts';
import { RecordTable } from './record-table.ts';
import { CollectionUsageError, StoreWriteError } from './errors.ts';

/** What one shard file holds: its records by id. */
export interface ShardData {
  records: Record<string, unknown>;
}

/** Where a collection's shards live: files (lowdb store) or memory (memory store). */
export interface ShardStorage {
  readonly readOnly: boolean;
  /** Every shard that exists, read and checked (a damaged one throws StoreCorruptError naming it). */
  loadAll(): Promise<Map<string, ShardData>>;
  /** The lowdb adapter that writes one shard. */
  adapter(shard: string): Adapter<ShardData>;
  /** How a shard is named in errors (its file). */
  describe(shard: string): string;
}

/** 256 shards: a record's write rewrites one small file, whatever the collection's size. */
export function shardOf(id: string): string {
  return createHash('md5').update(id).digest('hex').slice(0, 2);
}

/** Why a shard's content cannot be used, or null when it is well formed. */
export function shardProblem(data: unknown, shard: string): string | null {
  const records = (data as ShardData | null)?.records;
  if (typeof data !== 'object' || data === null || typeof records !== 'object' || records === null || Array.isArray(records)) return 'not a {"records": {…}} object';
  for (const [id, r] of Object.entries(records)) {
    if (typeof r !== 'object' || r === null || (r as { id?: unknown }).id !== id) return `record ${JSON.stringify(id)} does not carry its own id`;
    if (shardOf(id) !== shard) return `record ${JSON.stringify(id)} belongs in shard ${shardOf(id)}`;
  }
  return null;
}

type Draft = Record<string, unknown>;

/** One change to a shard, applied to a draft; it lists the ids it touched. */
interface Op {
  apply(draft: Draft): Promise<{ result: unknown; touched: string[] }>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Shard {
  low: Low<ShardData>;
  queue: Op[];
  flushing: Promise<void> | null;
}

const copy = <T>(value: T): T => structuredClone(value);
/** Records are JSON: what goes in is what a reopened store gives back (no undefined, no Date). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A collection whose records are split into shards, each a lowdb `Low` document. Reads come from
 * the in-memory table and its indexes, built when the collection is first used. Writes to one
 * shard are serialised and grouped: the changes waiting while a write is in flight go out
 * together in the next one (one fsync for many records). Memory follows the disk: the table
 * changes only once the shard's new version is written, so a failed write changes nothing.
 */
export class ShardedCollection<R extends { id: string }> implements Collection<R> {
  readonly #table: RecordTable<R>;
  readonly #shards = new Map<string, Shard>();
  #opening: Promise<void> | null = null;

  constructor(readonly name: string, readonly spec: CollectionSpec, private readonly storage: ShardStorage) {
    this.#table = new RecordTable<R>(name, spec);
  }

  /** Opens at first use; a failed opening is tried again by the next call. */
  #open(): Promise<void> {
    if (!this.#opening) {
      this.#opening = (async () => {
        const all = await this.storage.loadAll();
        const records: R[] = [];
        for (const [shard, data] of all) {
          this.#shards.set(shard, this.#newShard(shard, data));
          for (const r of Object.values(data.records)) records.push(r as R);
        }
        this.#table.load(records);
      })();
      this.#opening.catch(() => (this.#opening = null));
    }
    return this.#opening;
  }

  #newShard(shard: string, data: ShardData): Shard {
    return { low: new Low<ShardData>(this.storage.adapter(shard), data), queue: [], flushing: null };
  }

  async get(id: string): Promise<R | undefined> {
    await this.#open();
    const r = this.#table.get(id);
    return r && copy(r);
  }

  async getMany(ids: readonly string[]): Promise<R[]> {
    await this.#open();
    return ids.flatMap((id) => {
      const r = this.#table.get(id);
      return r ? [copy(r)] : [];
    });
  }

  async put(record: R): Promise<void> {
    this.#table.check(record);
    const stored = asJson(record);
    await this.#change(record.id, async (draft) => {
      draft[stored.id] = stored;
      return { result: undefined, touched: [stored.id] };
    });
  }

  update(id: string, change: (current: R | undefined) => R | undefined | Promise<R | undefined>): Promise<R | undefined> {
    return this.#change(id, async (draft) => {
      const current = draft[id] as R | undefined;
      const next = await change(current && copy(current));
      if (next === undefined) {
        if (current === undefined) return { result: undefined, touched: [] };
        delete draft[id];
        return { result: undefined, touched: [id] };
      }
      this.#table.check(next);
      if (next.id !== id) throw new CollectionUsageError(this.name, `an update of ${id} returned a record with another id (${next.id}).`);
      const stored = asJson(next);
      // Given back as it was: nothing to write (a check-and-use that lost).
      if (current !== undefined && JSON.stringify(current) === JSON.stringify(stored)) return { result: copy(current), touched: [] };
      draft[id] = stored;
      return { result: copy(stored), touched: [id] };
    }) as Promise<R | undefined>;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#change(id, async (draft) => {
      if (!(id in draft)) return { result: false, touched: [] };
      delete draft[id];
      return { result: true, touched: [id] };
    })) as boolean;
  }

  async find(query: Query = {}): Promise<Page<R>> {
    await this.#open();
    const page = this.#table.find(query);
    return { ...page, records: page.records.map(copy) };
  }

  async count(where?: Where): Promise<number> {
    await this.#open();
    return this.#table.count(where);
  }

  async deleteWhere(where: Where): Promise<number> {
    if (Object.keys(where).length === 0) throw new CollectionUsageError(this.name, 'deleteWhere needs at least one field: use delete() record by record to empty a collection on purpose.');
    await this.#open();
    const byShard = new Map<string, string[]>();
    for (const id of this.#table.matchIds(where)) {
      const shard = shardOf(id);
      byShard.set(shard, [...(byShard.get(shard) ?? []), id]);
    }
    const matches = (r: unknown) =>
      Object.entries(where).every(([f, v]) => (Array.isArray(v) ? (v as unknown[]) : [v]).includes((r as Record<string, unknown>)[f]));
    const counts = await Promise.all(
      [...byShard].map(([shard, ids]) =>
        this.#enqueue(shard, async (draft) => {
          // Checked again in the draft: a record changed since the match is left alone.
          const gone = ids.filter((id) => id in draft && matches(draft[id]));
          for (const id of gone) delete draft[id];
          return { result: gone.length, touched: gone };
        }),
      ),
    );
    return (counts as number[]).reduce((a, b) => a + b, 0);
  }

  async #change(id: string, apply: Op['apply']): Promise<unknown> {
    if (typeof id !== 'string' || id.length === 0) throw new CollectionUsageError(this.name, 'a record id is a non-empty string.');
    return this.#enqueue(shardOf(id), apply);
  }

  async #enqueue(shardName: string, apply: Op['apply']): Promise<unknown> {
    if (this.storage.readOnly) throw new Error('The store is open read-only.');
    await this.#open();
    let shard = this.#shards.get(shardName);
    if (!shard) this.#shards.set(shardName, (shard = this.#newShard(shardName, { records: {} })));
    const target = shard;
    return new Promise((resolve, reject) => {
      target.queue.push({ apply, resolve, reject });
      target.flushing ??= this.#flush(shardName, target);
    });
  }

  async #flush(shardName: string, shard: Shard): Promise<void> {
    // Yield first, so the caller has stored this promise in `flushing` before the finally below can clear it.
    await null;
    try {
      while (shard.queue.length > 0) {
        const batch = shard.queue.splice(0);
        const before = shard.low.data;
        const draft: Draft = { ...before.records };
        const applied: { op: Op; result: unknown }[] = [];
        const touched = new Set<string>();
        for (const op of batch) {
          try {
            const { result, touched: ids } = await op.apply(draft);
            applied.push({ op, result });
            for (const id of ids) touched.add(id);
          } catch (e) {
            // This change is refused; the draft is untouched (changes apply only once computed).
            op.reject(e);
          }
        }
        if (touched.size > 0) {
          shard.low.data = { records: draft };
          try {
            await shard.low.write();
          } catch (e) {
            shard.low.data = before;
            const error = e instanceof StoreWriteError ? e : new StoreWriteError(this.storage.describe(shardName), e);
            for (const { op } of applied) op.reject(error);
            continue;
          }
          for (const id of touched) {
            const r = draft[id] as R | undefined;
            if (r) this.#table.set(r);
            else this.#table.remove(id);
          }
        }
        for (const { op, result } of applied) op.resolve(result);
      }
    } finally {
      // Cleared in the same step as the empty-queue check: a change queued after it starts a new flush, none waits
      // on this one (clearing it a microtask later, in a .finally, left such a change waiting for ever).
      shard.flushing = null;
    }
  }

  /** Resolves once every write asked for so far has landed (or failed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#shards.values()].map((s) => s.flushing));
  }
}
