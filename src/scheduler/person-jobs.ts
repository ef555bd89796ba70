import type { Store } from '../store/types.ts';
import { SCHEDULES_DOC, type Job } from './scheduler.ts';

/**
 * The jobs about one person, for /mydata and /forget. Any flow's job counts, whether it says
 * whom it is about (`about`) or only carries the person's file key in its id or payload (jobs
 * written before `about` existed): a file key is a keyed hash, so it matches nothing else.
 */
const isAbout = (job: Job, key: string): boolean => job.about === key || JSON.stringify(job).includes(key);

async function schedules(store: Store) {
  // The store keeps one instance per shared document: the running scheduler sees these changes.
  return store.shared<{ jobs: Job[] }>(SCHEDULES_DOC, () => ({ jobs: [] }));
}

/** Every stored job about the person with this file key. */
export async function jobsAbout(store: Store, key: string): Promise<Job[]> {
  const doc = await schedules(store);
  return structuredClone((doc.data.jobs ?? []).filter((j) => isAbout(j, key)));
}

/** Erases every job about the person, done or not; resolves with how many were erased. */
export async function forgetJobs(store: Store, key: string): Promise<number> {
  const doc = await schedules(store);
  if (!(doc.data.jobs ?? []).some((j) => isAbout(j, key))) return 0;
  return doc.update((d) => {
    const before = d.jobs.length;
    d.jobs = d.jobs.filter((j) => !isAbout(j, key));
    return before - d.jobs.length;
  });
}
