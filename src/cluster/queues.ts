import { all, broadcastRecords, ledgerChunks } from '../broadcast/records.ts';
import { JOB_INDEXES, JOBS_COLLECTION, type Job } from '../scheduler/job-records.ts';
import type { Store } from '../store/types.ts';
import type { QueueSizes } from './types.ts';

/** Jobs counted one page at a time: the due ones through the `due` index, never every record read. */
async function countDue(store: Store, now: number): Promise<number> {
  const jobs = store.collection<Job>(JOBS_COLLECTION, JOB_INDEXES);
  let count = 0;
  let after: string | undefined;
  do {
    const page = await jobs.find({ range: { index: 'due', to: now }, orderBy: 'due', limit: 1000, ...(after ? { after } : {}) });
    count += page.records.length;
    after = page.next;
  } while (after);
  return count;
}

/** What waits in the store: read only (the command line may run next to the bots). */
export async function queueSizes(store: Store, now: Date): Promise<QueueSizes> {
  const jobsTotal = await store.collection<Job>(JOBS_COLLECTION, JOB_INDEXES).count();
  const jobsDue = await countDue(store, now.getTime());
  const open = await all(broadcastRecords(store), { where: { status: ['running', 'held'] } });
  // From the ledgers (a few hundred recipients a chunk), not the records' counts: those are written when a run ends.
  let recipientsPending = 0;
  for (const b of open) {
    for (const chunk of await all(ledgerChunks(store), { where: { b: b.id } })) recipientsPending += Object.values(chunk.e).filter((e) => e.s === 'pending').length;
  }
  const unsentMarks = (await store.unsent()).size;
  return { jobsDue, jobsTotal, broadcastsPending: open.length, recipientsPending, unsentMarks };
}
