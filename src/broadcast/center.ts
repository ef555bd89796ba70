import type { Services } from '../engine/services.ts';
import type { Cluster, Lease } from '../cluster/types.ts';
import type { Collection, Store } from '../store/types.ts';
import { eraseLine, Ledger, lineOf } from './ledger.ts';
import { migrateBroadcasts } from './migrate.ts';
import { all, broadcastRecords, metaOf, recipientRecords, recordOf, type BroadcastRecord } from './records.ts';
import { Run } from './runner.ts';
import type { BroadcastKind, BroadcastMeta, BroadcastReport, BroadcastSpec, Counts, CreateResult } from './types.ts';

export interface CenterOptions {
  kinds: Record<string, BroadcastKind>;
  /** The job kind whose handler calls `wake()`: it resumes broadcasts held by quiet hours. */
  wakeJob: string;
  /** Recipients per channel handed to the outbox at once. */
  window?: number;
  /** Other instances sharing the store: a broadcast is then sent by the one holding its lease. */
  cluster?: Pick<Cluster, 'shared' | 'claim'>;
  /** With other instances, how often waiting broadcasts are looked for (one whose sender died is taken over); default 5 s. */
  sweepMs?: number;
}

/** `run` of a broadcast this process is creating right now (`create` says so in its result instead). */
export class BroadcastBusyError extends Error {
  readonly code = 'BROADCAST_BUSY';
  constructor(readonly id: string) {
    super(`Broadcast ${id} is already being sent.`);
  }
}

const WAKE_GRACE_MS = 24 * 60 * 60 * 1000;

/** The core's job kind that resumes broadcasts held by quiet hours (its handler calls `wake`). */
export const BROADCAST_WAKE_JOB = 'broadcast.wake';

/**
 * The broadcasts of one running core: persisted jobs with a per-recipient ledger. Nothing is
 * sent before `start()` (the core's channels run), so a broadcast created by a command-line
 * process with no bot running waits in the store and goes out when the bot starts; one
 * interrupted by a crash resumes then too.
 *
 * @example
 * const center = broadcastCenter(services, { kinds: { news: { render: (l) => (l.say('Hi'), true) } }, wakeJob: 'news.wake' });
 * await center.create({ id: 'news-1', kind: 'news', payload: {}, recipients });
 * const report = await center.run('news-1');
 */
export class BroadcastCenter {
  readonly #runs = new Map<string, Run>();
  /** Runs being set up, sent or wound up, by broadcast id. */
  readonly #tasks = new Map<string, Promise<BroadcastReport>>();
  readonly #creating = new Set<string>();
  readonly #watchers = new Map<string, Set<(counts: Counts) => void>>();
  #started = false;
  #stopping = false;
  #sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly services: Services,
    private readonly options: CenterOptions,
  ) {}

  /** The broadcasts collection, once older shared documents have been moved into it. */
  #records(): Promise<Collection<BroadcastRecord>> {
    return openBroadcasts(this.services.store, this.services);
  }

  async get(id: string): Promise<BroadcastMeta | undefined> {
    const record = await (await this.#records()).get(id);
    return record && metaOf(record);
  }

  /** The broadcasts about `subject` (a stop id), through the subject index. */
  async about(subject: string): Promise<BroadcastMeta[]> {
    return (await all(await this.#records(), { where: { subject } })).map(metaOf);
  }

  /** Every broadcast (reads them all: for tests and tools, not for a person's request). */
  async list(): Promise<BroadcastMeta[]> {
    return (await all(await this.#records())).map(metaOf);
  }

  /**
   * Adds kinds of broadcast (another flow's). The core registers every flow's kinds before the
   * center starts; a kind added after the start still resumes its own waiting broadcasts.
   */
  register(kinds: Record<string, BroadcastKind>): void {
    let added = false;
    for (const [name, kind] of Object.entries(kinds)) {
      if (this.options.kinds[name]) continue;
      this.options.kinds[name] = kind;
      added = true;
    }
    if (added && this.#started && !this.#stopping) {
      this.wake().catch((e) => this.services.log.error({ err: e }, 'broadcasts of a newly registered kind could not be resumed'));
    }
  }

  /** True while this broadcast is being created or sent by this process. */
  isActive(id: string): boolean {
    return this.#tasks.has(id) || this.#creating.has(id);
  }

  /** Progress of a broadcast while this process sends it; returns the function that stops listening. */
  watch(id: string, listener: (counts: Counts) => void): () => void {
    let set = this.#watchers.get(id);
    if (!set) this.#watchers.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#watchers.get(id) === set) this.#watchers.delete(id);
    };
  }

  /**
   * Creates the broadcast, or adds to an existing one the recipients it does not have yet.
   * Durable on return; nothing is sent until `run`. `busy` when it is being created or sent
   * (here or by another instance) at this moment: nothing is changed then.
   */
  async create(spec: BroadcastSpec): Promise<CreateResult> {
    if (!/^[a-z0-9-]{1,80}$/.test(spec.id)) throw new Error(`Bad broadcast id: ${spec.id}`);
    if (!this.options.kinds[spec.kind]) throw new Error(`No broadcast kind ${spec.kind}`);
    if (this.isActive(spec.id)) return { outcome: 'busy', id: spec.id };
    this.#creating.add(spec.id);
    // Another instance sending it would not see the recipients added now.
    const lease = await this.#lease(spec.id, false).catch((e: unknown) => {
      this.#creating.delete(spec.id);
      throw e;
    });
    if (lease === 'elsewhere') {
      this.#creating.delete(spec.id);
      return { outcome: 'busy', id: spec.id };
    }
    try {
      const records = await this.#records();
      const existing = await records.get(spec.id);
      const ledger = await Ledger.open(this.services.store, spec.id);
      const { added, reopened } = await ledger.add(spec.recipients, this.services.now(), spec.reopen);
      const pending = ledger.pending > 0;
      const places = ledger.placeSnapshot();
      const meta: BroadcastMeta = {
        id: spec.id,
        kind: spec.kind,
        payload: spec.payload,
        ...(spec.subject ? { subject: spec.subject } : {}),
        status: pending ? 'running' : 'done',
        createdAt: existing?.createdAt ?? this.services.now().toISOString(),
        ...(spec.quiet ? { quiet: spec.quiet } : {}),
        counts: ledger.snapshot(),
        ...(places ? { places } : {}),
        ...(pending ? {} : { finishedAt: existing?.finishedAt ?? this.services.now().toISOString() }),
      };
      await records.put(recordOf(meta));
      return { outcome: 'created', meta: structuredClone(meta), added, reopened };
    } finally {
      this.#creating.delete(spec.id);
      if (lease !== 'local') await lease.release();
    }
  }

  /**
   * Sends to every pending recipient (resuming where a crash or a stop left off). Resolves
   * with the report once everyone reachable now has an outcome; before `start()` it only
   * reports, since the channels are not running yet.
   */
  async run(id: string, onProgress?: (counts: Counts) => void): Promise<BroadcastReport> {
    const off = onProgress ? this.watch(id, onProgress) : () => {};
    try {
      let task = this.#tasks.get(id);
      if (!task) {
        if (this.#creating.has(id)) throw new BroadcastBusyError(id);
        if (!this.#started || this.#stopping) {
          const report = await this.report(id);
          if (!report) throw new Error(`No broadcast ${id}`);
          return report;
        }
        task = this.#task(id, true);
      }
      return await task;
    } finally {
      off();
    }
  }

  /** This process's task sending `id`; with other instances, `wait` waits while another one sends it. */
  #task(id: string, wait: boolean): Promise<BroadcastReport> {
    let task = this.#tasks.get(id);
    if (!task) {
      task = this.#begin(id, wait).finally(() => this.#tasks.delete(id));
      this.#tasks.set(id, task);
    }
    return task;
  }

  /**
   * With other instances, the broadcast's lease: a ledger sent by two instances at once would reach
   * its pending recipients twice. 'elsewhere' when another instance sends it (after waiting, with
   * `wait`, until it no longer does or this process stops).
   */
  async #lease(id: string, wait: boolean): Promise<Lease | 'local' | 'elsewhere'> {
    const cluster = this.options.cluster;
    if (!cluster?.shared) return 'local';
    for (;;) {
      const lease = await cluster.claim(`broadcast:${id}`);
      if (lease) return lease;
      if (!wait || this.#stopping || (await this.get(id))?.status !== 'running') return 'elsewhere';
      await new Promise((r) => setTimeout(r, Math.min(this.options.sweepMs ?? 5_000, 1_000)));
    }
  }

  async #begin(id: string, wait: boolean): Promise<BroadcastReport> {
    const lease = await this.#lease(id, wait);
    if (lease === 'elsewhere') {
      const report = await this.report(id);
      if (!report) throw new Error(`No broadcast ${id}`);
      return report;
    }
    try {
      return await this.#send(id, lease === 'local' ? undefined : () => lease.valid());
    } finally {
      if (lease !== 'local') await lease.release();
    }
  }

  /** `mayHandOver`: false once this instance may no longer be the broadcast's only sender. */
  async #send(id: string, mayHandOver?: () => boolean): Promise<BroadcastReport> {
    const meta = await this.get(id);
    if (!meta) throw new Error(`No broadcast ${id}`);
    const kind = this.options.kinds[meta.kind];
    if (!kind) throw new Error(`No broadcast kind ${meta.kind}`);
    const ledger = await Ledger.open(this.services.store, id);
    const emit = (counts: Counts) => {
      for (const listener of this.#watchers.get(id) ?? []) listener(counts);
    };
    const run = new Run(this.services, meta, ledger, kind, this.options.window ?? 64, emit, mayHandOver);
    this.#runs.set(id, run);
    if (this.#stopping) run.stop();
    try {
      const report = await run.done;
      await this.#finish(meta, report);
      await kind.onFinished?.(this.services, meta, report).catch((e) => this.services.log.error({ err: e, broadcast: id }, 'broadcast report failed'));
      return report;
    } finally {
      this.#runs.delete(id);
    }
  }

  async #finish(meta: BroadcastMeta, report: BroadcastReport): Promise<void> {
    await (await this.#records()).update(meta.id, (m) => {
      if (!m) return m;
      m.status = report.status;
      m.counts = report.counts;
      if (report.places) m.places = report.places;
      if (report.wakeAt) m.wakeAt = report.wakeAt;
      else delete m.wakeAt;
      if (report.status === 'done') m.finishedAt = this.services.now().toISOString();
      return m;
    });
    if (report.status === 'held' && report.wakeAt) {
      await this.services.schedule({ id: `bc-wake-${meta.id}`, kind: this.options.wakeJob, at: report.wakeAt, graceMs: WAKE_GRACE_MS, payload: { id: meta.id } });
    }
  }

  /** Counts of a broadcast, live while it runs. */
  async report(id: string): Promise<BroadcastReport | null> {
    const run = this.#runs.get(id);
    const meta = run?.meta ?? (await this.get(id));
    if (!meta) return null;
    const ledger = run?.ledger ?? (await Ledger.open(this.services.store, id));
    const current = (await this.get(id)) ?? meta;
    const places = ledger.placeSnapshot();
    return { id, status: run ? 'running' : current.status, counts: ledger.snapshot(), ...(places ? { places } : {}), ...(current.wakeAt ? { wakeAt: current.wakeAt } : {}) };
  }

  /** The channels run: resume every broadcast that was running, and those whose quiet hours are over. */
  async start(): Promise<void> {
    // Several flows share the center and each may start it: only the first start resumes.
    if (this.#started && !this.#stopping) return;
    this.#started = true;
    this.#stopping = false;
    await this.wake();
    // Broadcasts created through the database by the command line, or left by an instance that died.
    if (this.options.cluster?.shared && !this.#sweep) {
      this.#sweep = setInterval(() => void this.wake().catch((e: unknown) => this.services.log.error({ err: e }, 'looking for broadcasts to send failed')), this.options.sweepMs ?? 5_000);
      this.#sweep.unref();
    }
  }

  /** Resumes broadcasts that are due (all of them, or only `id`), in the background. */
  async wake(id?: string): Promise<void> {
    if (!this.#started || this.#stopping) return;
    const now = this.services.now().getTime();
    const records = await this.#records();
    const waiting = id ? [await records.get(id)].filter((m) => m !== undefined) : await all(records, { where: { status: ['running', 'held'] } });
    for (const meta of waiting) {
      // A kind nobody registered (yet): the broadcast waits, "running", for its owner's registration.
      if (!this.options.kinds[meta.kind]) continue;
      const due = meta.status === 'running' || (meta.status === 'held' && (!meta.wakeAt || Date.parse(meta.wakeAt) <= now));
      if (due && !this.isActive(meta.id)) {
        this.#task(meta.id, false).catch((e) => this.services.log.error({ err: e, broadcast: meta.id }, 'broadcast stopped with an error; it resumes at the next start'));
      }
    }
  }

  /** Graceful stop: no new recipients; those in flight get their outcome recorded. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = null;
    for (const run of this.#runs.values()) run.stop();
    await this.idle();
    this.#started = false;
  }

  /** Resolves when this process sends no broadcast. */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) {
      for (const run of this.#stopping ? this.#runs.values() : []) run.stop();
      await Promise.allSettled([...this.#tasks.values()]);
    }
  }

  /** The person's line in every ledger (/mydata), through the ledger's person index. */
  async entriesOf(key: string): Promise<{ broadcast: string; kind: string; status: string; at?: string }[]> {
    const { store } = this.services;
    const found = await all(recipientRecords(store), { where: { k: key } });
    const metas = new Map((await (await this.#records()).getMany([...new Set(found.map((r) => r.b))])).map((m) => [m.id, m]));
    const out = [];
    for (const r of found) {
      const entry = this.#runs.get(r.b)?.ledger.get(key) ?? (await lineOf(store, r));
      if (entry) out.push({ broadcast: r.b, kind: metas.get(r.b)?.kind ?? '?', status: entry.s, ...(entry.at ? { at: entry.at } : {}) });
    }
    return out;
  }

  /** Broadcasts whose report goes to the person (named by one of `refs`), for /mydata. */
  async referencing(refs: readonly string[]): Promise<{ broadcast: string; kind: string; fields: string[] }[]> {
    if (refs.length === 0) return [];
    const found = await all(await this.#records(), { where: { reportTo: refs } });
    return found.map((m) => ({ broadcast: m.id, kind: m.kind, fields: ['reportTo'] }));
  }

  /**
   * Erases a person (/forget): their line in every ledger, and the `reportTo` of every
   * broadcast that names them by one of `refs` (their user key, and `channel:userId` as older
   * data wrote it).
   */
  async forget(key: string, refs: readonly string[] = []): Promise<void> {
    const { store } = this.services;
    for (const r of await all(recipientRecords(store), { where: { k: key } })) {
      // A ledger being sent keeps its lines in memory: it must drop this one, or its next write brings it back.
      const open = this.#runs.get(r.b)?.ledger;
      if (open) await open.drop(key);
      else await eraseLine(store, r);
    }
    const names = [key, ...refs];
    const records = await this.#records();
    for (const m of await all(records, { where: { reportTo: names } })) {
      await records.update(m.id, (cur) => {
        if (!cur) return cur;
        delete cur.payload.reportTo;
        return recordOf(cur);
      });
    }
    // A run in progress keeps its own copy of the meta: its payload must not bring the name back in a report.
    for (const run of this.#runs.values()) {
      if (names.includes(run.meta.payload.reportTo as string)) delete run.meta.payload.reportTo;
    }
  }
}

const opened = new WeakMap<Store, Promise<Collection<BroadcastRecord>>>();

/** The broadcasts collection of a store; its first opening moves the older shared documents in (once). */
function openBroadcasts(store: Store, services: Pick<Services, 'log'>): Promise<Collection<BroadcastRecord>> {
  let opening = opened.get(store);
  if (!opening) {
    // A read-only open (the CLI) never writes: the running bot moves the older documents at its start.
    opening = (store.readOnly ? Promise.resolve(0) : migrateBroadcasts(store, services.log)).then(() => broadcastRecords(store));
    opened.set(store, opening);
    opening.catch(() => opened.delete(store));
  }
  return opening;
}

const centers = new WeakMap<Services, BroadcastCenter>();

/** The broadcast center of a running core (one per core, created on first use). */
export function broadcastCenter(services: Services, options: CenterOptions): BroadcastCenter {
  let center = centers.get(services);
  if (!center) centers.set(services, (center = new BroadcastCenter(services, { ...options, kinds: { ...options.kinds } })));
  else center.register(options.kinds);
  return center;
}
