import type { Address, Reply } from '../core/types.ts';
import type { SharedDoc, Store } from '../store/types.ts';
import type { StoredReply } from './doc-fields.ts';

/** JSON has no bytes: images and files travel as base64. */
export function storeReply(r: Reply): StoredReply {
  if (r.kind === 'image') return { ...r, png: Buffer.from(r.png).toString('base64') };
  if (r.kind === 'file') return { ...r, content: Buffer.from(r.content).toString('base64') };
  return { ...r };
}

export function loadReply(r: StoredReply): Reply {
  if (r.kind === 'image') return { ...(r as object), png: new Uint8Array(Buffer.from(String(r.png), 'base64')) } as Reply;
  if (r.kind === 'file') return { ...(r as object), content: new Uint8Array(Buffer.from(String(r.content), 'base64')) } as Reply;
  return r as unknown as Reply;
}

export interface UnsentTurn {
  id: string;
  address: Address;
  replies: StoredReply[];
}

/**
 * The write-ahead list of people whose last turn's replies may not have gone out yet: person
 * key → turn id. A turn is added (durably) before its document, which carries the replies, is
 * saved; it is marked done once the outbox has handed them over. After a crash, start-up reads
 * this short list instead of every person's file, and sends what is still unsent.
 *
 * Writes are grouped: every add or done that arrives while a write is on disk goes into the next
 * one, so many people answering at once share one write. A done mark lost in a crash only means
 * that turn's replies are sent once more (at least once, never lost).
 */
export class ReplyJournal {
  #doc: Promise<SharedDoc<{ pending: Record<string, string> }>> | null = null;
  #adds = new Map<string, string>();
  #dones = new Map<string, string>();
  #writing: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  #open(): Promise<SharedDoc<{ pending: Record<string, string> }>> {
    this.#doc ??= this.store.shared('reply-journal', () => ({ pending: {} }));
    return this.#doc;
  }

  /** Resolves once `key`'s turn `id` is on disk as possibly unsent. */
  add(key: string, id: string): Promise<void> {
    this.#dones.delete(key);
    this.#adds.set(key, id);
    return this.#flush();
  }

  /** The turn's replies went out (or were handed to the outbox's own keeping): forget it, soon. */
  done(key: string, id: string): void {
    this.#dones.set(key, id);
    void this.#flush().catch(() => {});
  }

  /** Every turn that may still be unsent, by person key. */
  async pending(): Promise<Record<string, string>> {
    await this.#writing?.catch(() => {});
    return { ...(await this.#open()).data.pending };
  }

  /** Resolves once every add and done so far is on disk. */
  async settle(): Promise<void> {
    if (this.#adds.size > 0 || this.#dones.size > 0 || this.#writing) await this.#flush().catch(() => {});
    await this.#queued?.catch(() => {});
  }

  #flush(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#writing) {
      this.#writing = this.#write().finally(() => (this.#writing = null));
      return this.#writing;
    }
    this.#queued = this.#writing.catch(() => {}).then(() => {
      this.#queued = null;
      return this.#flush();
    });
    return this.#queued;
  }

  async #write(): Promise<void> {
    const adds = new Map(this.#adds);
    const dones = new Map(this.#dones);
    this.#adds.clear();
    this.#dones.clear();
    if (adds.size === 0 && dones.size === 0) return;
    const doc = await this.#open();
    try {
      await doc.update((d) => {
        for (const [key, id] of adds) d.pending[key] = id;
        for (const [key, id] of dones) if (d.pending[key] === id) delete d.pending[key];
      });
    } catch (e) {
      // Not on disk: the adds' turns fail (their callers see this); dones are tried again later.
      for (const [key, id] of dones) if (!this.#dones.has(key) && !this.#adds.has(key)) this.#dones.set(key, id);
      throw e;
    }
  }
}
