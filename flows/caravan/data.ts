/**
 * Opening the caravan's records (records.ts), with the one-time move of older data: the shared
 * documents `caravan-stops` and `caravan-plans`, and the subscriptions and answers that were
 * only in the people's own documents (read once, at the first opening after the upgrade, then
 * never again: a marker record says it is done). A crash half-way is safe: storing a record
 * twice is a replace, and the documents are emptied only after everything is stored.
 */
import type { Store } from '../../src/engine/index.ts';
import { collectionsOf, type CaravanRecords, type RsvpRecord } from './records.ts';
import { FLOW_ID } from './ids.ts';
import { fold } from './twins.ts';
import type { CaravanData, Rsvp, Stop, Subscription } from './types.ts';

/** A person as the records name them: their user key and channel. */
export interface Who {
  key: string;
  channel: string;
}

const LEGACY_STOPS = 'caravan-stops';
const LEGACY_PLANS = 'caravan-plans';
const PEOPLE_MOVED = 'people-v1';

const opened = new WeakMap<Store, Promise<CaravanRecords>>();

/** The caravan's collections of this store, older data moved in first (once). */
export function caravanRecords(store: Store): Promise<CaravanRecords> {
  let opening = opened.get(store);
  if (!opening) {
    opening = (async () => {
      const records = collectionsOf(store);
      // A read-only open (the CLI's export and stats, next to the running bot) never writes: the
      // bot moves the older data at its start (onStart), so the CLI reads records it moved.
      if (!store.readOnly) await migrate(store, records);
      return records;
    })();
    opened.set(store, opening);
    opening.catch(() => opened.delete(store));
  }
  return opening;
}

/** The regions a subscription's records carry (besides the subscriber marker). */
const regionsOf = (sub: Subscription) => [...new Set([...(sub.all ? ['all'] : []), ...sub.regions])];

/** Makes the subscription records of a person match their subscription (none when undefined). */
export async function indexSubscription(records: CaravanRecords, who: Who, sub: Subscription | undefined): Promise<void> {
  const { key, channel } = who;
  const want = new Set(sub ? regionsOf(sub).map((r) => `${key}:${r}`) : []);
  const have = (await records.subscriptions.find({ where: { key }, limit: 1000 })).records;
  await Promise.all(have.filter((r) => r.id !== key && !want.has(r.id)).map((r) => records.subscriptions.delete(r.id)));
  if (!sub) {
    await records.subscriptions.delete(key);
    return;
  }
  const ids = new Set(have.map((r) => r.id));
  await Promise.all(regionsOf(sub).filter((region) => !ids.has(`${key}:${region}`)).map((region) => records.subscriptions.put({ id: `${key}:${region}`, key, channel, region })));
  if (!ids.has(key)) await records.subscriptions.put({ id: key, key, channel, region: '*' });
}

/** Makes the answer record of a person to a stop match their answer (none when undefined). */
export async function indexRsvp(records: CaravanRecords, stop: string, who: Who, rsvp: Rsvp | undefined): Promise<void> {
  const { key, channel } = who;
  const id = `${stop}:${key}`;
  if (!rsvp) {
    await records.rsvps.delete(id);
    return;
  }
  const record: RsvpRecord = { id, stop, key, channel, answer: rsvp.answer, ...(rsvp.confirmed && rsvp.answer !== 'no' ? { conf: 'y' as const } : {}) };
  await records.rsvps.put(record);
}

async function migrate(store: Store, records: CaravanRecords): Promise<void> {
  const stopsDoc = await store.shared<{ stops?: Record<string, Stop> }>(LEGACY_STOPS, () => ({ stops: {} }));
  const stops = Object.values(stopsDoc.data.stops ?? {});
  if (stops.length > 0) {
    for (const stop of stops) {
      await records.stops.put(stop);
      if (stop.status !== 'scheduled') continue;
      // The first scheduled stop of a town, date and venue holds it (older data may hold forced twins).
      const id = fold(stop);
      await records.twins.update(id, (cur) => cur ?? { id, stop: stop.id, at: stop.createdAt });
    }
    await stopsDoc.update((d) => void (d.stops = {}));
  }
  const plansDoc = await store.shared<{ plans?: Record<string, { at: string; by?: string }> }>(LEGACY_PLANS, () => ({ plans: {} }));
  const plans = Object.entries(plansDoc.data.plans ?? {});
  if (plans.length > 0) {
    for (const [id, p] of plans) await records.plans.put({ id, at: p.at, ...(p.by ? { by: p.by } : {}) });
    await plansDoc.update((d) => void (d.plans = {}));
  }
  const marks = store.collection<{ id: string; at: string }>('caravan-migrations', { indexes: [] });
  if (await marks.get(PEOPLE_MOVED)) return;
  // Written in batches, all at once: the store groups the records of one shard into one write.
  let batch: Promise<void>[] = [];
  const flush = async () => {
    await Promise.all(batch);
    batch = [];
  };
  for await (const doc of store.eachUser(() => {})) {
    const data = doc.flows[FLOW_ID] as CaravanData | undefined;
    if (!data) continue;
    const who = { key: doc.key, channel: doc.contact.channel };
    if (data.sub) {
      for (const region of regionsOf(data.sub)) batch.push(records.subscriptions.put({ id: `${who.key}:${region}`, ...who, region }));
      batch.push(records.subscriptions.put({ id: who.key, ...who, region: '*' }));
    }
    for (const [stop, rsvp] of Object.entries(data.rsvp ?? {})) batch.push(indexRsvp(records, stop, who, rsvp));
    if (batch.length >= 20_000) await flush();
  }
  await flush();
  await marks.put({ id: PEOPLE_MOVED, at: new Date().toISOString() });
}
