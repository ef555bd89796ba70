/**
 * Slack load, next to Telegram's in the same run: simulated people answering at once through
 * the real Slack channel (bolt, HTTP mode) against the fake Slack on 127.0.0.1, with users
 * already stored. The bot runs in its own process, as in production; the fake and the people in
 * this one. The fake's limits (pace, tiers) and the outbox's are off: this measures what the
 * adapter and the core sustain.
 * One idea = a signed `message.im` event POSTed to /slack/events; it is acknowledged when the
 * bot answers 200, which it does once the core has stored it (ack latency); it is done when the
 * bot's answer is posted (chat.postMessage) and the person sends the next. Acknowledged ideas/s
 * counts done ideas, as Telegram's row counts answered ones; Telegram's row is measured here
 * too, with the same people at once, the same stored users and the same duration.
 * Usage: slack-bench.ts [stored] [concurrency] [seconds]; prints one JSON line per platform.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { startFakeSlack, type FakeSlack } from '../tests/fakes/slack/index.ts';
import { benchUser, flushToDisk } from './populate.ts';
import { BotCpu, botNodeArgs, cpuWindow, type CpuPerIdea } from './bot-cpu.ts';
import { runTelegramBench } from './telegram-bench.ts';

export interface SlackRun extends CpuPerIdea {
  platform: 'slack';
  concurrentUsers: number;
  acked: number;
  ackedPerSec: number;
  /** Event sent → 200 (stored). */
  p50Ms: number;
  p99Ms: number;
  /** Event sent → the bot's answer posted. */
  replyP50Ms: number;
  replyP99Ms: number;
  /** Answers other than 200 (none expected). */
  refused: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Number(ms.toFixed(1));
const userOf = (i: number) => `U0B${String(i).padStart(7, '0')}`;

/** Stored Slack users, as the engine leaves them: consent given, in the bench flow's idea list; the first `met` have a DM. */
async function populateSlack(dir: string, fake: FakeSlack, n: number, met: number): Promise<void> {
  const store = await LowdbStore.open(dir);
  const at = new Date(Date.now() - 86_400_000);
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    const userId = userOf(i);
    const key = store.keyOf(`slack:${userId}`);
    const doc = benchUser(key, i, at);
    doc.contact = { channel: 'slack', userId, chatId: i < met ? fake.dmOf(userId) : '' };
    doc.seen = [];
    const shard = key.slice(0, 2);
    if (!made.has(shard)) mkdirSync(join(dir, 'users', shard), { recursive: true }), made.add(shard);
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(doc, null, 2));
  }
  await store.close();
  flushToDisk();
}

/** The data folder goes at the end, also when the bot fails to start. */
export async function runSlackBench(options: { stored: number; concurrency: number; seconds: number; keepAlive?: boolean }): Promise<SlackRun> {
  const dir = mkdtempSync(join(tmpdir(), 'together-slack-bench-'));
  try {
    return await slackRun(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function slackRun(dir: string, options: { stored: number; concurrency: number; seconds: number; keepAlive?: boolean }): Promise<SlackRun> {
  const { concurrency } = options;
  const fake = await startFakeSlack({ limits: false, deliveryKeepAlive: options.keepAlive ?? true });
  for (let i = 0; i < concurrency; i++) fake.addUser({ id: userOf(i), name: `Bench ${i}`, locale: 'en-US', tz: 'Europe/Brussels' });
  await populateSlack(dir, fake, Math.max(options.stored, concurrency), concurrency);
  const bot = spawn(process.execPath, [...botNodeArgs(), '--import', 'tsx', 'bench/slack-bot-child.ts', dir, fake.apiUrl, '0', fake.signingSecret, fake.botToken], { stdio: ['ignore', 'pipe', 'inherit'] });
  const cpu = new BotCpu(bot);
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: bot.stdout! }).on('line', (l) => (l.startsWith('READY ') ? resolve(Number(l.slice(6))) : cpu.line(l)));
    bot.once('exit', (code) => reject(new Error(`slack bench bot exited with ${code}`)));
  });
  fake.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
  const waiting = new Map<string, (at: number) => void>();
  const stop = fake.onCall((call) => {
    if (call.method !== 'chat.postMessage' || !call.ok) return;
    const resolve = waiting.get(String(call.params.channel));
    if (resolve) {
      waiting.delete(String(call.params.channel));
      resolve(performance.now());
    }
  });
  try {
    const acks: number[] = [];
    const replies: number[] = [];
    let refused = 0;
    let n = 0;
    const t0 = performance.now();
    const deadline = performance.now() + options.seconds * 1000;
    // BENCH_SLACK_TRACE=<file>: one line per idea (sent at ms, person, ack ms, answer ms), to see where the tail comes from.
    const trace = process.env.BENCH_SLACK_TRACE ? ['sentAtMs,person,ackMs,answerMs'] : undefined;
    const person = async (i: number) => {
      const userId = userOf(i);
      const dm = fake.dmOf(userId);
      while (performance.now() < deadline) {
        const answered = new Promise<number>((resolve) => waiting.set(dm, resolve));
        const start = performance.now();
        const ack = await fake.sendMessage(userId, `idea ${n++} about clean air and good neighbours`);
        if (ack.status !== 200) {
          refused++;
          waiting.delete(dm);
          continue;
        }
        const ackMs = performance.now() - start;
        acks.push(ackMs);
        const replyMs = (await answered) - start;
        replies.push(replyMs);
        trace?.push(`${(start - t0).toFixed(1)},${i},${ackMs.toFixed(1)},${replyMs.toFixed(1)}`);
      }
    };
    // From a fifth of the run on: past the people's first contacts and the JIT's warm-up.
    const window = cpuWindow(cpu, options.seconds * 200, () => replies.length);
    await Promise.all(Array.from({ length: concurrency }, (_, i) => person(i)));
    const elapsed = (performance.now() - t0) / 1000;
    const perIdea = await window.finish();
    if (trace) writeFileSync(process.env.BENCH_SLACK_TRACE!, trace.join('\n') + '\n');
    acks.sort((a, b) => a - b);
    replies.sort((a, b) => a - b);
    return {
      platform: 'slack',
      concurrentUsers: concurrency,
      acked: replies.length,
      ackedPerSec: Math.round(replies.length / elapsed),
      p50Ms: round(pct(acks, 50)),
      p99Ms: round(pct(acks, 99)),
      replyP50Ms: round(pct(replies, 50)),
      replyP99Ms: round(pct(replies, 99)),
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
  console.log(JSON.stringify({ bench: 'slack', stored, platform: 'telegram', ...telegram }));
  const slack = await runSlackBench({ stored, concurrency, seconds });
  console.log(JSON.stringify({ bench: 'slack', stored, ...slack }));
}
