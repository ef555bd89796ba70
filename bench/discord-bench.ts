/**
 * Discord load, next to Telegram's in the same run: simulated people answering at once through
 * the real Discord channel (discord.js gateway client and REST) against the fake Discord on
 * 127.0.0.1, with users already stored. The bot runs in its own process, as in production; the
 * fake and the people in this one. The fake's limits (buckets, the global 50/s) and the outbox's
 * are off: this measures what the adapter and the core sustain.
 * One idea = a DM dispatched over the gateway (MESSAGE_CREATE). Discord has no answer to a DM a
 * bot could give before its reply, so an idea is acknowledged when the bot's answer is posted
 * (POST /channels/{dm}/messages), and the person then sends the next: acknowledged ideas/s counts
 * those, as Telegram's row counts answered ones, and p50/p99 run from the dispatch to the answer.
 * Telegram's row is measured here too, with the same people at once, the same stored users and
 * the same duration.
 * Usage: discord-bench.ts [stored] [concurrency] [seconds]; prints one JSON line per platform.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { startFakeDiscord, type FakeDiscord } from '../tests/fakes/discord/index.ts';
import { benchUser, flushToDisk } from './populate.ts';
import { BotCpu, botNodeArgs, cpuWindow, type CpuPerIdea } from './bot-cpu.ts';
import { runTelegramBench } from './telegram-bench.ts';

export interface DiscordRun extends CpuPerIdea {
  platform: 'discord';
  concurrentUsers: number;
  acked: number;
  ackedPerSec: number;
  /** DM dispatched → the bot's answer posted. */
  p50Ms: number;
  p99Ms: number;
  /** Answers Discord refused (none expected with the limits off). */
  refused: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Number(ms.toFixed(1));
const userOf = (i: number) => String(400000000000000000n + BigInt(i));
const MESSAGE_POST = /\/channels\/(\d+)\/messages$/;

/** Stored Discord users, as the engine leaves them: consent given, in the bench flow's idea list; the first `met` have their DM. */
async function populateDiscord(dir: string, fake: FakeDiscord, n: number, met: number): Promise<void> {
  const store = await LowdbStore.open(dir);
  const at = new Date(Date.now() - 86_400_000);
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    const userId = userOf(i);
    const key = store.keyOf(`discord:${userId}`);
    const doc = benchUser(key, i, at);
    doc.contact = { channel: 'discord', userId, chatId: i < met ? fake.dmOf(userId) : '' };
    doc.seen = [];
    const shard = key.slice(0, 2);
    if (!made.has(shard)) mkdirSync(join(dir, 'users', shard), { recursive: true }), made.add(shard);
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(doc, null, 2));
  }
  await store.close();
  flushToDisk();
}

/** The data folder goes at the end, also when the bot fails to start. */
export async function runDiscordBench(options: { stored: number; concurrency: number; seconds: number }): Promise<DiscordRun> {
  const dir = mkdtempSync(join(tmpdir(), 'together-discord-bench-'));
  try {
    return await discordRun(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function discordRun(dir: string, options: { stored: number; concurrency: number; seconds: number }): Promise<DiscordRun> {
  const { concurrency } = options;
  // A long heartbeat: the bench is shorter than one, and a beat is not what is measured.
  const fake = await startFakeDiscord({ limits: false, heartbeatIntervalMs: 60_000 });
  for (let i = 0; i < concurrency; i++) fake.addUser({ id: userOf(i), username: `bench${i}`, locale: 'en-US' });
  await populateDiscord(dir, fake, Math.max(options.stored, concurrency), concurrency);
  const bot = spawn(process.execPath, [...botNodeArgs(), '--import', 'tsx', 'bench/discord-bot-child.ts', dir, fake.apiUrl, fake.token], { stdio: ['ignore', 'pipe', 'inherit'] });
  const cpu = new BotCpu(bot);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: bot.stdout! }).on('line', (l) => (l === 'READY' ? resolve() : cpu.line(l)));
    bot.once('exit', (code) => reject(new Error(`discord bench bot exited with ${code}`)));
  });
  const waiting = new Map<string, (at: number) => void>();
  let refused = 0;
  const stop = fake.onCall((call) => {
    if (call.method !== 'POST') return;
    const channel = MESSAGE_POST.exec(call.path)?.[1];
    if (!channel) return;
    if (call.status !== 200) {
      refused++;
      return;
    }
    const resolve = waiting.get(channel);
    if (resolve) {
      waiting.delete(channel);
      resolve(performance.now());
    }
  });
  try {
    const latencies: number[] = [];
    let n = 0;
    const deadline = performance.now() + options.seconds * 1000;
    const person = async (i: number) => {
      const userId = userOf(i);
      const dm = fake.dmOf(userId);
      while (performance.now() < deadline) {
        const answered = new Promise<number>((resolve) => waiting.set(dm, resolve));
        const start = performance.now();
        await fake.sendDm(userId, `idea ${n++} about clean air and good neighbours`);
        latencies.push((await answered) - start);
      }
    };
    const t0 = performance.now();
    const window = cpuWindow(cpu, options.seconds * 200, () => latencies.length);
    await Promise.all(Array.from({ length: concurrency }, (_, i) => person(i)));
    const elapsed = (performance.now() - t0) / 1000;
    const perIdea = await window.finish();
    latencies.sort((a, b) => a - b);
    return {
      platform: 'discord',
      concurrentUsers: concurrency,
      acked: latencies.length,
      ackedPerSec: Math.round(latencies.length / elapsed),
      p50Ms: round(pct(latencies, 50)),
      p99Ms: round(pct(latencies, 99)),
      refused,
      ...perIdea,
    };
  } finally {
    stop();
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await fake.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stored = Number(process.argv[2] ?? 100_000);
  const concurrency = Number(process.argv[3] ?? 200);
  const seconds = Number(process.argv[4] ?? 10);
  const [telegram] = await runTelegramBench({ stored, concurrency: [concurrency], seconds });
  console.log(JSON.stringify({ bench: 'discord', stored, platform: 'telegram', ...telegram }));
  const discord = await runDiscordBench({ stored, concurrency, seconds });
  console.log(JSON.stringify({ bench: 'discord', stored, ...discord }));
}
