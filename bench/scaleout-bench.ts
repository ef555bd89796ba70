/**
 * Scale-out (issue #14): the same two measures on the embedded store (one instance), on
 * PostgreSQL with one instance, and on PostgreSQL with two instances sharing one Redis limit.
 *  - answers/s and p99 of one answer (event in → durable → reply out), `--concurrency` people
 *    answering at once for `--seconds`, among `--users` stored; with two instances each event
 *    goes to one of them in turn (as a load balancer would);
 *  - one caravan announcement to `--subscribers` Telegram subscribers through the real adapter
 *    against the fake Bot API (in its own process) allowing `--rate` messages a second: time from
 *    the command to the report, and the achieved rate ÷ the allowed one (1 = at the limit).
 *
 * PostgreSQL: TOGETHER_BENCH_DATABASE_URL (a user that may CREATE DATABASE), else a throwaway
 * cluster from the machine's binaries (as the tests start it, then with fsync and full-page
 * writes back on, so it pays for durability as lowdb does). Redis: TOGETHER_BENCH_REDIS_URL, else
 * a throwaway redis-server. Both are stopped at the end.
 *
 *   node --import tsx bench/scaleout-bench.ts [--users 1000] [--seconds 5] [--concurrency 50]
 *       [--subscribers 10000] [--rate 250] [--rows lowdb,pg1,pg2] [--json]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCore, type Core } from '../src/app.ts';
import type { Channel } from '../src/channels/channel.ts';
import type { TextEvent } from '../src/core/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import type { Counts } from '../src/broadcast/index.ts';
import { TelegramChannel } from '../adapters/telegram/index.ts';
import { allFlows } from '../flows/index.ts';
import { caravan } from '../flows/caravan/index.ts';
import { caravanRecords, indexSubscription } from '../flows/caravan/data.ts';
import type { CaravanData } from '../flows/caravan/types.ts';
import { findPostgresBin, removePostgresServer, startPostgresServer } from '../tests/setup/postgres-server.ts';
import { findRedisServer, startRedisServer, stopRedisServer } from '../tests/setup/redis-server.ts';
import { BenchChannel } from './bench-channel.ts';
import { benchFlow } from './bench-flow.ts';
import { benchUser, BENCH_CHANNEL } from './populate.ts';

type RowName = 'lowdb' | 'pg1' | 'pg2';

interface Options {
  users: number;
  seconds: number;
  concurrency: number;
  subscribers: number;
  rate: number;
  rows: RowName[];
  json: boolean;
}

export interface ScaleoutRow {
  store: 'lowdb' | 'postgres';
  instances: number;
  redis: boolean;
  answersPerSec: number;
  p50Ms: number;
  p99Ms: number;
  answers: number;
  users: number;
  concurrency: number;
  subscribers: number;
  allowedPerSec: number;
  /** From the announce command to its report. */
  announceSeconds: number;
  /** subscribers ÷ allowed rate: the fastest the platform allows. */
  allowedSeconds: number;
  /** Achieved send rate (first to last message the fake accepted) ÷ the allowed rate. */
  rateRatio: number;
  /** announceSeconds ÷ allowedSeconds: 1 = the whole announcement took what the limit allows. */
  timeRatio: number;
  tooManyRequests: number;
  duplicates: number;
  missing: number;
  seedSeconds: number;
  loadAverage: number;
}

/** The caravan bench's fake Bot API child (bench/caravan-broadcast.ts --fake-server), reused as is. */
interface FakeReport {
  perChat: [number, number][];
  sends: number[];
  tooManyRequests: number;
}
function startFake(rate: number, ids: number[]): Promise<{ child: ChildProcess; url: string; token: string; report(): Promise<FakeReport> }> {
  const script = fileURLToPath(new URL('./caravan-broadcast.ts', import.meta.url));
  const child = fork(script, ['--fake-server', String(rate)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

const FIXED_NOON = Date.parse('2030-01-15T11:00:00Z');
const clockStart = Date.now();
/** A daytime clock moving in real time: quiet hours never hold the announcement. */
const now = () => new Date(FIXED_NOON + (Date.now() - clockStart));

/** Writes `items` through `fn`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((x, k) => fn(x, i + k)));
}

async function seedBenchUsers(store: Store, users: number): Promise<void> {
  const at = new Date(Date.now() - 86_400_000);
  await inBatches(Array.from({ length: users }, (_, i) => i), 32, async (i) => store.saveUser(benchUser(store.keyOf(`${BENCH_CHANNEL}:${i}`), i, at)));
}

async function seedSubscribers(store: Store, ids: number[]): Promise<void> {
  const records = await caravanRecords(store);
  await inBatches(ids, 32, async (id, i) => {
    const data: CaravanData = { sub: { all: false, regions: ['ro'], since: '2030-01-01T00:00:00.000Z' }, rsvp: {} };
    const doc: UserDoc = {
      schema: 1,
      key: store.keyOf(`telegram:${id}`),
      pseudonym: `p-bench-${i}`,
      contact: { channel: 'telegram', userId: String(id), chatId: String(id) },
      lang: ['en', 'fr', 'ro'][i % 3],
      consentAt: '2030-01-01T00:00:00.000Z',
      createdAt: '2030-01-01T00:00:00.000Z',
      seq: 0,
      seen: [],
      flows: { caravan: data },
    };
    await store.saveUser(doc);
    await indexSubscription(records, { key: doc.key, channel: 'telegram' }, data.sub);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** `concurrency` people answering back to back for `seconds`, each event to one instance in turn. */
async function answers(sinks: BenchChannel[], o: Options): Promise<{ answersPerSec: number; p50Ms: number; p99Ms: number; answers: number }> {
  const busy = new Set<number>();
  const run = randomBytes(4).toString('hex');
  let n = 0;
  const latencies: number[] = [];
  const end = performance.now() + o.seconds * 1000;
  const start = performance.now();
  const vu = async () => {
    while (performance.now() < end) {
      let i: number;
      do i = Math.floor(Math.random() * o.users);
      while (busy.has(i));
      busy.add(i);
      const k = ++n;
      const event: TextEvent = { kind: 'text', address: { channel: BENCH_CHANNEL, chatId: String(i), userId: String(i) }, updateId: `${run}-${k}`, text: `Idea number ${k}: a doctor when I need one` };
      const t0 = performance.now();
      const handled = await sinks[k % sinks.length]!.sink!(event);
      await handled.delivered;
      latencies.push(performance.now() - t0);
      busy.delete(i);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, vu));
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { answersPerSec: Math.round((latencies.length / ms) * 1000), p50Ms: round(percentile(latencies, 50), 1), p99Ms: round(percentile(latencies, 99), 1), answers: latencies.length };
}

interface Servers {
  databaseUrl(): Promise<string>;
  redisUrl(): Promise<string>;
  close(): Promise<void>;
}

/** PostgreSQL and Redis, given or started on first use; each row gets a database of its own. */
function servers(): Servers {
  let admin: Promise<{ url: string; close(): Promise<void> }> | null = null;
  let redis: Promise<{ url: string; close(): Promise<void> }> | null = null;
  const created: string[] = [];
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    async databaseUrl() {
      admin ??= (async () => {
        const given = process.env.TOGETHER_BENCH_DATABASE_URL;
        if (given) return { url: given, close: async () => {} };
        const found = findPostgresBin();
        if ('missing' in found) throw new Error(`no PostgreSQL for the bench: ${found.missing}; set TOGETHER_BENCH_DATABASE_URL`);
        const info = await startPostgresServer(found.bin);
        // The tests' server skips fsync; a bench next to lowdb (which syncs) must not.
        await query(info.url, 'ALTER SYSTEM SET fsync = on');
        await query(info.url, 'ALTER SYSTEM SET full_page_writes = on');
        await query(info.url, 'SELECT pg_reload_conf()');
        return { url: info.url, close: () => removePostgresServer(info) };
      })();
      const { url } = await admin;
      const name = `together_bench_${process.pid}_${created.length}_${randomBytes(3).toString('hex')}`;
      await query(url, `CREATE DATABASE ${name}`);
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async redisUrl() {
      redis ??= (async () => {
        const given = process.env.TOGETHER_BENCH_REDIS_URL;
        if (given) return { url: given, close: async () => {} };
        const found = findRedisServer();
        if ('missing' in found) throw new Error(`no Redis for the bench: ${found.missing}; set TOGETHER_BENCH_REDIS_URL`);
        const info = await startRedisServer(found.bin);
        return { url: info.url, close: () => stopRedisServer(info) };
      })();
      return (await redis).url;
    },
    async close() {
      if (admin) {
        const a = await admin.catch(() => null);
        if (a) {
          for (const name of created) await query(a.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
          await a.close();
        }
      }
      if (redis) await (await redis.catch(() => null))?.close();
    },
  };
}

async function benchRow(name: RowName, o: Options, srv: Servers): Promise<ScaleoutRow> {
  const instances = name === 'pg2' ? 2 : 1;
  const postgres = name !== 'lowdb';
  const log = silentLogger();
  const dir = mkdtempSync(join(tmpdir(), 'together-scaleout-bench-'));
  const databaseUrl = postgres ? await srv.databaseUrl() : undefined;
  const redisUrl = instances > 1 ? await srv.redisUrl() : undefined;
  const say = (m: string) => process.stderr.write(`  [${name}] ${m}\n`);
  const ids = Array.from({ length: o.subscribers }, (_, i) => 100_000 + i);
  const fake = await startFake(o.rate, ids);
  const cores: Core[] = [];
  const bench: BenchChannel[] = [];
  try {
    for (let k = 0; k < instances; k++) {
      const store = await openStore({ dataDir: join(dir, `data${k}`), ...(databaseUrl ? { databaseUrl } : {}), log });
      const scale = o.rate / 30;
      const telegram = new TelegramChannel({ token: fake.token, apiRoot: fake.url, log, limits: { perSecond: o.rate, perChatMs: Math.ceil(1000 / scale), perGroupChatMs: Math.ceil(3000 / scale) } });
      const channel = new BenchChannel();
      bench.push(channel);
      const core = await createCore({
        config: { dataDir: join(dir, `data${k}`), lang: 'en', tz: 'Europe/Bucharest', managers: new Set() },
        flows: [...allFlows, benchFlow],
        channels: [channel, telegram] as Channel[],
        log,
        store,
        now,
        control: false,
        personRate: false,
        ...(redisUrl ? { sharedLimits: { redisUrl, keys: { telegram: 'bench' }, instances } } : {}),
      });
      await core.start();
      cores.push(core);
    }
    const first = cores[0]!;
    const t0 = performance.now();
    await seedBenchUsers(first.services.store, o.users);
    await seedSubscribers(first.services.store, ids);
    const seedSeconds = (performance.now() - t0) / 1000;
    say(`${o.users} answering users and ${o.subscribers} subscribers stored in ${seedSeconds.toFixed(1)} s`);

    const a = await answers(bench, o);
    say(`${a.answersPerSec} answers/s, p99 ${a.p99Ms} ms`);

    const control = (cmd: string, args: Record<string, unknown>) => caravan.control![cmd]!(first.services, args, () => {});
    const stop = (await control('caravan.add', { town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2030-02-01', time: '18:30', tz: 'Europe/Bucharest', languages: 'ro,en' })) as { id: string };
    const s0 = performance.timeOrigin + performance.now();
    const result = (await control('caravan.announce', { id: stop.id })) as { counts: Counts };
    const announceSeconds = (performance.timeOrigin + performance.now() - s0) / 1000;
    for (const core of cores) await core.outbox.drain();
    const r = await fake.report();
    const perChat = new Map(r.perChat);
    const sendMs = (r.sends.at(-1) ?? 0) - (r.sends[0] ?? 0);
    const achieved = r.sends.length > 1 ? ((r.sends.length - 1) / sendMs) * 1000 : 0;
    const allowedSeconds = o.subscribers / o.rate;
    say(`announcement: ${announceSeconds.toFixed(1)} s for ${result.counts.sent}/${result.counts.total} (allowed minimum ${allowedSeconds.toFixed(1)} s)`);
    return {
      store: postgres ? 'postgres' : 'lowdb',
      instances,
      redis: Boolean(redisUrl),
      ...a,
      users: o.users,
      concurrency: o.concurrency,
      subscribers: o.subscribers,
      allowedPerSec: o.rate,
      announceSeconds: round(announceSeconds),
      allowedSeconds: round(allowedSeconds),
      rateRatio: round(achieved / o.rate, 3),
      timeRatio: round(announceSeconds / allowedSeconds, 3),
      tooManyRequests: r.tooManyRequests,
      duplicates: [...perChat.values()].filter((x) => x > 1).length,
      missing: ids.filter((id) => !perChat.has(id)).length,
      seedSeconds: round(seedSeconds, 1),
      loadAverage: round(loadavg()[0]!),
    };
  } finally {
    for (const core of cores) await core.stop().catch(() => {});
    fake.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(argv: string[]): Options {
  const o: Options = { users: 1_000, seconds: 5, concurrency: 50, subscribers: 10_000, rate: 250, rows: ['lowdb', 'pg1', 'pg2'], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--json') o.json = true;
    else if (a === '--users') o.users = Number(v());
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--concurrency') o.concurrency = Number(v());
    else if (a === '--subscribers') o.subscribers = Number(v());
    else if (a === '--rate') o.rate = Number(v());
    else if (a === '--rows') o.rows = v().split(',').map((x) => x.trim()) as RowName[];
    else throw new Error(`unknown option ${a}; usage: scaleout-bench [--users 1000] [--seconds 5] [--concurrency 50] [--subscribers 10000] [--rate 250] [--rows lowdb,pg1,pg2] [--json]`);
  }
  if (o.rows.some((r) => !['lowdb', 'pg1', 'pg2'].includes(r))) throw new Error('--rows takes lowdb, pg1, pg2');
  if (![o.users, o.seconds, o.concurrency, o.subscribers, o.rate].every((x) => x > 0) || o.concurrency > o.users) throw new Error('sizes must be positive, and --concurrency at most --users');
  return o;
}

export function scaleoutTable(rows: ScaleoutRow[]): string {
  const head = ['store', 'instances', 'answers/s', 'p50 ms', 'p99 ms', 'announce s', 'limit s', '× limit time', 'rate ÷ limit', '429s', 'dup', 'missing', 'load'];
  const body = rows.map((r) => [r.store, `${r.instances}${r.redis ? ' +Redis' : ''}`, String(r.answersPerSec), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), r.announceSeconds.toFixed(1), r.allowedSeconds.toFixed(1), r.timeRatio.toFixed(3), r.rateRatio.toFixed(3), String(r.tooManyRequests), String(r.duplicates), String(r.missing), r.loadAverage.toFixed(2)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((x, c) => x.padStart(widths[c]!)).join('  ');
  const first = rows[0];
  return [
    `Scale-out: embedded store vs PostgreSQL, one and two instances${first ? ` (answers: ${first.concurrency} people answering at once among ${first.users} stored; announcement: ${first.subscribers} Telegram subscribers, fake Bot API allowing ${first.allowedPerSec}/s)` : ''}`,
    line(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    '× limit time: announcement time ÷ (subscribers ÷ allowed rate); rate ÷ limit: achieved send rate ÷ allowed rate. Two instances share one limit through Redis; one of them sends a given broadcast (its lease).',
  ].join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parse(process.argv.slice(2));
  const srv = servers();
  const rows: ScaleoutRow[] = [];
  let failed = false;
  try {
    for (const name of o.rows) {
      const row = await benchRow(name, o, srv);
      rows.push(row);
      failed ||= row.tooManyRequests > 0 || row.duplicates > 0 || row.missing > 0;
      if (o.json) process.stdout.write(`${JSON.stringify({ bench: 'scaleout', row: name, ...row, pass: row.tooManyRequests === 0 && row.duplicates === 0 && row.missing === 0 })}\n`);
    }
  } finally {
    await srv.close();
  }
  if (!o.json) process.stdout.write(scaleoutTable(rows));
  process.exitCode = failed ? 1 : 0;
  // Bottleneck and pg leave handles behind a stopped core only briefly; the run is over.
  process.exit();
}
