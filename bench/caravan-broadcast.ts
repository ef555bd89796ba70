/**
 * Caravan broadcast throughput: one announcement to N Telegram subscribers (10,000 by default,
 * already stored) through the real TelegramChannel (telegraf) against the fake Bot API, whose
 * rate limits are Telegram's scaled up so the run takes well under a minute.
 *
 * Target (issue): at most 5% longer than the platform limit allows (N ÷ rate), zero 429s,
 * zero duplicates, nobody missed.
 *
 *   node --import tsx bench/caravan-broadcast.ts [--subscribers 10000] [--rate 250] [--json]
 *   (BENCH_DEBUG=1 also prints the event-loop lag and when 429s happened)
 *
 * Why 250/s by default (Telegram's 30/s × 8⅓) rather than ×20 (600/s): the outbox spaces
 * messages with bottleneck's `minTime`, rounded up to whole milliseconds (600/s becomes 2 ms
 * = 500/s) and bottleneck's own scheduling tops out near 350 jobs/s; at 250/s (4 ms, exact)
 * the bench measures the broadcast, not those artefacts. `--rate 600` shows them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { UserDoc } from '../src/store/types.ts';
import type { Counts } from '../src/broadcast/index.ts';
import { TelegramChannel } from '../adapters/telegram/index.ts';
import { allFlows } from '../flows/index.ts';
import { caravan } from '../flows/caravan/index.ts';
import { subscribersOf } from '../flows/caravan/audience.ts';
import { caravanRecords } from '../flows/caravan/data.ts';
import { broadcastCenter } from '../src/broadcast/index.ts';
import { startFakeTelegram } from '../tests/fakes/telegram/index.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CaravanBroadcastResult {
  subscribers: number;
  allowedPerSec: number;
  /** N ÷ allowed rate: the fastest the platform allows. */
  allowedSeconds: number;
  /** From the command to the final report, recipient selection included. */
  totalSeconds: number;
  /** From the first message the fake accepted to the last. */
  sendSeconds: number;
  achievedPerSec: number;
  /** Achieved rate ÷ allowed rate over the send phase (1 = exactly at the limit). */
  rateRatio: number;
  /** totalSeconds ÷ allowedSeconds − 1: how much longer than the limit allows (target ≤ 5%). */
  overLimit: number;
  /** The same fixed costs at Telegram's real 30/s, with the send pace the outbox keeps there. */
  projectedOverLimitAt30: number;
  tooManyRequests: number;
  duplicates: number;
  missing: number;
  report: Counts;
  peakRssMb: number;
}

const FIXED_NOON = Date.parse('2030-01-15T11:00:00Z');

/** Writes N subscriber documents (Telegram users) straight into the store's layout, as an older version left them. */
async function seed(dir: string, ids: number[], regions: (i: number) => string[] = () => ['ro']): Promise<void> {
  const store = await LowdbStore.open(dir);
  const made = new Set<string>();
  const langs = ['en', 'fr', 'it', 'ro', 'es', 'pt'];
  for (const [i, id] of ids.entries()) {
    const key = store.keyOf(`telegram:${id}`);
    const doc: UserDoc = {
      schema: 1,
      key,
      pseudonym: `p-bench-${i}`,
      contact: { channel: 'telegram', userId: String(id), chatId: String(id) },
      lang: langs[i % langs.length],
      consentAt: '2030-01-01T00:00:00.000Z',
      createdAt: '2030-01-01T00:00:00.000Z',
      seq: 0,
      seen: [],
      flows: { caravan: { sub: { all: regions(i).includes('ro') && i % 2 === 0, regions: regions(i), since: '2030-01-01T00:00:00.000Z' }, rsvp: {} } },
    };
    const shard = key.slice(0, 2);
    if (!made.has(shard)) mkdirSync(join(dir, 'users', shard), { recursive: true }), made.add(shard);
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(doc));
  }
  await store.close();
}

/** What the fake Bot API saw: messages per chat, when each was accepted, when it answered 429. */
export interface FakeReport {
  perChat: [number, number][];
  sends: number[];
  limited: number[];
  tooManyRequests: number;
}

/**
 * The fake Bot API in its own process, as Telegram is: its work does not stall the bot's event
 * loop. It knows the users `ids` and allows `rate` messages a second (Telegram's limits scaled).
 * Also used by the scale-out bench (bench/scaleout-bench.ts).
 */
export function startFakeProcess(rate: number, ids: number[]): Promise<{ child: ChildProcess; url: string; token: string; report(): Promise<FakeReport> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--fake-server', String(rate)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { url: string; token: string }) => {
      const report = () =>
        new Promise<FakeReport>((res) => {
          child.once('message', (r) => res(r as FakeReport));
          child.send({ type: 'report' });
        });
      child.send({ type: 'users', ids });
      child.once('message', () => resolve({ child, url: m.url, token: m.token, report }));
    });
  });
}

/** Child mode: serve the fake until told to report, then exit. */
async function fakeServer(rate: number): Promise<void> {
  const fake = await startFakeTelegram({ limits: { scale: rate / 30 } });
  const t0 = performance.timeOrigin;
  const sends: number[] = [];
  const limited: number[] = [];
  fake.onCall((c) => {
    if (c.method === 'sendMessage' && c.ok) sends.push(t0 + performance.now());
    if (c.error_code === 429) limited.push(t0 + performance.now());
  });
  process.on('message', async (m: { type: string; ids?: number[] }) => {
    if (m.type === 'users') {
      for (const id of m.ids ?? []) fake.addUser({ id });
      process.send!({ type: 'ok' });
    } else if (m.type === 'report') {
      const perChat = new Map<number, number>();
      for (const msg of fake.messages()) perChat.set(msg.chat_id, (perChat.get(msg.chat_id) ?? 0) + 1);
      process.send!({ perChat: [...perChat], sends, limited, tooManyRequests: fake.counters().tooManyRequests } satisfies FakeReport, () => {
        void fake.close().then(() => process.exit(0));
      });
    }
  });
  process.send!({ url: fake.url, token: fake.token });
}

export async function runCaravanBroadcastBench(options: { subscribers: number; rate: number }): Promise<CaravanBroadcastResult> {
  const { subscribers, rate } = options;
  const scale = rate / 30;
  const dir = mkdtempSync(join(tmpdir(), 'together-caravan-bench-'));
  const ids = Array.from({ length: subscribers }, (_, i) => 100_000 + i);
  await seed(dir, ids);
  const fake = await startFakeProcess(rate, ids);
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    log: silentLogger(),
    limits: { perSecond: rate, perChatMs: Math.ceil(1000 / scale), perGroupChatMs: Math.ceil(3000 / scale) },
  });
  // A daytime clock that moves in real time, so quiet hours never hold the run.
  const start = Date.now();
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Bucharest', managers: new Set() },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
    now: () => new Date(FIXED_NOON + (Date.now() - start)),
    control: false,
  });
  await core.start();
  const control = (name: string, args: Record<string, unknown>) => caravan.control![name]!(core.services, args, () => {});
  let peakRss = process.memoryUsage().rss;
  const rss = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  try {
    const stop = (await control('caravan.add', {
      town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2030-02-01', time: '18:30', tz: 'Europe/Bucharest', description: 'Bench stop', languages: 'ro,en',
    })) as { id: string };
    const t0 = performance.timeOrigin + performance.now();
    const result = (await control('caravan.announce', { id: stop.id })) as { counts: Counts };
    const totalMs = performance.timeOrigin + performance.now() - t0;
    await core.outbox.drain();
    const r = await fake.report();
    const perChat = new Map(r.perChat);
    const sends = r.sends;
    if (process.env.BENCH_DEBUG) {
      process.stderr.write(`lag max ${(lag.max / 1e6).toFixed(0)} ms p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms; first send at ${((sends[0] ?? 0) - t0).toFixed(0)} ms; 429s at ${r.limited.map((x) => (x - t0).toFixed(0)).join(',')}\n`);
    }
    const sendMs = (sends.at(-1) ?? 0) - (sends[0] ?? 0);
    const allowedSeconds = subscribers / rate;
    const achieved = sends.length > 1 ? ((sends.length - 1) / sendMs) * 1000 : 0;
    const fixedSeconds = Math.max(0, totalMs / 1000 - sendMs / 1000);
    const at30 = subscribers / 30;
    return {
      subscribers,
      allowedPerSec: rate,
      allowedSeconds,
      totalSeconds: totalMs / 1000,
      sendSeconds: sendMs / 1000,
      achievedPerSec: achieved,
      rateRatio: achieved / rate,
      overLimit: totalMs / 1000 / allowedSeconds - 1,
      // At 30/s the outbox's whole-millisecond spacing (34 ms) caps the pace at 98%.
      projectedOverLimitAt30: (fixedSeconds + at30 / Math.min(achieved / rate, 1000 / Math.ceil(1000 / 30) / 30)) / at30 - 1,
      tooManyRequests: r.tooManyRequests,
      duplicates: [...perChat.values()].filter((n) => n > 1).length,
      missing: ids.filter((id) => !perChat.has(id)).length,
      report: result.counts,
      peakRssMb: peakRss / 1024 / 1024,
    };
  } finally {
    lag.disable();
    clearInterval(rss);
    await core.stop();
    fake.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EnqueueResult {
  people: number;
  subscribers: number;
  /** The one-time move at the first start after the upgrade: every person file read once. */
  oneTimeMoveMs: number;
  /** Before (issue #9): the subscribers of one region found by reading every person file. */
  scanMs: number;
  /** After: the same people through the region index. */
  indexMs: number;
  /** Enqueueing the announcement (ledger and person index written durably), recipients found by the index. */
  enqueueMs: number;
  /** Before: the same enqueue with the recipients found by the scan. */
  enqueueWithScanMs: number;
}

/**
 * "Finding the subscribers of one region among N people" and "enqueueing an announcement to M
 * of them", before (a scan of every person file, as the caravan did until #9) and after (the
 * region index). People are written straight into the store's layout, as an older version left
 * them, so the first opening also shows the one-time move.
 */
export async function runEnqueueBench(options: { people: number; subscribers: number }): Promise<EnqueueResult> {
  const { people, subscribers } = options;
  const dir = mkdtempSync(join(tmpdir(), 'together-caravan-enqueue-'));
  const ids = Array.from({ length: people }, (_, i) => 100_000 + i);
  await seed(dir, ids, (i) => (i < subscribers ? ['ro'] : ['fr']));
  const core = await createCore({ config: { dataDir: dir, lang: 'en', tz: 'Europe/Bucharest', managers: new Set() }, flows: allFlows, channels: [], log: silentLogger(), now: () => new Date(FIXED_NOON), control: false });
  const { store } = core.services;
  const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const r = await f();
    return [r, performance.now() - t0];
  };
  try {
    const [, oneTimeMoveMs] = await time(() => caravanRecords(store));
    const stop = { country: 'RO' };
    const [scanned, scanMs] = await time(async () => {
      const out: { key: string; channel: string }[] = [];
      for await (const doc of store.eachUser(() => {})) {
        const sub = (doc.flows.caravan as { sub?: { all: boolean; regions: string[] } } | undefined)?.sub;
        if (sub && (sub.all || sub.regions.includes('ro') || sub.regions.includes('europe'))) out.push({ key: doc.key, channel: doc.contact.channel });
      }
      return out;
    });
    const [indexed, indexMs] = await time(() => subscribersOf(store, stop));
    if (scanned.length !== subscribers || indexed.length !== subscribers) throw new Error(`found ${scanned.length} by the scan and ${indexed.length} by the index, not ${subscribers}`);
    const center = broadcastCenter(core.services, { kinds: { bench: { render: () => false } }, wakeJob: 'bench.wake' });
    const [, enqueueMs] = await time(async () => center.create({ id: 'bench-index', kind: 'bench', payload: {}, recipients: await subscribersOf(store, stop) }));
    const [, enqueueWithScanMs] = await time(async () => {
      const recipients = [];
      for await (const doc of store.eachUser(() => {})) {
        const sub = (doc.flows.caravan as { sub?: { all: boolean; regions: string[] } } | undefined)?.sub;
        if (sub && (sub.all || sub.regions.includes('ro'))) recipients.push({ key: doc.key, channel: doc.contact.channel });
      }
      return center.create({ id: 'bench-scan', kind: 'bench', payload: {}, recipients });
    });
    return { people, subscribers, oneTimeMoveMs, scanMs, indexMs, enqueueMs, enqueueWithScanMs };
  } finally {
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(argv: string[]): { subscribers: number; rate: number; json: boolean } {
  const o = { subscribers: 10_000, rate: 250, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--subscribers') o.subscribers = Number(argv[++i]);
    else if (a === '--rate') o.rate = Number(argv[++i]);
    else throw new Error(`unknown option ${a}; usage: caravan-broadcast [--subscribers 10000] [--rate 250] [--json]`);
  }
  if (!(o.subscribers > 0) || !(o.rate > 0)) throw new Error('--subscribers and --rate must be positive');
  return o;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

if (process.argv[2] === '--fake-server') {
  await fakeServer(Number(process.argv[3]));
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--enqueue') {
  const people = Number(process.argv[3] ?? 100_000);
  const r = await runEnqueueBench({ people, subscribers: Number(process.argv[4] ?? 10_000) });
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  process.stdout.write(
    [
      `caravan: the subscribers of one region (${r.subscribers}) among ${r.people} people`,
      `  one-time move at the first start  ${ms(r.oneTimeMoveMs)}`,
      `  find: scan of every person file   ${ms(r.scanMs)}   (before)`,
      `  find: region index                ${ms(r.indexMs)}   (after)`,
      `  enqueue an announcement to ${r.subscribers}: scan + ledger ${ms(r.enqueueWithScanMs)} (before) · index + ledger ${ms(r.enqueueMs)} (after)`,
    ].join('\n') + '\n',
  );
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parse(process.argv.slice(2));
  const r = await runCaravanBroadcastBench(o);
  const pass = r.overLimit <= 0.05 && r.tooManyRequests === 0 && r.duplicates === 0 && r.missing === 0;
  if (o.json) process.stdout.write(`${JSON.stringify({ ...r, pass })}\n`);
  else {
    process.stdout.write(
      [
        `caravan broadcast: ${r.subscribers} Telegram subscribers, fake Bot API allowing ${r.allowedPerSec}/s (Telegram ×${(r.allowedPerSec / 30).toFixed(2)})`,
        `  allowed minimum   ${r.allowedSeconds.toFixed(2)} s`,
        `  total             ${r.totalSeconds.toFixed(2)} s (${pct(r.overLimit)} over the limit; target ≤ +5%)`,
        `  send phase        ${r.sendSeconds.toFixed(2)} s at ${r.achievedPerSec.toFixed(1)}/s = ${(r.rateRatio * 100).toFixed(1)}% of the allowed rate`,
        `  at Telegram 30/s  projected ${pct(r.projectedOverLimitAt30)} over ${(r.subscribers / 30).toFixed(0)} s`,
        `  429s ${r.tooManyRequests} · duplicates ${r.duplicates} · missing ${r.missing} · ledger sent ${r.report.sent}/${r.report.total} · peak RSS ${r.peakRssMb.toFixed(0)} MB`,
        `  ${pass ? 'PASS' : 'FAIL'}`,
      ].join('\n') + '\n',
    );
  }
  process.exitCode = pass ? 0 : 1;
}
