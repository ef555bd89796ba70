/** Who a broadcast of a stop goes to, and the counts of answers: index queries, never a scan of the people. */
import type { Store } from '../../src/engine/index.ts';
import { caravanRecords } from './data.ts';
import { every } from './records.ts';
import { continentOf, inRegion } from './regions.ts';
import type { CaravanData, RsvpAnswer, RsvpCounts, Stop } from './types.ts';

/** A broadcast recipient: the person's user key and channel. */
export interface Recipient {
  key: string;
  channel: string;
}

/** True when this person's subscription covers the stop's country. */
export function followsStop(data: CaravanData | undefined, stop: Pick<Stop, 'country'>): boolean {
  const sub = data?.sub;
  if (!sub) return false;
  return sub.all || sub.regions.some((r) => inRegion(r, stop.country));
}

/** The region ids whose followers a stop concerns: everyone, its continent, its country. */
const regionsOfStop = (stop: Pick<Stop, 'country'>) => ['all', stop.country.toLowerCase(), ...[continentOf(stop.country)].filter((c): c is string => Boolean(c))];

/** Everyone whose subscription covers the stop, through the region index (one person once). */
export async function subscribersOf(store: Store, stop: Pick<Stop, 'country'>): Promise<Recipient[]> {
  const { subscriptions } = await caravanRecords(store);
  const seen = new Map<string, Recipient>();
  for (const r of await every(subscriptions, { where: { region: regionsOfStop(stop) } })) if (!seen.has(r.key)) seen.set(r.key, { key: r.key, channel: r.channel });
  return [...seen.values()];
}

/** Everyone who answered the stop (with one of `answers`, when given), through the stop index. */
export async function respondents(store: Store, stopId: string, answers?: RsvpAnswer[]): Promise<Recipient[]> {
  const { rsvps } = await caravanRecords(store);
  const found = await every(rsvps, { where: answers ? { stop: stopId, answer: answers } : { stop: stopId } });
  return found.map((r) => ({ key: r.key, channel: r.channel }));
}

export const noCounts = (): RsvpCounts => ({ going: 0, maybe: 0, notGoing: 0, confirmed: 0 });

/** Live answer counts of one stop, counted by the index. */
export async function rsvpCounts(store: Store, stopId: string): Promise<RsvpCounts> {
  const { rsvps } = await caravanRecords(store);
  const [going, maybe, notGoing, confirmed] = await Promise.all([
    rsvps.count({ stop: stopId, answer: 'going' }),
    rsvps.count({ stop: stopId, answer: 'maybe' }),
    rsvps.count({ stop: stopId, answer: 'no' }),
    rsvps.count({ stop: stopId, conf: 'y' }),
  ]);
  return { going, maybe, notGoing, confirmed };
}

/** How many people follow the caravan at all (one marker record per subscriber). */
export async function subscriberCount(store: Store): Promise<number> {
  return (await caravanRecords(store)).subscriptions.count({ region: '*' });
}
