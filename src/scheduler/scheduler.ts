import cron, { type ScheduledTask } from 'node-cron';
import type { Collection, Store } from '../store/types.ts';
import type { Logger } from '../log/logger.ts';
import { claimJob } from './job-claims.ts';
import { dueOf, jobRecords, type Job } from './job-records.ts';
import { forgetJobs, jobsAbout } from './person-jobs.ts';
import type { Cluster } from '../cluster/types.ts';

export { SCHEDULES_DOC, type Job } from './job-records.ts';

export type JobHandler = (job: Job) => Promise<void>;

const DEFAULT_GRACE_MS = 6 * 60 * 60 * 1000;
/** The tick: every 30 seconds, node-cron looks up what is due through the `due` index. */
const TICK = '*/30 * * * * *';
const PAGE = 100;

export interface SchedulerOptions {
  tz: string;
  now: () => Date;
  log: Logger;
  /**
   * Other instances sharing the store: the tick then runs on the one holding the scheduler's lease,
   * and each one-off job is run under a lease of its own (two ticks overlap while that lease moves).
   */
  cluster?: Pick<Cluster, 'shared' | 'hold' | 'claim'>;
}

/**
 * Jobs are records in the store's `jobs` collection, indexed by due time. One node-cron tick
 * finds what is due with a range query (nothing reads or rewrites every job); a one-off job is
 * removed once run, a recurring one stores its next due time. A job missed while the bot was
 * down runs if still within its grace window, else it is skipped with a warning.
 */
export class Scheduler {
  #jobs: Collection<Job> | null = null;
  #ticker: ScheduledTask | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly handlers: ReadonlyMap<string, JobHandler>,
    private readonly options: SchedulerOptions,
  ) {}

  async #collection(): Promise<Collection<Job>> {
    this.#jobs ??= await jobRecords(this.store, this.options);
    return this.#jobs;
  }

  /**
   * Opens the jobs (moving older ones in), runs what is due, and starts the tick. With other
   * instances the tick is a role: two ticks finding one job due would both run it.
   */
  async start(): Promise<void> {
    await this.#collection();
    const tick = { start: () => this.#startTick(), stop: () => this.#stopTick() };
    const cluster = this.options.cluster;
    if (cluster?.shared) cluster.hold('scheduler', tick);
    else await tick.start();
  }

  async #startTick(): Promise<void> {
    this.#ticker = cron.schedule(TICK, () => void this.runDue(), { timezone: this.options.tz, name: 'together-due', noOverlap: true });
    await this.runDue();
  }

  async #stopTick(): Promise<void> {
    await this.#ticker?.stop();
    this.#ticker = null;
    await this.#running;
  }

  /** Adds or replaces a job, durably; its due time is computed here. */
  async schedule(job: Job): Promise<void> {
    if (job.cron && !cron.validate(job.cron)) throw new Error(`Invalid cron expression: ${job.cron}`);
    const due = dueOf(job, this.options.tz, this.options.now());
    const { due: _old, ...rest } = job;
    await (await this.#collection()).put({ ...rest, due });
  }

  /** Removes a job (done with it, or cancelled); resolves true when it existed. */
  async unschedule(id: string): Promise<boolean> {
    return (await this.#collection()).delete(id);
  }

  /** Removes every job about a person (/forget); resolves with how many. */
  async unscheduleAbout(personKey: string): Promise<number> {
    await this.#collection();
    return forgetJobs(this.store, personKey);
  }

  /** Every job about a person (/mydata). */
  async jobsAbout(personKey: string): Promise<Job[]> {
    await this.#collection();
    return jobsAbout(this.store, personKey);
  }

  /** Same as schedule(): the name the flows use. */
  add(job: Job): Promise<void> {
    return this.schedule(job);
  }

  /** Same as unschedule(). */
  async remove(id: string): Promise<void> {
    await this.unschedule(id);
  }

  /** Every stored job, soonest first (for tests and the CLI: it reads them all). */
  async list(): Promise<Job[]> {
    const jobs = await this.#collection();
    const all: Job[] = [];
    let after: string | undefined;
    do {
      const page = await jobs.find({ orderBy: 'due', limit: 1000, ...(after ? { after } : {}) });
      all.push(...page.records);
      after = page.next;
    } while (after);
    return all;
  }

  /** When a job is next due, or null when there is no such job. */
  async nextRun(id: string): Promise<Date | null> {
    const job = await (await this.#collection()).get(id);
    return job?.due === undefined ? null : new Date(job.due);
  }

  /** Runs the jobs that are due now (or were missed within their grace window). */
  runDue(): Promise<void> {
    this.#running = this.#running.then(() => this.#runDue()).catch((e) => this.options.log.error({ err: e }, 'the scheduler tick failed'));
    return this.#running;
  }

  async #runDue(): Promise<void> {
    const jobs = await this.#collection();
    const now = this.options.now();
    let after: string | undefined;
    do {
      // Keyset paging on (due, id): jobs removed or moved on while earlier ones ran do not shift the pages.
      const page = await jobs.find({ range: { index: 'due', to: now.getTime() }, orderBy: 'due', limit: PAGE, ...(after ? { after } : {}) });
      for (const job of page.records) await this.#runOne(jobs, job, now);
      after = page.next;
    } while (after);
  }

  async #runOne(jobs: Collection<Job>, job: Job, now: Date): Promise<void> {
    const due = job.due!;
    // Every step checks the job is still the one found: a /forget or a new plan meanwhile wins.
    const same = (cur: Job | undefined): cur is Job => cur !== undefined && cur.due === due;
    const late = now.getTime() - due > (job.graceMs ?? DEFAULT_GRACE_MS);
    if (job.cron) {
      // The next due time is stored before the run: a crash mid-run skips this run rather than repeating it.
      const next = dueOf(job, this.options.tz, now);
      const claimed = await jobs.update(job.id, (cur) => (same(cur) ? { ...cur, due: next } : cur));
      if (claimed?.due !== next) return;
      if (late) {
        this.options.log.warn({ job: job.id, due: new Date(due).toISOString() }, 'recurring job missed its grace window while the bot was down; this run is skipped');
        return;
      }
      await this.#run(claimed);
      return;
    }
    if (late) {
      this.options.log.warn({ job: job.id, due: new Date(due).toISOString() }, 'one-off job missed its grace window; not run, removed');
      await jobs.update(job.id, (cur) => (same(cur) ? undefined : cur));
      return;
    }
    // Two ticks (another instance's, another scheduler's on this store) may find it due at once: one runs it.
    const claim = await claimJob(jobs, job.id, this.options.cluster);
    if (!claim) return;
    try {
      // Read again under the claim: whoever ran it before may have removed it or planned it again.
      const started = await jobs.update(job.id, (cur) => (same(cur) ? { ...cur, startedAt: cur.startedAt ?? now.toISOString() } : cur));
      if (!same(started)) return;
      await this.#run(started);
      // Done: removed, unless the handler planned it again (a new due time).
      await jobs.update(job.id, (cur) => (same(cur) ? undefined : cur));
    } finally {
      await claim.release();
    }
  }

  async #run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      this.options.log.error({ job: job.id, kind: job.kind }, 'no handler for a scheduled job');
      return;
    }
    try {
      await handler(job);
    } catch (e) {
      this.options.log.error({ err: e, job: job.id }, 'scheduled job failed');
    }
  }

  async stop(): Promise<void> {
    await this.#stopTick();
  }
}
