import type { Address, Reply } from '../core/types.ts';
import type { Store } from '../store/types.ts';

/** A reply a graceful stop could not deliver in time, kept for the next start. */
export interface PendingReply {
  address: Address;
  reply: Reply;
  /** When the stop set it aside (ISO time). */
  deferredAt: string;
}

/** Where the outbox keeps replies left over by a bounded stop. */
export interface PendingReplies {
  /** Appends, durably. */
  save(items: PendingReply[]): Promise<void>;
  /** Everything kept so far, oldest first, and forgets it. */
  take(): Promise<PendingReply[]>;
}

/** JSON has no bytes: images and files travel as base64. */
type Stored = Omit<PendingReply, 'reply'> & { reply: Record<string, unknown> };

function encode(item: PendingReply): Stored {
  const r = item.reply;
  if (r.kind === 'image') return { ...item, reply: { ...r, png: Buffer.from(r.png).toString('base64') } };
  if (r.kind === 'file') return { ...item, reply: { ...r, content: Buffer.from(r.content).toString('base64') } };
  return { ...item, reply: { ...r } };
}

function decode(item: Stored): PendingReply {
  const r = item.reply;
  if (r.kind === 'image') return { ...item, reply: { ...(r as object), png: new Uint8Array(Buffer.from(String(r.png), 'base64')) } as Reply };
  if (r.kind === 'file') return { ...item, reply: { ...(r as object), content: new Uint8Array(Buffer.from(String(r.content), 'base64')) } as Reply };
  return item as unknown as PendingReply;
}

/**
 * Left-over replies in the store's shared document `outbox` (the data folder's permissions and
 * atomic writes apply). It holds personal texts only between a stop and the next start.
 */
export function storedPending(store: Store): PendingReplies {
  const doc = () => store.shared<{ pending: Stored[] }>('outbox', () => ({ pending: [] }));
  return {
    async save(items) {
      if (items.length === 0) return;
      await (await doc()).update((d) => void d.pending.push(...items.map(encode)));
    },
    async take() {
      const shared = await doc();
      if (shared.data.pending.length === 0) return [];
      const stored = await shared.update((d) => d.pending.splice(0));
      return stored.map(decode);
    },
  };
}

/** Keeps left-overs in memory only (tests). */
export function memoryPending(): PendingReplies & { items: PendingReply[] } {
  const items: PendingReply[] = [];
  return {
    items,
    async save(more) {
      items.push(...more.map((i) => decode(JSON.parse(JSON.stringify(encode(i))) as Stored)));
    },
    async take() {
      return items.splice(0);
    },
  };
}
