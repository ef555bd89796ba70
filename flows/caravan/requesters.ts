/**
 * The managers who asked for something that reports back later (a planned announcement, a
 * broadcast's final report). They are named by their user-document key, never by a platform
 * id, and written to at their private chat (their document's contact), so a report never
 * lands in a group. /forget erases them from here and from the broadcasts.
 */
import { addressOf, updateJobsOfKind, type Job, type Store, type Services } from '../../src/engine/index.ts';
import type { Address } from '../../src/core/types.ts';
import { caravanRecords } from './data.ts';
import { every } from './records.ts';

/** A planned announcement of one stop: when, and the key of the manager to report to. */
export interface Plan {
  at: string;
  by?: string;
}

/** Records (or replaces) the plan of a stop's announcement. */
export async function recordPlan(store: Store, stopId: string, by: string | undefined, at: string): Promise<void> {
  await (await caravanRecords(store)).plans.put({ id: stopId, at, ...(by ? { by } : {}) });
}

export async function planOf(store: Store, stopId: string): Promise<Plan | undefined> {
  const plan = await (await caravanRecords(store)).plans.get(stopId);
  return plan && { at: plan.at, ...(plan.by ? { by: plan.by } : {}) };
}

/** The plans a person asked for (/mydata), through the `by` index. */
export async function plansBy(store: Store, key: string): Promise<{ stop: string; at: string }[]> {
  return (await every((await caravanRecords(store)).plans, { where: { by: key } })).map((p) => ({ stop: p.id, at: p.at }));
}

/** Erases a person from every plan (/forget): the plans stay, with nobody to report to. */
export async function forgetPlans(store: Store, key: string): Promise<void> {
  const { plans } = await caravanRecords(store);
  for (const p of await every(plans, { where: { by: key } })) {
    await plans.update(p.id, (cur) => {
      if (cur?.by !== key) return cur;
      const { by: _gone, ...rest } = cur;
      return rest;
    });
  }
}

/**
 * Planned-announcement jobs written before plans moved here carry the manager's person id in
 * their payload (`reportTo`): /forget takes it out, and the announcement still goes out.
 */
export async function forgetLegacyJobRequests(store: Store, jobKind: string, refs: readonly string[]): Promise<void> {
  const named = (j: Job) => j.kind === jobKind && refs.includes((j.payload as { reportTo?: string } | undefined)?.reportTo ?? '');
  await updateJobsOfKind(store, jobKind, (j) => {
    if (!named(j)) return undefined;
    delete (j.payload as { reportTo?: string }).reportTo;
    return j;
  });
}

/**
 * Where to report to a manager, and in which language: their private chat from their own
 * document. `ref` is a user key, or (in data written before keys were used) `channel:userId`.
 */
export async function reportAddress(services: Services, ref: string): Promise<{ address: Address; lang: string } | undefined> {
  const { store, config, log } = services;
  const legacy = ref.includes(':');
  const doc = await store.loadUser(legacy ? store.keyOf(ref) : ref).catch(() => null);
  if (doc) return { address: addressOf(doc), lang: doc.lang ?? config.lang };
  if (!legacy) {
    log.warn({}, 'caravan: the manager to report to has no document any more (erased?); report not sent');
    return undefined;
  }
  // A person id from older data and no document: on the platforms built so far a private chat's id is the user's id.
  const [channel = '', ...rest] = ref.split(':');
  const userId = rest.join(':');
  return { address: { channel, chatId: userId, userId }, lang: config.lang };
}
