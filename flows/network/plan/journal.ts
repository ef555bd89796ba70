/**
 * Writing a plan change safely. The store writes one record atomically, not many: so the whole
 * change set is first written as ONE journal record, then each record is written and each
 * event's reminders told (`eventChanged`), then the journal record goes. A crash midway leaves
 * the journal record; the next start of the bot, or the next plan command, plays it again to the
 * end. Playing is idempotent: a record already written is not written twice, and one changed
 * since by a later command is left alone (the journal never undoes a newer change).
 */
import { randomBytes } from 'node:crypto';
import { UserError, type Collection, type Services, type Store } from '../../../src/engine/index.ts';
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
 * Runs plan-changing work one at a time: in this process (two commands through the control
 * socket never interleave) and across processes sharing a database (two managers' `together
 * plan import` at once), after any change a crash left unfinished.
 */
export function serial<T>(services: Services, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(services) ?? Promise.resolve()).catch(() => {}).then(() =>
    withPlanLock(services, async () => {
      await replayJournal(services);
      return work();
    }),
  );
  queues.set(services, run);
  return run;
}

interface PlanLock {
  id: string;
  owner: string;
  /** Epoch ms after which another process may take it (its holder died). */
  until: number;
}

/** Held for this long, renewed while the work runs; what a holder that died keeps the plan locked. */
const LOCK_MS = 60_000;
/** How long a command waits for another's change before saying the plan is busy. */
const WAIT_MS = 60_000;

const planLocks = (store: Store) => store.collection<PlanLock>('plan-lock', { indexes: [] });

/**
 * A change is computed from the plan as stored and then written record by record, so two
 * processes doing it at once would mix two files (each record won by whichever wrote first, the
 * other's change dropped as "overtaken"). One lock record, claimed with the store's atomic
 * update, keeps them apart. Wall-clock time, not the flow's clock: the lock is between processes.
 */
async function withPlanLock<T>(services: Services, work: () => Promise<T>): Promise<T> {
  const locks = planLocks(services.store);
  const owner = randomBytes(8).toString('hex');
  const claim = () => {
    const now = Date.now();
    return locks.update('plan', (held) => (held && held.owner !== owner && held.until > now ? held : { id: 'plan', owner, until: now + LOCK_MS }));
  };
  const deadline = Date.now() + WAIT_MS;
  for (let pause = 20; (await claim())?.owner !== owner; pause = Math.min(pause * 2, 500)) {
    if (Date.now() > deadline) throw new UserError('plan-admin:busy');
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  const renew = setInterval(() => void claim().catch((e: unknown) => services.log.warn({ err: e }, 'plan: renewing the plan lock failed')), LOCK_MS / 3);
  renew.unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await locks.update('plan', (held) => (held?.owner === owner ? undefined : held)).catch((e: unknown) => services.log.warn({ err: e }, 'plan: releasing the plan lock failed; it expires in a minute'));
  }
}
