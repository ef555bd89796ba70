import type { Recipient } from '../../src/broadcast/index.ts';
import type { Store, UserDoc } from '../../src/store/types.ts';
import { peekCaravan } from './format.ts';
import { inRegion } from './regions.ts';
import type { CaravanData, RsvpAnswer, RsvpCounts, Stop } from './types.ts';

/** True when this person's subscription covers the stop's country. */
export function followsStop(data: CaravanData | undefined, stop: Pick<Stop, 'country'>): boolean {
  const sub = data?.sub;
  if (!sub) return false;
  return sub.all || sub.regions.some((r) => inRegion(r, stop.country));
}

const recipient = (doc: UserDoc): Recipient => ({ key: doc.key, channel: doc.contact.channel });

/** Everyone whose subscription covers the stop, reachable when last seen. */
export async function subscribersOf(store: Store, stop: Stop): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for await (const doc of store.eachUser(() => {})) {
    if (!doc.unreachable && followsStop(peekCaravan(doc), stop)) out.push(recipient(doc));
  }
  return out;
}

/** Everyone who answered the stop (with one of `answers`, when given). */
export async function respondents(store: Store, stopId: string, answers?: RsvpAnswer[]): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for await (const doc of store.eachUser(() => {})) {
    const rsvp = peekCaravan(doc)?.rsvp[stopId];
    if (rsvp && (!answers || answers.includes(rsvp.answer)) && !doc.unreachable) out.push(recipient(doc));
  }
  return out;
}

export const noCounts = (): RsvpCounts => ({ going: 0, maybe: 0, notGoing: 0, confirmed: 0 });

/** Live answer counts per stop, from the people's own documents (the one source of truth). */
export async function rsvpCounts(store: Store): Promise<Map<string, RsvpCounts>> {
  const counts = new Map<string, RsvpCounts>();
  for await (const doc of store.eachUser(() => {})) {
    for (const [stopId, rsvp] of Object.entries(peekCaravan(doc)?.rsvp ?? {})) {
      let c = counts.get(stopId);
      if (!c) counts.set(stopId, (c = noCounts()));
      if (rsvp.answer === 'going') c.going++;
      else if (rsvp.answer === 'maybe') c.maybe++;
      else c.notGoing++;
      if (rsvp.confirmed && rsvp.answer !== 'no') c.confirmed++;
    }
  }
  return counts;
}

/** How many people follow the caravan at all. */
export async function subscriberCount(store: Store): Promise<number> {
  let n = 0;
  for await (const doc of store.eachUser(() => {})) if (peekCaravan(doc)?.sub && !doc.unreachable) n++;
  return n;
}
