import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import type { TextEvent } from '../src/core/types.ts';
import type { UserDoc } from '../src/store/types.ts';
import { allFlows } from '../flows/index.ts';
import { benchFlow, type BenchData } from './bench-flow.ts';
import { BenchChannel } from './bench-channel.ts';
import { BENCH_CHANNEL } from './populate.ts';

/** Concurrency of the latency measurement: 50 users answering at once. */
export const LATENCY_CONCURRENCY = 50;
/** One user in this many has its last acknowledged answer checked on disk at the end. */
const SAMPLE_EVERY = 97;

export interface WorkerOptions {
  dir: string;
  users: number;
  /** Seconds per concurrency level of the throughput ramp. */
  levelSeconds: number;
  /** Answers timed for the latency percentiles. */
  latencyAnswers: number;
}

export interface RampPoint {
  concurrency: number;
  answers: number;
  answersPerSec: number;
}

export interface WorkerResult {
  users: number;
  answersPerSec: number;
  concurrency: number;
  ramp: RampPoint[];
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  latencyAnswers: number;
  latencyConcurrency: number;
  peakRssMb: number;
  /** What the process held while it ran, sampled every 100 ms (see MemoryPeaks). */
  memory: MemoryPeaks;
  /** Time to create and start the core inside the worker (modules already loaded). */
  coreStartMs: number;
  answersTotal: number;
  repliesDelivered: number;
  /** The event loop's delay during the latency measurement (p99 and worst, ms): stalls every answer then waiting shares. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Garbage collection pauses during the latency measurement: how many, the longest, and how many over 50 ms. */
  gcPauses: number;
  gcMaxMs: number;
  gcOver50: number;
}

/**
 * The parts of the process's memory, sampled while the worker runs: the largest V8 heap (the
 * main thread's, committed), the largest memory outside it (ArrayBuffers and other external
 * memory: log frames, checkpoint parts, read buffers), and both at the sample with the largest
 * RSS. Peak RSS alone does not say which of them made it (MB).
 */
export interface MemoryPeaks {
  heapMaxMb: number;
  externalMaxMb: number;
  atPeak: { rssMb: number; heapMb: number; externalMb: number };
}

function sampleMemory(): { stop: () => MemoryPeaks } {
  const mb = (bytes: number) => round(bytes / 1048576, 1);
  const peaks: MemoryPeaks = { heapMaxMb: 0, externalMaxMb: 0, atPeak: { rssMb: 0, heapMb: 0, externalMb: 0 } };
  const sample = () => {
    const m = process.memoryUsage();
    peaks.heapMaxMb = Math.max(peaks.heapMaxMb, mb(m.heapTotal));
    peaks.externalMaxMb = Math.max(peaks.externalMaxMb, mb(m.external));
    if (mb(m.rss) > peaks.atPeak.rssMb) peaks.atPeak = { rssMb: mb(m.rss), heapMb: mb(m.heapTotal), externalMb: mb(m.external) };
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** Watches the event loop's delay and the garbage collector's pauses while `run` runs. */
async function watchStalls<T>(run: () => Promise<T>): Promise<{ result: T; loopDelayP99Ms: number; loopDelayMaxMs: number; gcPauses: number; gcMaxMs: number; gcOver50: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const gc = { pauses: 0, maxMs: 0, over50: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.pauses++;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.duration > 50) gc.over50++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  loop.enable();
  try {
    const result = await run();
    return {
      result,
      loopDelayP99Ms: round(loop.percentile(99) / 1e6),
      loopDelayMaxMs: round(loop.max / 1e6),
      gcPauses: gc.pauses,
      gcMaxMs: round(gc.maxMs),
      gcOver50: gc.over50,
    };
  } finally {
    loop.disable();
    observer.disconnect();
  }
}

async function startCore(dir: string): Promise<{ core: Core; channel: BenchChannel }> {
  const channel = new BenchChannel();
  const core = await createCore({
    config: { lang: 'en', tz: 'Europe/Brussels', managers: new Set(), dataDir: dir },
    flows: [...allFlows, benchFlow],
    channels: [channel],
    log: silentLogger(),
  });
  await core.start();
  return { core, channel };
}

/**
 * `--startup-only <dir>`: a fresh process creates the core (store, i18n, flows) on a folder
 * that already holds the users and starts it. The time is counted from the process's own
 * start (performance.now()'s origin), so Node's boot and every module load are included.
 */
export async function startupOnly(dir: string): Promise<{ startupMs: number }> {
  const { core } = await startCore(dir);
  const startupMs = performance.now();
  await core.stop();
  return { startupMs };
}

class Driver {
  readonly #busy = new Set<number>();
  /** Update ids are unique like a platform's, even on a folder a previous run answered into. */
  readonly #run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  #update = 0;
  answers = 0;
  /** The last acknowledged answer of a sample of users, to check against the files at the end. */
  readonly acknowledged = new Map<number, string>();

  constructor(
    private readonly channel: BenchChannel,
    private readonly users: number,
  ) {}

  /** A random stored user who has no answer in flight (one person types one message at a time). */
  #pick(): number {
    for (;;) {
      const i = Math.floor(Math.random() * this.users);
      if (!this.#busy.has(i)) return i;
    }
  }

  /** One answer: event in, document durable, reply out. Returns its latency in ms. */
  async answer(): Promise<number> {
    const i = this.#pick();
    this.#busy.add(i);
    const chatId = String(i);
    const n = ++this.#update;
    const event: TextEvent = {
      kind: 'text',
      address: { channel: BENCH_CHANNEL, chatId, userId: chatId },
      updateId: `${this.#run}-${n}`,
      text: `Idea number ${n}: being able to see a doctor when I need one`,
    };
    try {
      const t0 = performance.now();
      const handled = await this.channel.sink!(event);
      await handled.delivered;
      const out = this.channel.lastAt.get(chatId);
      if (out === undefined || out < t0) throw new Error(`no reply came out for user ${i}`);
      this.channel.lastAt.delete(chatId);
      this.answers++;
      if (i % SAMPLE_EVERY === 0) this.acknowledged.set(i, event.text);
      return out - t0;
    } finally {
      this.#busy.delete(i);
    }
  }

  /** `concurrency` users answering back to back until `stop()` says so. */
  async closedLoop(concurrency: number, stop: (done: number) => boolean, latencies?: number[]): Promise<{ answers: number; ms: number }> {
    const start = performance.now();
    let done = 0;
    const vu = async () => {
      while (!stop(done)) {
        const ms = await this.answer();
        done++;
        latencies?.push(ms);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, vu));
    return { answers: done, ms: performance.now() - start };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function forSeconds(seconds: number): (done: number) => boolean {
  const end = performance.now() + seconds * 1000;
  return () => performance.now() >= end;
}

/** The concurrency levels of the throughput ramp, for a store of `users`. */
function levels(users: number): number[] {
  return [25, 50, 100, 200, 400, 800, 1600].filter((c) => c <= Math.max(25, users / 2));
}

/**
 * `--worker <dir> <users>`: one process per size. Warms up, ramps the number of users answering
 * at once until throughput stops rising (the best level is the sustained rate), then times
 * answers with 50 users answering at once, and reports its own peak RSS.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerResult> {
  const { dir, users } = options;
  const memory = sampleMemory();
  const t0 = performance.now();
  const { core, channel } = await startCore(dir);
  const coreStartMs = performance.now() - t0;
  const driver = new Driver(channel, users);
  const progress = (msg: string) => process.stderr.write(`  [${users} users] ${msg}\n`);

  await driver.closedLoop(LATENCY_CONCURRENCY, forSeconds(Math.min(2, options.levelSeconds)));

  const ramp: RampPoint[] = [];
  let best: RampPoint | undefined;
  let flat = 0;
  for (const concurrency of levels(users)) {
    const { answers, ms } = await driver.closedLoop(concurrency, forSeconds(options.levelSeconds));
    const point = { concurrency, answers, answersPerSec: round((answers * 1000) / ms, 0) };
    ramp.push(point);
    progress(`${concurrency} at once: ${point.answersPerSec} answers/s`);
    if (!best || point.answersPerSec > best.answersPerSec * 1.03) {
      flat = 0;
    } else if (++flat >= 2) {
      if (point.answersPerSec > best.answersPerSec) best = point;
      break;
    }
    if (!best || point.answersPerSec > best.answersPerSec) best = point;
  }

  const latencies: number[] = [];
  const { result: _, ...stalls } = await watchStalls(() => driver.closedLoop(LATENCY_CONCURRENCY, (done) => done >= options.latencyAnswers, latencies));
  latencies.sort((a, b) => a - b);
  progress(`latency at ${LATENCY_CONCURRENCY} at once: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms`);
  progress(`event loop delay p99 ${stalls.loopDelayP99Ms} ms, max ${stalls.loopDelayMaxMs} ms; GC ${stalls.gcPauses} pauses, longest ${stalls.gcMaxMs} ms, ${stalls.gcOver50} over 50 ms`);

  await core.stop();
  verifyDurable(dir, core, driver);
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024, 1);
  const memoryPeaks = memory.stop();
  progress(`memory: peak RSS ${peakRssMb} MB; V8 heap at most ${memoryPeaks.heapMaxMb} MB, external at most ${memoryPeaks.externalMaxMb} MB`);

  return {
    users,
    answersPerSec: best!.answersPerSec,
    concurrency: best!.concurrency,
    ramp,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    latencyAnswers: latencies.length,
    latencyConcurrency: LATENCY_CONCURRENCY,
    peakRssMb,
    memory: memoryPeaks,
    coreStartMs: round(coreStartMs, 1),
    answersTotal: driver.answers,
    repliesDelivered: channel.delivered,
    ...stalls,
  };
}

/** Every answer got its reply, and what was acknowledged is on disk (read back from the file itself). */
function verifyDurable(dir: string, core: Core, driver: Driver): void {
  if (core.outbox.stats.failed > 0) throw new Error(`${core.outbox.stats.failed} replies failed`);
  if (driver.answers === 0) throw new Error('no answer was made');
  const store = core.services.store;
  for (const [i, text] of driver.acknowledged) {
    const key = store.keyOf(`${BENCH_CHANNEL}:${i}`);
    const doc = JSON.parse(readFileSync(join(dir, 'users', key.slice(0, 2), `${key}.json`), 'utf8')) as UserDoc;
    const data = doc.flows.bench as BenchData | undefined;
    if (data?.ideas.at(-1)?.text !== text || doc.session?.step !== 'ideas') throw new Error(`user ${i}: the acknowledged answer is not on disk`);
  }
}
