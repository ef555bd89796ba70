/**
 * Writing a plan change safely. The store writes one record atomically, not many: so the whole
 * change set is first written as ONE journal record, then each record is written and each
 * event's reminders told (`eventChanged`), then the journal record goes. A crash midway leaves
 * the journal record; the next start of the bot, or the next plan command, plays it again to the
 * end. Playing is idempotent: a record already written is not written twice, and one changed
 * since by a later command is left alone (the journal never undoes a newer change).
 */
import { randomBytes } from 'node:crypto';
import type { Collection, Services, Store } from '../../../src/engine/index.ts';
import { networkRecords, every } from '../records.ts';
import { eventChanged } from '../reminders/on-change.ts';
import type { PlanEvent } from '../types.ts';
import type { Change, Kind, Records } from './changes.ts';
import { same } from './same.ts';

interface JournalRecord {
  id: string;
  at: string;
  changes: Change[];
}

const journal = (store: Store) => store.collection<JournalRecord>('plan-journal', { indexes: [] });

function collectionOf<K extends Kind>(store: Store, kind: K): Collection<Records[K]> {
  const r = networkRecords(store);
  const all: { [k in Kind]: Collection<Records[k]> } = { phase: r.phases, axis: r.axes, group: r.groups, activity: r.activities, event: r.events };
  return all[kind];
}

/** One change, played whatever was done of it before a crash. */
async function play(services: Services, change: Change): Promise<void> {
  const c = collectionOf(services.store, change.kind) as Collection<Records[Kind]>;
  let superseded = false;
  await c.update(change.id, (current) => {
    if (same(current, change.after)) return current;
    if (same(current, change.before)) return change.after;
    superseded = true;
    return current;
  });
  if (superseded) return services.log.warn({ kind: change.kind, id: change.id }, 'plan: a journalled change was overtaken by a later one; left as it is');
  if (change.kind === 'event') await eventChanged(services, change.before as PlanEvent | undefined, change.after as PlanEvent | undefined);
}

async function playAll(services: Services, record: JournalRecord): Promise<void> {
  for (const change of record.changes) await play(services, change);
  await journal(services.store).delete(record.id);
}

/** Writes the changes (all, in order) through the journal. */
export async function applyChanges(services: Services, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const id = `j-${String(services.now().getTime()).padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  const record: JournalRecord = { id, at: services.now().toISOString(), changes };
  await journal(services.store).put(record);
  await playAll(services, record);
}

/** Finishes changes a crash interrupted, oldest first. Resolves with how many were finished. */
export async function replayJournal(services: Services): Promise<number> {
  const pending = await every(journal(services.store));
  for (const record of pending.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    services.log.info({ journal: record.id, changes: record.changes.length }, 'plan: finishing a change interrupted by a stop');
    await playAll(services, record);
  }
  return pending.length;
}

const queues = new WeakMap<Services, Promise<unknown>>();

/**
 * Runs plan-changing work one at a time in this process (two commands through the control
 * socket never interleave), after any change a crash left unfinished.
 */
export function serial<T>(services: Services, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(services) ?? Promise.resolve()).catch(() => {}).then(async () => {
    await replayJournal(services);
    return work();
  });
  queues.set(services, run);
  return run;
}
