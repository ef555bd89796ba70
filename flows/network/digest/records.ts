/**
 * The digest's own collections:
 * - `plan-digest-zones`: one record per time zone whose weekly job is scheduled (what it is due
 *   at and for which week), so `zoneInUse` knows without reading the jobs;
 * - `plan-digest-places`: shared chats (a Slack or Discord channel, a Telegram group) that receive
 *   the whole plan's digest, by the pseudonym of the manager who added them.
 */
import type { Collection, Store } from '../../../src/engine/index.ts';

export interface ZoneRecord {
  /** The IANA zone. */
  id: string;
  /** When its job is due (ISO). */
  at: string;
  /** The Monday (`YYYY-MM-DD`, local) of the week that job sends. */
  week: string;
  /** The last week whose digest was handed to the broadcast center for this zone. */
  done?: string;
}

export interface DigestPlace {
  /** `<channel>:<chat>[:<thread>]`. */
  id: string;
  channel: string;
  chatId: string;
  thread?: string;
  lang: string;
  /** Pseudonym of the manager who added it; dropped by their /forget. */
  by?: string;
  at: string;
}

export interface DigestRecords {
  zones: Collection<ZoneRecord>;
  places: Collection<DigestPlace>;
}

export function digestRecords(store: Store): DigestRecords {
  return {
    zones: store.collection<ZoneRecord>('plan-digest-zones', { indexes: [] }),
    places: store.collection<DigestPlace>('plan-digest-places', { indexes: ['by'] }),
  };
}
