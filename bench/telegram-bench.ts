/**
 * Telegram load: simulated users answering through the real TelegramChannel (telegraf, long
 * polling) against the fake Bot API on 127.0.0.1, with 100,000 users already stored. The bot
 * runs in its own process, as in production; the fake and the simulated users in this one.
 * Round trip = the fake enqueues the user's idea → the bot's acknowledgement reaches the fake.
 * By default both the fake's and the channel's rate limits are off: this measures what the
 * adapter and the core sustain. With `limits: 'telegram'` the fake enforces Telegram's published
 * limits (30 messages/s overall, 1/s per private chat, unscaled) and the bot keeps them as
 * `together start` does: what a user gets in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { startFakeTelegram } from '../tests/fakes/telegram/index.ts';
import { benchUser, flushToDisk } from './populate.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BotCpu, botNodeArgs, cpuWindow, type CpuPerIdea } from './bot-cpu.ts';

export type BenchLimits = 'off' | 'telegram';

export interface TelegramRun extends CpuPerIdea {
  limits: BenchLimits;
  concurrentUsers: number;
  ackedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  acked: number;
  /** 429 answers of the fake during the run (the outbox should keep under the limits: 0). */
  tooManyRequests: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function populateTelegram(dir: string, n: number): Promise<void> {
  const store = await LowdbStore.open(dir);
  const at = new Date(Date.now() - 86_400_000);
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = 10_000 + i;
    const key = store.keyOf(`telegram:${id}`);
    const doc = benchUser(key, i, at);
    doc.contact = { channel: 'telegram', userId: String(id), chatId: String(id) };
    doc.seen = [];
    const shard = key.slice(0, 2);
    if (!made.has(shard)) mkdirSync(join(dir, 'users', shard), { recursive: true }), made.add(shard);
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(doc, null, 2));
  }
  await store.close();
  flushToDisk();
}

/** The data folder goes at the end, also when the bot fails to start. */
export async function runTelegramBench(options: { stored: number; concurrency: number[]; seconds: number; limits?: BenchLimits }): Promise<TelegramRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'together-tg-bench-'));
  try {
    return await telegramRun(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function telegramRun(dir: string, options: { stored: number; concurrency: number[]; seconds: number; limits?: BenchLimits }): Promise<TelegramRun[]> {
  const limits = options.limits ?? 'off';
  await populateTelegram(dir, options.stored);
  const fake = await startFakeTelegram({ limits: limits === 'telegram' ? {} : false });
  const bot = spawn(process.execPath, [...botNodeArgs(), '--import', 'tsx', 'bench/telegram-bot-child.ts', dir, fake.url, fake.token, limits], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: bot.stdout! });
  const cpu = new BotCpu(bot);
  lines.on('line', (l) => cpu.line(l));
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (l) => l === 'READY' && resolve());
    bot.once('exit', (code) => reject(new Error(`bench bot exited with ${code}`)));
  });
  await ready;
  const waiting = new Map<number, (at: number) => void>();
  const stop = fake.onCall((call) => {
    if (call.method !== 'sendMessage' || !call.ok) return;
    const chat = Number(call.params.chat_id);
    const resolve = waiting.get(chat);
    if (resolve) {
      waiting.delete(chat);
      resolve(performance.now());
    }
  });
  const results: TelegramRun[] = [];
  try {
    for (const concurrency of options.concurrency) {
      const latencies: number[] = [];
      const refusedBefore = fake.counters().tooManyRequests;
      const deadline = performance.now() + options.seconds * 1000;
      let n = 0;
      const user = async (i: number) => {
        const u = { id: 10_000 + i, language_code: 'en' };
        fake.addUser(u);
        while (performance.now() < deadline) {
          const acked = new Promise<number>((resolve) => waiting.set(u.id, resolve));
          const start = performance.now();
          fake.sendText(u, `idea ${n++} about clean air and good neighbours`);
          latencies.push((await acked) - start);
        }
      };
      const t0 = performance.now();
      const window = cpuWindow(cpu, options.seconds * 200, () => latencies.length);
      await Promise.all(Array.from({ length: concurrency }, (_, i) => user(i)));
      const elapsed = (performance.now() - t0) / 1000;
      const perIdea = await window.finish();
      latencies.sort((a, b) => a - b);
      results.push({
        limits,
        concurrentUsers: concurrency,
        acked: latencies.length,
        ackedPerSec: Math.round(latencies.length / elapsed),
        p50Ms: Number(pct(latencies, 50).toFixed(1)),
        p99Ms: Number(pct(latencies, 99).toFixed(1)),
        tooManyRequests: fake.counters().tooManyRequests - refusedBefore,
        ...perIdea,
      });
    }
  } finally {
    stop();
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await fake.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stored = Number(process.argv[2] ?? 100_000);
  const runs = await runTelegramBench({ stored, concurrency: [100, 1000], seconds: 10 });
  for (const r of runs) console.log(JSON.stringify({ bench: 'telegram', stored, ...r }));
  // What `together start` gives users under Telegram's real limits (the same machine, same store).
  const production = await runTelegramBench({ stored, concurrency: [1, 10, 100], seconds: 10, limits: 'telegram' });
  for (const r of production) console.log(JSON.stringify({ bench: 'telegram', stored, ...r }));
}
