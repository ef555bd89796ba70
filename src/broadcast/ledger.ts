import type { SharedDoc, Store } from '../store/types.ts';
import { emptyCounts, type Counts, type Entry, type EntryStatus, type Recipient } from './types.ts';

interface Chunk {
  e: Record<string, Entry>;
}

/** Chunk document names: small files, so a change rewrites a few kilobytes, not the whole ledger. */
const chunkName = (id: string, n: number) => `bc-${id}-${n}`;

/**
 * A broadcast's per-recipient ledger, kept in memory and on disk in chunk documents of a
 * few hundred recipients each. Changes are group-committed: every change made while a
 * write is in flight goes out in the next write, so thousands of outcomes per second cost
 * a few dozen small writes, and `mark` resolves only once its change is durable.
 */
export class Ledger {
  readonly counts: Counts = emptyCounts();
  readonly #entries = new Map<string, Entry>();
  readonly #chunkOf = new Map<string, number>();
  readonly #sizes: number[] = [];
  readonly #docs: SharedDoc<Chunk>[] = [];
  /** Chunks created by this ledger: their first write replaces whatever an interrupted create left. */
  readonly #fresh = new Set<number>();
  readonly #dirty = new Map<number, Map<string, Entry | null>>();
  #next: Promise<void> | null = null;
  #tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: Store,
    readonly id: string,
    private readonly chunkSize: number,
  ) {}

  static async open(store: Store, id: string, chunks: number, chunkSize = 500): Promise<Ledger> {
    const ledger = new Ledger(store, id, chunkSize);
    for (let n = 0; n < chunks; n++) {
      const doc = await store.shared<Chunk>(chunkName(id, n), () => ({ e: {} }));
      ledger.#docs.push(doc);
      ledger.#sizes.push(0);
      for (const [key, entry] of Object.entries(doc.data.e)) ledger.#track(key, { ...entry }, n);
    }
    return ledger;
  }

  get chunks(): number {
    return this.#docs.length;
  }

  get(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  entries(): IterableIterator<[string, Entry]> {
    return this.#entries.entries();
  }

  #track(key: string, entry: Entry, chunk: number): void {
    this.#entries.set(key, entry);
    this.#chunkOf.set(key, chunk);
    this.#sizes[chunk] = (this.#sizes[chunk] ?? 0) + 1;
    this.counts.total++;
    this.counts[entry.s]++;
  }

  #touch(key: string, entry: Entry | null): void {
    const chunk = this.#chunkOf.get(key)!;
    let changes = this.#dirty.get(chunk);
    if (!changes) this.#dirty.set(chunk, (changes = new Map()));
    changes.set(key, entry && { ...entry });
  }

  /** Adds recipients the ledger does not have yet (and re-opens those in a `reopen` state); durable on return. */
  async add(recipients: Recipient[], now: Date, reopen: readonly EntryStatus[] = []): Promise<{ added: number; reopened: number }> {
    let added = 0;
    let reopened = 0;
    const at = now.toISOString();
    for (const r of recipients) {
      const existing = this.#entries.get(r.key);
      if (existing) {
        if (reopen.includes(existing.s)) {
          this.#set(r.key, existing, 'pending', at);
          reopened++;
        }
        continue;
      }
      let chunk = this.#docs.length - 1;
      if (chunk < 0 || (this.#sizes[chunk] ?? 0) >= this.chunkSize) chunk = await this.#newChunk();
      const entry: Entry = { c: r.channel, s: 'pending', at, ...(r.tz ? { z: r.tz } : {}) };
      this.#track(r.key, entry, chunk);
      this.#touch(r.key, entry);
      added++;
    }
    await this.flush();
    return { added, reopened };
  }

  async #newChunk(): Promise<number> {
    const n = this.#docs.length;
    this.#docs.push(await this.store.shared<Chunk>(chunkName(this.id, n), () => ({ e: {} })));
    this.#sizes.push(0);
    this.#fresh.add(n);
    this.#dirty.set(n, new Map());
    return n;
  }

  #set(key: string, entry: Entry, status: EntryStatus, at: string): void {
    this.counts[entry.s]--;
    this.counts[status]++;
    entry.s = status;
    entry.at = at;
    this.#touch(key, entry);
  }

  /** Records a new status for these recipients; resolves once it is on disk. */
  mark(keys: Iterable<string>, status: EntryStatus, now: Date): Promise<void> {
    const at = now.toISOString();
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry && entry.s !== status) this.#set(key, entry, status, at);
    }
    return this.#commit();
  }

  /** Forgets a recipient entirely (the person used /forget). */
  drop(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return Promise.resolve();
    this.counts[entry.s]--;
    this.counts.total--;
    this.#touch(key, null);
    this.#entries.delete(key);
    return this.#commit();
  }

  /** Resolves once every change made so far is durable. */
  flush(): Promise<void> {
    return this.#dirty.size > 0 ? this.#commit() : this.#tail;
  }

  #commit(): Promise<void> {
    if (!this.#next) {
      const write = this.#tail.then(() => {
        this.#next = null;
        return this.#write();
      });
      this.#next = write;
      this.#tail = write.catch(() => {});
    }
    return this.#next;
  }

  async #write(): Promise<void> {
    const batch = [...this.#dirty];
    this.#dirty.clear();
    await Promise.all(
      batch.map(([n, changes]) => {
        const fresh = this.#fresh.delete(n);
        return this.#docs[n]!.update((d) => {
          if (fresh) d.e = {};
          for (const [key, entry] of changes) {
            if (entry) d.e[key] = entry;
            else delete d.e[key];
          }
        });
      }),
    );
  }

  /** A copy of the counts. */
  snapshot(): Counts {
    return { ...this.counts };
  }
}
