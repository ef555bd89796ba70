import type { Collection, Store } from '../store/types.ts';
import { all, chunkId, ledgerChunks, recipientId, recipientRecords, type LedgerChunk, type RecipientRecord } from './records.ts';
import { emptyCounts, type Counts, type Entry, type EntryStatus, type Recipient } from './types.ts';

/**
 * A broadcast's per-recipient ledger, kept in memory and in the store as chunk records of a few
 * hundred recipients each (found by the broadcast index), plus one record per recipient in the
 * person index (written once, when added). Changes are group-committed: every change made while
 * a write is in flight goes out in the next write, so thousands of outcomes per second cost a
 * few dozen small writes, and `mark` resolves only once its change is durable.
 */
export class Ledger {
  /** The people's lines. */
  readonly counts: Counts = emptyCounts();
  /** The places' lines (shared chats: a Discord channel, a Telegram group), counted apart from people. */
  readonly places: Counts = emptyCounts();
  readonly #entries = new Map<string, Entry>();
  readonly #chunkOf = new Map<string, number>();
  readonly #sizes: number[] = [];
  readonly #dirty = new Map<number, Map<string, Entry | null>>();
  #next: Promise<void> | null = null;
  #tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly chunks: Collection<LedgerChunk>,
    private readonly people: Collection<RecipientRecord>,
    readonly id: string,
    private readonly chunkSize: number,
  ) {}

  /** The ledger of broadcast `id`, read through the broadcast index. */
  static async open(store: Store, id: string, chunkSize = 500): Promise<Ledger> {
    const ledger = new Ledger(ledgerChunks(store), recipientRecords(store), id, chunkSize);
    for (const chunk of await all(ledger.chunks, { where: { b: id } })) {
      ledger.#sizes[chunk.n] ??= 0;
      for (const [key, entry] of Object.entries(chunk.e)) ledger.#track(key, { ...entry }, chunk.n);
    }
    return ledger;
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
    const counts = this.#countsOf(entry);
    counts.total++;
    counts[entry.s]++;
  }

  #countsOf(entry: Entry): Counts {
    return entry.p ? this.places : this.counts;
  }

  /** Lines not sent to yet, people and places. */
  get pending(): number {
    return this.counts.pending + this.places.pending;
  }

  #touch(key: string, entry: Entry | null): void {
    const chunk = this.#chunkOf.get(key)!;
    let changes = this.#dirty.get(chunk);
    if (!changes) this.#dirty.set(chunk, (changes = new Map()));
    changes.set(key, entry && { ...entry });
  }

  /** A chunk with room: the last one, or a new one. */
  #room(): number {
    const last = this.#sizes.length - 1;
    if (last >= 0 && (this.#sizes[last] ?? 0) < this.chunkSize) return last;
    this.#sizes.push(0);
    return this.#sizes.length - 1;
  }

  /** Adds recipients the ledger does not have yet (and re-opens those in a `reopen` state); durable on return. */
  async add(recipients: Iterable<Recipient>, now: Date, reopen: readonly EntryStatus[] = []): Promise<{ added: number; reopened: number }> {
    let added = 0;
    let reopened = 0;
    const at = now.toISOString();
    const indexed: RecipientRecord[] = [];
    for (const r of recipients) {
      const existing = this.#entries.get(r.key);
      if (existing) {
        if (reopen.includes(existing.s)) {
          this.#set(r.key, existing, 'pending', at);
          reopened++;
        }
        continue;
      }
      const n = this.#room();
      const entry: Entry = { c: r.channel, s: 'pending', at, ...(r.tz ? { z: r.tz } : {}), ...(r.place ? { p: 1 as const } : {}) };
      this.#track(r.key, entry, n);
      this.#touch(r.key, entry);
      // The person index serves /mydata and /forget: a place is nobody's.
      if (!r.place) indexed.push({ id: recipientId(this.id, r.key), b: this.id, k: r.key, n });
      added++;
    }
    // The person index first: a line is never in a ledger without /forget being able to find it.
    await Promise.all(indexed.map((r) => this.people.put(r)));
    await this.flush();
    return { added, reopened };
  }

  #set(key: string, entry: Entry, status: EntryStatus, at: string): void {
    const counts = this.#countsOf(entry);
    counts[entry.s]--;
    counts[status]++;
    entry.s = status;
    entry.at = at;
    this.#touch(key, entry);
  }

  /** Remembers a recipient's time zone, learnt after they were added; written with the next change. */
  noteZone(key: string, zone: string): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.z === zone) return;
    entry.z = zone;
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
  async drop(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry) {
      const counts = this.#countsOf(entry);
      counts[entry.s]--;
      counts.total--;
      this.#touch(key, null);
      this.#entries.delete(key);
      await this.#commit();
    }
    await this.people.delete(recipientId(this.id, key));
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
      batch.map(([n, changes]) =>
        this.chunks.update(chunkId(this.id, n), (cur) => {
          const chunk = cur ?? { id: chunkId(this.id, n), b: this.id, n, e: {} };
          for (const [key, entry] of changes) {
            if (entry) chunk.e[key] = entry;
            else delete chunk.e[key];
          }
          return chunk;
        }),
      ),
    );
  }

  /** A copy of the people's counts. */
  snapshot(): Counts {
    return { ...this.counts };
  }

  /** A copy of the places' counts, when the broadcast has any. */
  placeSnapshot(): Counts | undefined {
    return this.places.total > 0 ? { ...this.places } : undefined;
  }
}

/** A person's line in broadcast `b`'s ledger, read from its chunk (for /mydata), without opening the whole ledger. */
export async function lineOf(store: Store, r: RecipientRecord): Promise<Entry | undefined> {
  return (await ledgerChunks(store).get(chunkId(r.b, r.n)))?.e[r.k];
}

/** Erases a person's line from a ledger nobody has open (/forget). */
export async function eraseLine(store: Store, r: RecipientRecord): Promise<void> {
  await ledgerChunks(store).update(chunkId(r.b, r.n), (cur) => {
    if (!cur || !(r.k in cur.e)) return cur;
    delete cur.e[r.k];
    return cur;
  });
  await recipientRecords(store).delete(r.id);
}
