/**
 * One-time move of the broadcasts kept before they became records: the shared document
 * `broadcasts` (every broadcast's meta) and the ledger chunk documents `bc-<id>-<n>`. A crash
 * half-way is safe: a record stored twice is replaced, and the documents are emptied only after
 * everything is stored (emptied, not left behind: chunks name people by their user key).
 */
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/types.ts';
import { broadcastRecords, chunkId, ledgerChunks, recipientId, recipientRecords, recordOf } from './records.ts';
import type { BroadcastMeta, Entry } from './types.ts';

export const LEGACY_INDEX = 'broadcasts';
export const legacyChunk = (id: string, n: number) => `bc-${id}-${n}`;

interface LegacyIndex {
  items: Record<string, BroadcastMeta>;
}

export async function migrateBroadcasts(store: Store, log?: Logger): Promise<number> {
  const index = await store.shared<LegacyIndex>(LEGACY_INDEX, () => ({ items: {} }));
  const items = Object.values(index.data.items ?? {});
  if (items.length === 0) return 0;
  const metas = broadcastRecords(store);
  const ledger = ledgerChunks(store);
  const recipients = recipientRecords(store);
  const chunks = [];
  for (const meta of items) {
    for (let n = 0; n < (meta.chunks ?? 0); n++) {
      const doc = await store.shared<{ e: Record<string, Entry> }>(legacyChunk(meta.id, n), () => ({ e: {} }));
      const e = doc.data.e ?? {};
      await Promise.all(Object.keys(e).map((k) => recipients.put({ id: recipientId(meta.id, k), b: meta.id, k, n })));
      await ledger.put({ id: chunkId(meta.id, n), b: meta.id, n, e });
      chunks.push(doc);
    }
    const subject = typeof meta.payload.stopId === 'string' ? meta.payload.stopId : undefined;
    const { chunks: _gone, ...rest } = meta;
    await metas.put(recordOf({ ...rest, ...(subject && !rest.subject ? { subject } : {}) }));
  }
  for (const doc of chunks) await doc.update((d) => void (d.e = {}));
  await index.update((d) => void (d.items = {}));
  log?.info({ moved: items.length }, 'broadcasts moved from shared documents into the broadcasts and broadcast-ledger collections');
  return items.length;
}
