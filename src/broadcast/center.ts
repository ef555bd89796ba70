import type { Services } from '../engine/services.ts';
import type { SharedDoc } from '../store/types.ts';
import { Ledger } from './ledger.ts';
import { Run } from './runner.ts';
import type { BroadcastKind, BroadcastMeta, BroadcastReport, BroadcastSpec, Counts } from './types.ts';

export interface CenterOptions {
  kinds: Record<string, BroadcastKind>;
  /** The job kind whose handler calls `wake()`: it resumes broadcasts held by quiet hours. */
  wakeJob: string;
  /** Recipients per channel handed to the outbox at once. */
  window?: number;
  /** Recipients per ledger file. */
  chunkSize?: number;
}

interface Index {
  items: Record<string, BroadcastMeta>;
}

/** Another broadcast with this id is being created or sent right now. */
export class BroadcastBusyError extends Error {
  readonly code = 'BROADCAST_BUSY';
  constructor(readonly id: string) {
    super(`Broadcast ${id} is already being sent.`);
  }
}

const WAKE_GRACE_MS = 24 * 60 * 60 * 1000;

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
  #index: SharedDoc<Index> | null = null;

  constructor(
    private readonly services: Services,
    private readonly options: CenterOptions,
  ) {}

  async #doc(): Promise<SharedDoc<Index>> {
    this.#index ??= await this.services.store.shared<Index>('broadcasts', () => ({ items: {} }));
    return this.#index;
  }

  async get(id: string): Promise<BroadcastMeta | undefined> {
    const meta = (await this.#doc()).data.items[id];
    return meta && structuredClone(meta);
  }

  async list(): Promise<BroadcastMeta[]> {
    return structuredClone(Object.values((await this.#doc()).data.items));
  }

  /** Adds kinds of broadcast (another flow's). */
  register(kinds: Record<string, BroadcastKind>): void {
    for (const [name, kind] of Object.entries(kinds)) this.options.kinds[name] ??= kind;
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
   * Durable on return; nothing is sent until `run`.
   */
  async create(spec: BroadcastSpec): Promise<{ meta: BroadcastMeta; added: number; reopened: number }> {
    if (!/^[a-z0-9-]{1,80}$/.test(spec.id)) throw new Error(`Bad broadcast id: ${spec.id}`);
    if (!this.options.kinds[spec.kind]) throw new Error(`No broadcast kind ${spec.kind}`);
    if (this.isActive(spec.id)) throw new BroadcastBusyError(spec.id);
    this.#creating.add(spec.id);
    try {
      const doc = await this.#doc();
      const existing = doc.data.items[spec.id];
      const ledger = await Ledger.open(this.services.store, spec.id, existing?.chunks ?? 0, this.options.chunkSize);
      const { added, reopened } = await ledger.add(spec.recipients, this.services.now(), spec.reopen);
      const pending = ledger.counts.pending > 0;
      const meta: BroadcastMeta = {
        id: spec.id,
        kind: spec.kind,
        payload: spec.payload,
        status: pending ? 'running' : 'done',
        createdAt: existing?.createdAt ?? this.services.now().toISOString(),
        chunks: ledger.chunks,
        ...(spec.quiet ? { quiet: spec.quiet } : {}),
        counts: ledger.snapshot(),
        ...(pending ? {} : { finishedAt: existing?.finishedAt ?? this.services.now().toISOString() }),
      };
      await doc.update((d) => void (d.items[spec.id] = meta));
      return { meta: structuredClone(meta), added, reopened };
    } finally {
      this.#creating.delete(spec.id);
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
        task = this.#begin(id).finally(() => this.#tasks.delete(id));
        this.#tasks.set(id, task);
      }
      return await task;
    } finally {
      off();
    }
  }

  async #begin(id: string): Promise<BroadcastReport> {
    const meta = await this.get(id);
    if (!meta) throw new Error(`No broadcast ${id}`);
    const kind = this.options.kinds[meta.kind];
    if (!kind) throw new Error(`No broadcast kind ${meta.kind}`);
    const ledger = await Ledger.open(this.services.store, id, meta.chunks, this.options.chunkSize);
    const emit = (counts: Counts) => {
      for (const listener of this.#watchers.get(id) ?? []) listener(counts);
    };
    const run = new Run(this.services, meta, ledger, kind, this.options.window ?? 64, emit);
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
    const doc = await this.#doc();
    await doc.update((d) => {
      const m = d.items[meta.id];
      if (!m) return;
      m.status = report.status;
      m.counts = report.counts;
      if (report.wakeAt) m.wakeAt = report.wakeAt;
      else delete m.wakeAt;
      if (report.status === 'done') m.finishedAt = this.services.now().toISOString();
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
    const ledger = run?.ledger ?? (await Ledger.open(this.services.store, id, meta.chunks, this.options.chunkSize));
    const current = (await this.get(id)) ?? meta;
    return { id, status: run ? 'running' : current.status, counts: ledger.snapshot(), ...(current.wakeAt ? { wakeAt: current.wakeAt } : {}) };
  }

  /** The channels run: resume every broadcast that was running, and those whose quiet hours are over. */
  async start(): Promise<void> {
    this.#started = true;
    this.#stopping = false;
    await this.wake();
  }

  /** Resumes broadcasts that are due (all of them, or only `id`), in the background. */
  async wake(id?: string): Promise<void> {
    if (!this.#started || this.#stopping) return;
    const now = this.services.now().getTime();
    for (const meta of await this.list()) {
      if (id && meta.id !== id) continue;
      const due = meta.status === 'running' || (meta.status === 'held' && (!meta.wakeAt || Date.parse(meta.wakeAt) <= now));
      if (due && !this.isActive(meta.id)) {
        this.run(meta.id).catch((e) => this.services.log.error({ err: e, broadcast: meta.id }, 'broadcast stopped with an error; it resumes at the next start'));
      }
    }
  }

  /** Graceful stop: no new recipients; those in flight get their outcome recorded. */
  async stop(): Promise<void> {
    this.#stopping = true;
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

  /** The person's line in every ledger (/mydata). */
  async entriesOf(key: string): Promise<{ broadcast: string; kind: string; status: string; at?: string }[]> {
    const out = [];
    for (const meta of await this.list()) {
      const ledger = this.#runs.get(meta.id)?.ledger ?? (await Ledger.open(this.services.store, meta.id, meta.chunks, this.options.chunkSize));
      const entry = ledger.get(key);
      if (entry) out.push({ broadcast: meta.id, kind: meta.kind, status: entry.s, ...(entry.at ? { at: entry.at } : {}) });
    }
    return out;
  }

  /** Broadcasts whose payload names the person (e.g. the manager their report goes to), for /mydata. */
  async referencing(refs: readonly string[]): Promise<{ broadcast: string; kind: string; fields: string[] }[]> {
    const out = [];
    for (const meta of await this.list()) {
      const fields = Object.keys(meta.payload).filter((k) => refs.includes(meta.payload[k] as string));
      if (fields.length) out.push({ broadcast: meta.id, kind: meta.kind, fields });
    }
    return out;
  }

  /**
   * Erases a person (/forget): their line in every ledger, and every payload field that names
   * them by one of `refs` (their user key, and `channel:userId` as older data wrote it).
   */
  async forget(key: string, refs: readonly string[] = []): Promise<void> {
    for (const meta of await this.list()) {
      const ledger = this.#runs.get(meta.id)?.ledger ?? (await Ledger.open(this.services.store, meta.id, meta.chunks, this.options.chunkSize));
      await ledger.drop(key);
    }
    const names = [key, ...refs];
    const named = (await this.referencing(names)).length > 0;
    if (!named) return;
    const doc = await this.#doc();
    await doc.update((d) => {
      for (const meta of Object.values(d.items)) {
        for (const k of Object.keys(meta.payload)) if (names.includes(meta.payload[k] as string)) delete meta.payload[k];
      }
    });
    // A run in progress keeps its own copy of the meta: its payload must not bring the name back in a report.
    for (const run of this.#runs.values()) {
      for (const k of Object.keys(run.meta.payload)) if (names.includes(run.meta.payload[k] as string)) delete run.meta.payload[k];
    }
  }
}

const centers = new WeakMap<Services, BroadcastCenter>();

/** The broadcast center of a running core (one per core, created on first use). */
export function broadcastCenter(services: Services, options: CenterOptions): BroadcastCenter {
  let center = centers.get(services);
  if (!center) centers.set(services, (center = new BroadcastCenter(services, { ...options, kinds: { ...options.kinds } })));
  else center.register(options.kinds);
  return center;
}
