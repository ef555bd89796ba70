import type { Store } from '../store/types.ts';
import { jobRecords, type Job } from './job-records.ts';

/**
 * The jobs about one person, for /mydata and /forget, found through the `about` index whichever
 * flow planned them (jobs from before `about` existed got it when they were moved into the
 * collection, see job-records.ts).
 */
export async function jobsAbout(store: Store, key: string): Promise<Job[]> {
  const jobs = await jobRecords(store);
  const found: Job[] = [];
  let after: string | undefined;
  do {
    const page = await jobs.find({ where: { about: key }, limit: 1000, ...(after ? { after } : {}) });
    found.push(...page.records);
    after = page.next;
  } while (after);
  return found;
}

/** Erases every job about the person; resolves with how many were erased. */
export async function forgetJobs(store: Store, key: string): Promise<number> {
  return (await jobRecords(store)).deleteWhere({ about: key });
}

/**
 * Rewrites the jobs of one kind that `change` picks (it returns the new job, or undefined to keep
 * the job as it is), through the `kind` index; resolves with how many changed.
 */
export async function updateJobsOfKind(store: Store, kind: string, change: (job: Job) => Job | undefined): Promise<number> {
  const jobs = await jobRecords(store);
  let changed = 0;
  let after: string | undefined;
  do {
    const page = await jobs.find({ where: { kind }, limit: 1000, ...(after ? { after } : {}) });
    for (const found of page.records) {
      if (!change(structuredClone(found))) continue;
      // Applied again to the latest version, atomically.
      await jobs.update(found.id, (cur) => (cur && cur.kind === kind ? (change(cur) ?? cur) : cur));
      changed++;
    }
    after = page.next;
  } while (after);
  return changed;
}
