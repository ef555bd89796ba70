import cron, { type ScheduledTask } from 'node-cron';
import type { SharedDoc, Store } from '../store/types.ts';
import type { Logger } from '../log/logger.ts';

/** A persisted job: either recurring (`cron`) or one-off (`at`), run by a handler of its `kind`. */
export interface Job {
  id: string;
  kind: string;
  /** Cron expression, in `tz`. */
  cron?: string;
  /** ISO time of a one-off job. */
  at?: string;
  tz?: string;
  /** A one-off job missed while the bot was down still runs if no later than this after `at`. */
  graceMs?: number;
  payload?: unknown;
  doneAt?: string;
  /** Set while a one-off job runs, so a crash mid-run is resumed (handlers are idempotent). */
  startedAt?: string;
  /**
   * The file key of the person this job is about (a reminder to them, a report for them), so
   * /mydata shows it and /forget erases it with everything else (see person-jobs.ts).
   */
  about?: string;
}

/** The shared document that holds every job. */
export const SCHEDULES_DOC = 'schedules';

export type JobHandler = (job: Job) => Promise<void>;

interface Schedules {
  jobs: Job[];
}

const DEFAULT_GRACE_MS = 6 * 60 * 60 * 1000;

/**
 * Jobs live in the store and node-cron runs them: at start-up every recurring job is
 * registered again and one-off jobs are checked each minute, so a restart loses none.
 */
export class Scheduler {
  readonly #tasks = new Map<string, ScheduledTask>();
  #doc: SharedDoc<Schedules> | null = null;
  #ticker: ScheduledTask | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly handlers: ReadonlyMap<string, JobHandler>,
    private readonly options: { tz: string; now: () => Date; log: Logger },
  ) {}

  async #jobs(): Promise<SharedDoc<Schedules>> {
    this.#doc ??= await this.store.shared<Schedules>(SCHEDULES_DOC, () => ({ jobs: [] }));
    return this.#doc;
  }

  /** Rebuilds the schedule from the store and starts the clock. */
  async start(): Promise<void> {
    const doc = await this.#jobs();
    for (const job of doc.data.jobs) if (job.cron) this.#register(job);
    this.#ticker = cron.schedule('* * * * *', () => void this.runDue(), { timezone: this.options.tz, name: 'together-due' });
    await this.runDue();
  }

  #register(job: Job): void {
    this.#tasks.get(job.id)?.stop();
    const task = cron.schedule(job.cron!, () => this.#runRecurring(job.id), { timezone: job.tz ?? this.options.tz, name: job.id });
    this.#tasks.set(job.id, task);
  }

  /** Adds or replaces a job, durably. */
  async add(job: Job): Promise<void> {
    if (job.cron && !cron.validate(job.cron)) throw new Error(`Invalid cron expression: ${job.cron}`);
    if (!job.cron && !(job.at && !Number.isNaN(Date.parse(job.at)))) throw new Error(`Job ${job.id} needs a cron expression or a time`);
    const doc = await this.#jobs();
    await doc.update((d) => {
      d.jobs = [...d.jobs.filter((j) => j.id !== job.id), job];
    });
    if (job.cron && this.#ticker) this.#register(job);
  }

  async remove(id: string): Promise<void> {
    this.#tasks.get(id)?.stop();
    this.#tasks.delete(id);
    const doc = await this.#jobs();
    await doc.update((d) => {
      d.jobs = d.jobs.filter((j) => j.id !== id);
    });
  }

  async list(): Promise<Job[]> {
    return structuredClone((await this.#jobs()).data.jobs);
  }

  /** Next run of a recurring job as node-cron computes it. */
  nextRun(id: string): Date | null {
    return this.#tasks.get(id)?.getNextRun() ?? null;
  }

  /** Runs the one-off jobs that are due now (or were missed within their grace window). */
  runDue(): Promise<void> {
    this.#running = this.#running.then(() => this.#runDue());
    return this.#running;
  }

  async #runDue(): Promise<void> {
    const doc = await this.#jobs();
    const now = this.options.now().getTime();
    for (const job of doc.data.jobs) {
      if (job.cron || job.doneAt || !job.at) continue;
      // Removed while earlier jobs ran (a /forget, a cancelled stop): not run, not written back.
      if (!doc.data.jobs.some((j) => j.id === job.id)) continue;
      const at = Date.parse(job.at);
      if (at > now) continue;
      if (now - at > (job.graceMs ?? DEFAULT_GRACE_MS)) {
        this.options.log.warn({ job: job.id }, 'one-off job missed its grace window; not run');
        await doc.update((d) => d.jobs.forEach((j) => void (j.id === job.id && j.at === job.at && (j.doneAt = new Date(now).toISOString()))));
        continue;
      }
      await doc.update((d) => d.jobs.forEach((j) => void (j.id === job.id && j.at === job.at && (j.startedAt ??= new Date(now).toISOString()))));
      await this.#run(job);
      await doc.update((d) => d.jobs.forEach((j) => void (j.id === job.id && j.at === job.at && (j.doneAt = new Date(now).toISOString()))));
    }
  }

  /** A recurring job runs as it is stored now: one removed meanwhile (e.g. by /forget) stops instead. */
  async #runRecurring(id: string): Promise<void> {
    const job = (await this.#jobs()).data.jobs.find((j) => j.id === id);
    if (!job) {
      this.#tasks.get(id)?.stop();
      this.#tasks.delete(id);
      return;
    }
    await this.#run(job);
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
    this.#ticker?.stop();
    for (const task of this.#tasks.values()) task.stop();
    this.#tasks.clear();
    await this.#running;
  }
}
