import type { Cluster } from '../cluster/types.ts';
import type { Collection } from '../store/types.ts';
import type { Job } from './job-records.ts';

/** The right to run one due one-off job; given up once the job is done (or left). */
export interface JobClaim {
  release(): Promise<void>;
}

/** One-off jobs being run in this process, per jobs collection (one per store): what two schedulers on one embedded store share. */
const running = new WeakMap<Collection<Job>, Set<string>>();

/**
 * Claims a due one-off job, atomically for its store; null when someone else runs it now.
 * - Instances sharing a database: the cluster's lease `job:<id>`, taken in one conditional
 *   statement (free, or run out) and renewed while held. A claimer that dies stops renewing it,
 *   so the job is run again only then, by whoever finds it due after the lease ran out.
 * - One process alone on its store (lowdb, memory): a set in this process. A claim of a process
 *   that died is gone with it, so a job it left half-run is resumed at the next tick.
 */
export async function claimJob(jobs: Collection<Job>, id: string, cluster?: Pick<Cluster, 'shared' | 'claim'>): Promise<JobClaim | null> {
  if (cluster?.shared) return cluster.claim(`job:${id}`);
  let mine = running.get(jobs);
  if (!mine) running.set(jobs, (mine = new Set()));
  if (mine.has(id)) return null;
  mine.add(id);
  const held = mine;
  return { release: async () => void held.delete(id) };
}
