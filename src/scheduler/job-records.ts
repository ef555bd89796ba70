import type { Collection, Store } from '../store/types.ts';
import type { Logger } from '../log/logger.ts';
import { nextRunAfter } from './cron-next.ts';

/** A persisted job: either recurring (`cron`) or one-off (`at`), run by a handler of its `kind`. */
export interface Job {
  id: string;
  kind: string;
  /** Cron expression, in `tz`. */
  cron?: string;
  /** ISO time of a one-off job. */
  at?: string;
  tz?: string;
  /** A job missed while the bot was down still runs if no later than this after its due time. */
  graceMs?: number;
  payload?: unknown;
  /** Set by older versions on a finished one-off job; finished jobs are now removed. */
  doneAt?: string;
  /**
   * Set while a one-off job runs, so a crash mid-run is resumed (handlers are idempotent). Who runs
   * it is not written here: the claim (job-claims.ts) is a lease that ends with its holder.
   */
  startedAt?: string;
  /**
   * The file key of the person this job is about (a reminder to them, a report for them), so
   * /mydata shows it and /forget erases it with everything else (see person-jobs.ts).
   */
  about?: string;
  /** When it is next due (epoch ms): set by the scheduler from `at` or `cron`; the tick's index. */
  due?: number;
}

/** The collection of jobs, indexed by due time, by whom they are about, and by kind. */
export const JOBS_COLLECTION = 'jobs';
export const JOB_INDEXES = { indexes: ['due', 'about', 'kind'] } as const;

/** The shared document that held every job before jobs became records (migrated once). */
export const SCHEDULES_DOC = 'schedules';

export interface JobDefaults {
  tz: string;
  now: () => Date;
  log?: Logger;
}

const opened = new WeakMap<Store, Promise<Collection<Job>>>();

/**
 * The jobs collection of a store; the first opening moves the jobs of the older shared document
 * into it (once: the document is emptied after). The scheduler opens it first, with its zone.
 */
export function jobRecords(store: Store, defaults: JobDefaults = { tz: 'Europe/Brussels', now: () => new Date() }): Promise<Collection<Job>> {
  let opening = opened.get(store);
  if (!opening) {
    opening = (async () => {
      const jobs = store.collection<Job>(JOBS_COLLECTION, JOB_INDEXES);
      await migrateSchedules(store, jobs, defaults);
      return jobs;
    })();
    opened.set(store, opening);
    opening.catch(() => opened.delete(store));
  }
  return opening;
}

/** When a job is next due: its `at`, or its cron expression's next match after `now`. */
export function dueOf(job: Job, tz: string, now: Date): number {
  if (job.cron) return nextRunAfter(job.cron, job.tz ?? tz, now).getTime();
  const at = job.at ? Date.parse(job.at) : NaN;
  if (Number.isNaN(at)) throw new Error(`Job ${job.id} needs a cron expression or a time (at).`);
  return at;
}

const KEY = /[0-9a-f]{32}/g;

/**
 * One-time move of `shared/schedules.json` into the collection. Finished one-off jobs are
 * dropped (finished jobs are removed now). A job written before `about` existed gets it from the
 * person file key its id or payload carries, so /mydata and /forget find it through the index.
 * A crash half-way is safe: the document is emptied only after every job is stored, and storing one twice is a replace.
 */
async function migrateSchedules(store: Store, jobs: Collection<Job>, { tz, now, log }: JobDefaults): Promise<void> {
  const doc = await store.shared<{ jobs?: Job[] }>(SCHEDULES_DOC, () => ({ jobs: [] }));
  const legacy = doc.data.jobs ?? [];
  if (legacy.length === 0) return;
  let moved = 0;
  for (const job of legacy) {
    if (!job?.id || job.doneAt) continue;
    const record: Job = { ...job };
    if (!record.about) {
      for (const candidate of new Set(JSON.stringify(job).match(KEY) ?? [])) {
        if (await store.loadUser(candidate).catch(() => null)) {
          record.about = candidate;
          break;
        }
      }
    }
    try {
      record.due = dueOf(record, tz, now());
    } catch (e) {
      log?.warn({ job: job.id, err: e }, 'a stored job has neither a valid time nor a valid cron expression; not moved');
      continue;
    }
    await jobs.put(record);
    moved++;
  }
  await doc.update((d) => {
    d.jobs = [];
  });
  log?.info({ moved }, 'scheduled jobs moved from shared/schedules.json into the jobs collection');
}
