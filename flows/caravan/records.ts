/**
 * The caravan's collections of records, each read through its indexes:
 * - `caravan-stops`: the stops, by date, country and status (upcoming stops are a range query);
 * - `caravan-stop-twins`: one claim per "same town, date and venue", so two managers adding the
 *   same stop at once cannot both pass (check-and-use through `Collection.update`);
 * - `caravan-subscriptions`: one record per person and region they follow (`all`, a continent,
 *   a country), so the subscribers of a stop are an index query, and one marker per subscriber
 *   (`region: '*'`) to count them;
 * - `caravan-rsvps`: one record per answer, by stop, person and answer;
 * - `caravan-plans`: planned announcements, by the manager to report to;
 * - `caravan-places`: shared chats that receive the announcements, by the manager who added them.
 * The person's own document keeps their subscription and answers too (what they see and what
 * a letter checks at sending time); these records are the index that finds them.
 */
import type { Collection, Store } from '../../src/engine/index.ts';
import type { RsvpAnswer, Stop } from './types.ts';

export interface TwinClaim {
  /** The folded "town|date|venue". */
  id: string;
  /** The stop holding it; `~<token>` while it is being created. */
  stop: string;
  at: string;
}

export interface SubscriptionRecord {
  /** `<person key>:<region>`, or the person key for the subscriber marker. */
  id: string;
  key: string;
  /** The person's channel: a broadcast sends each channel's recipients in their own lane. */
  channel: string;
  /** A region id, or '*' on the marker. */
  region: string;
}

export interface RsvpRecord {
  /** `<stop id>:<person key>`. */
  id: string;
  stop: string;
  key: string;
  channel: string;
  answer: RsvpAnswer;
  /** 'y' when confirmed from a reminder (and not "no"), for the confirmed count. */
  conf?: 'y';
}

export interface PlanRecord {
  /** The stop id. */
  id: string;
  at: string;
  /** The user key of the manager to report to. */
  by?: string;
}

/** A shared chat that receives the announcements (places.ts). */
export interface PlaceRecord {
  /** `<channel>:<chat>[:<thread>]`. */
  id: string;
  channel: string;
  chatId: string;
  thread?: string;
  /** The language its announcements are written in. */
  lang: string;
  /** The pseudonym of the manager who added it (dropped by their /forget). */
  by?: string;
  at: string;
}

export interface CaravanRecords {
  stops: Collection<Stop>;
  twins: Collection<TwinClaim>;
  subscriptions: Collection<SubscriptionRecord>;
  rsvps: Collection<RsvpRecord>;
  plans: Collection<PlanRecord>;
  places: Collection<PlaceRecord>;
}

export function collectionsOf(store: Store): CaravanRecords {
  return {
    stops: store.collection<Stop>('caravan-stops', { indexes: ['date', 'country', 'status'] }),
    twins: store.collection<TwinClaim>('caravan-stop-twins', { indexes: ['stop'] }),
    subscriptions: store.collection<SubscriptionRecord>('caravan-subscriptions', { indexes: ['region', 'key'] }),
    rsvps: store.collection<RsvpRecord>('caravan-rsvps', { indexes: ['stop', 'key', 'answer', 'conf'] }),
    plans: store.collection<PlanRecord>('caravan-plans', { indexes: ['by'] }),
    places: store.collection<PlaceRecord>('caravan-places', { indexes: ['by'] }),
  };
}

/** Every record a query matches, page after page. */
export async function every<R extends { id: string }>(collection: Collection<R>, query: Parameters<Collection<R>['find']>[0] = {}): Promise<R[]> {
  const out: R[] = [];
  let after: string | undefined;
  do {
    const page = await collection.find({ ...query, limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.records);
    after = page.next;
  } while (after);
  return out;
}
