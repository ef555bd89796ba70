/**
 * Where broadcasts live: two collections of records. `broadcasts` holds one record per broadcast
 * (indexed by status, so waking finds the running ones; by subject, so a flow finds the
 * broadcasts of one stop; by `reportTo`, so /mydata and /forget find those reporting to a
 * person). A broadcast's ledger is kept in `broadcast-ledger` chunk records of a few hundred
 * recipients each (indexed by broadcast): a burst of outcomes rewrites a few records, not one
 * file per recipient. `broadcast-recipients` holds one small record per recipient (indexed by
 * person and by broadcast), written once when the recipient is added, so /mydata and /forget
 * find a person's lines without loading every ledger.
 */
import type { Collection, Store } from '../store/types.ts';
import type { BroadcastMeta, Entry } from './types.ts';

export const BROADCASTS = 'broadcasts';
export const LEDGER = 'broadcast-ledger';
export const RECIPIENTS = 'broadcast-recipients';

/** A broadcast's record: its meta, plus the indexed copies of what flows look it up by. */
export type BroadcastRecord = BroadcastMeta & {
  /** `payload.reportTo` when it is a string: the person (user key) the report goes to. */
  reportTo?: string;
};

/** Chunk `n` of broadcast `b`'s ledger: entries by user key. Id `<broadcast>:<n>`. */
export interface LedgerChunk {
  id: string;
  b: string;
  n: number;
  e: Record<string, Entry>;
}

/** Recipient `k` (a user key) of broadcast `b`, whose line is in chunk `n`. Id `<broadcast>:<key>`. */
export interface RecipientRecord {
  id: string;
  b: string;
  k: string;
  n: number;
}

export const chunkId = (broadcast: string, n: number) => `${broadcast}:${n}`;
export const recipientId = (broadcast: string, key: string) => `${broadcast}:${key}`;

export function broadcastRecords(store: Store): Collection<BroadcastRecord> {
  return store.collection<BroadcastRecord>(BROADCASTS, { indexes: ['status', 'kind', 'subject', 'reportTo'] });
}

export function ledgerChunks(store: Store): Collection<LedgerChunk> {
  return store.collection<LedgerChunk>(LEDGER, { indexes: ['b'] });
}

export function recipientRecords(store: Store): Collection<RecipientRecord> {
  return store.collection<RecipientRecord>(RECIPIENTS, { indexes: ['k', 'b'] });
}

/** The record of a meta: the person a report goes to lifted out of the payload, so it is indexed. */
export function recordOf(meta: BroadcastMeta): BroadcastRecord {
  const { reportTo: _drop, ...rest } = meta as BroadcastRecord;
  const to = meta.payload.reportTo;
  return typeof to === 'string' && to ? { ...rest, reportTo: to } : rest;
}

export function metaOf(record: BroadcastRecord): BroadcastMeta {
  const { reportTo: _indexed, ...meta } = record;
  return meta;
}

/** Every record a query matches, page after page. */
export async function all<R extends { id: string }>(collection: Collection<R>, where: Parameters<Collection<R>['find']>[0] = {}): Promise<R[]> {
  const out: R[] = [];
  let after: string | undefined;
  do {
    const page = await collection.find({ ...where, limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.records);
    after = page.next;
  } while (after);
  return out;
}
