/**
 * What the Slack and Discord rows share: stored users of a platform in a fresh data folder, the
 * bot child with its CPU read, the simulated people answering in a closed loop (each sends the
 * next idea once the last is answered), and the command line that measures Telegram's row
 * first, in the same run, with the same people, stored users and duration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { benchUser, flushToDisk } from './populate.ts';
import { BotCpu, botNodeArgs, cpuWindow, type CpuPerIdea } from './bot-cpu.ts';
import { runTelegramBench } from './telegram-bench.ts';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Number(ms.toFixed(1));

/** The median and 99th percentile of latencies in ms (sorts them). */
export function percentiles(ms: number[]): { p50Ms: number; p99Ms: number } {
  ms.sort((a, b) => a - b);
  return { p50Ms: round(pct(ms, 50)), p99Ms: round(pct(ms, 99)) };
}

/**
 * Stored users of `channel`, as the engine leaves them: consent given, in the bench flow's idea
 * list, written straight in the store's layout (users/<shard>/<key>.json) and flushed to disk.
 */
export async function populateChannel(dir: string, channel: string, n: number, contact: (i: number) => { userId: string; chatId: string }): Promise<void> {
  const store = await LowdbStore.open(dir);
  const at = new Date(Date.now() - 86_400_000);
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    const { userId, chatId } = contact(i);
    const key = store.keyOf(`${channel}:${userId}`);
    const doc = benchUser(key, i, at);
    doc.contact = { channel, userId, chatId };
    doc.seen = [];
    const shard = key.slice(0, 2);
    if (!made.has(shard)) mkdirSync(join(dir, 'users', shard), { recursive: true }), made.add(shard);
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(doc, null, 2));
  }
  await store.close();
  flushToDisk();
}

/** Runs `run` on a fresh data folder, removed at the end, also when the bot fails to start. */
export async function inDataFolder<T>(prefix: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bot child (`node --import tsx <script> <args>`), once it printed its ready line; `ready`
 * reads what follows READY. `stop` stops the bot, then closes the fake; so does a failed start.
 */
export async function startBot(script: string, args: string[], fake: { close(): Promise<void> }): Promise<{ bot: ChildProcess; cpu: BotCpu; ready: string; stop: () => Promise<void> }> {
  const bot = spawn(process.execPath, [...botNodeArgs(), '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const cpu = new BotCpu(bot);
  const ready = await new Promise<string>((resolve, reject) => {
    createInterface({ input: bot.stdout! }).on('line', (l) => (l === 'READY' || l.startsWith('READY ') ? resolve(l.slice(6)) : cpu.line(l)));
    bot.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  }).catch(async (e: unknown) => {
    await fake.close();
    throw e;
  });
  const stop = async () => {
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await fake.close();
  };
  return { bot, cpu, ready, stop };
}

/** Who waits for the bot's answer in which conversation: the fake's call hook resolves them with the time it saw the answer. */
export class Answers {
  readonly #waiting = new Map<string, (at: number) => void>();

  expect(conversation: string): Promise<number> {
    return new Promise<number>((resolve) => this.#waiting.set(conversation, resolve));
  }

  answered(conversation: string): void {
    const resolve = this.#waiting.get(conversation);
    if (!resolve) return;
    this.#waiting.delete(conversation);
    resolve(performance.now());
  }

  forget(conversation: string): void {
    this.#waiting.delete(conversation);
  }
}

/**
 * `concurrency` people, each running `idea(person, n)` again and again for `seconds` (n counts
 * the ideas of all of them); `done()` counts the answered ideas. CPU per idea is counted from a
 * fifth of the run on: past the people's first contacts and the JIT's warm-up.
 */
export async function closedLoop(o: {
  concurrency: number;
  seconds: number;
  cpu: BotCpu;
  done: () => number;
  idea: (person: number, n: number, t0: number) => Promise<void>;
}): Promise<CpuPerIdea & { acked: number; ackedPerSec: number }> {
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  const person = async (i: number) => {
    while (performance.now() < deadline) await o.idea(i, n++, t0);
  };
  const window = cpuWindow(o.cpu, o.seconds * 200, o.done);
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => person(i)));
  const elapsedS = (performance.now() - t0) / 1000;
  const acked = o.done();
  return { acked, ackedPerSec: Math.round(acked / elapsedS), ...(await window.finish()) };
}

/** The command line of a row measured beside Telegram's: `[stored] [concurrency] [seconds]`, one JSON line per platform. */
export async function besideTelegram(bench: string, run: (o: { stored: number; concurrency: number; seconds: number }) => Promise<object>): Promise<void> {
  const stored = Number(process.argv[2] ?? 100_000);
  const concurrency = Number(process.argv[3] ?? 200);
  const seconds = Number(process.argv[4] ?? 10);
  const [telegram] = await runTelegramBench({ stored, concurrency: [concurrency], seconds });
  console.log(JSON.stringify({ bench, stored, platform: 'telegram', ...telegram }));
  console.log(JSON.stringify({ bench, stored, ...(await run({ stored, concurrency, seconds })) }));
}
