/**
 * Scale-out (issue #14): the same two measures on the embedded store (one instance), on
 * PostgreSQL with one instance, and on PostgreSQL with two instances sharing one Redis limit.
 * Every instance is a process of its own (bench/scaleout-bot-child.ts), as `together start` is,
 * on every row: the bench hands each one its events over IPC.
 *  - answers/s and p99 of one answer (event in → durable → reply out, timed by the instance),
 *    `--concurrency` people answering at once for `--seconds`, among `--users` stored; with two
 *    instances each event goes to one of them in turn (as a load balancer would);
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
import type { TextEvent } from '../src/core/types.ts';
import { findPostgresBin, removePostgresServer, startPostgresServer } from '../tests/setup/postgres-server.ts';
import { findRedisServer, startRedisServer, stopRedisServer } from '../tests/setup/redis-server.ts';
import { startFakeProcess } from './caravan-broadcast.ts';
import { BENCH_CHANNEL } from './populate.ts';
import type { FromChild, ToChild } from './scaleout-bot-child.ts';

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

/** Every instance's clock starts from here (a daytime clock moving in real time, see the child). */
const clockStart = Date.now();

/** One bot instance in a process of its own (bench/scaleout-bot-child.ts), driven over IPC. */
interface Instance {
  child: ChildProcess;
  ask<T extends FromChild['type']>(message: ToChild, answer: T): Promise<Extract<FromChild, { type: T }>>;
  /** Hands over one event; resolves with the bot's own time from its arrival to its reply delivered. */
  answer(event: TextEvent): Promise<number>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const script = fileURLToPath(new URL('./scaleout-bot-child.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const answers = new Map<number, (ms: number) => void>();
  const waiting = new Map<string, (m: FromChild) => void>();
  let n = 0;
  child.on('message', (m: FromChild) => {
    if (m.type === 'answered') {
      answers.get(m.n)?.(m.ms);
      answers.delete(m.n);
    } else {
      waiting.get(m.type)?.(m);
      waiting.delete(m.type);
    }
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`a bench instance exited with ${code}`))));
  exited.catch(() => {});
  const expect = <T extends FromChild['type']>(type: T) =>
    Promise.race([exited, new Promise<Extract<FromChild, { type: T }>>((resolve) => waiting.set(type, resolve as (m: FromChild) => void))]);
  await expect('ready');
  return {
    child,
    ask(message, answer) {
      const reply = expect(answer);
      child.send(message);
      return reply;
    },
    answer(event) {
      const k = ++n;
      const done = new Promise<number>((resolve) => answers.set(k, resolve));
      child.send({ type: 'answer', n: k, event } satisfies ToChild);
      return Promise.race([exited, done]);
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * `concurrency` people answering back to back for `seconds`, each event to one instance in turn.
 * The latency is the bot's own (arrival to reply delivered, measured in its process); the rate is
 * what the instances together answered.
 */
async function answers(instances: Instance[], o: Options): Promise<{ answersPerSec: number; p50Ms: number; p99Ms: number; answers: number }> {
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
      latencies.push(await instances[k % instances.length]!.answer(event));
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
  const count = name === 'pg2' ? 2 : 1;
  const postgres = name !== 'lowdb';
  const dir = mkdtempSync(join(tmpdir(), 'together-scaleout-bench-'));
  const databaseUrl = postgres ? await srv.databaseUrl() : undefined;
  const redisUrl = count > 1 ? await srv.redisUrl() : undefined;
  const say = (m: string) => process.stderr.write(`  [${name}] ${m}\n`);
  const ids = Array.from({ length: o.subscribers }, (_, i) => 100_000 + i);
  const fake = await startFakeProcess(o.rate, ids);
  const instances: Instance[] = [];
  try {
    const env = (k: number): Record<string, string> => ({
      BENCH_DIR: join(dir, `data${k}`),
      BENCH_INSTANCES: String(count),
      BENCH_FAKE_URL: fake.url,
      BENCH_FAKE_TOKEN: fake.token,
      BENCH_RATE: String(o.rate),
      BENCH_CLOCK_START: String(clockStart),
      ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}),
      ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}),
    });
    // The first one migrates the database; the second starts on it, as a second `together start` would.
    for (let k = 0; k < count; k++) instances.push(await startInstance(env(k)));
    const first = instances[0]!;
    const { seconds: seedSeconds } = await first.ask({ type: 'seed', users: o.users, ids }, 'seeded');
    say(`${o.users} answering users and ${o.subscribers} subscribers stored in ${seedSeconds.toFixed(1)} s`);

    const a = await answers(instances, o);
    say(`${a.answersPerSec} answers/s, p99 ${a.p99Ms} ms`);

    const result = await first.ask({ type: 'announce' }, 'announced');
    const announceSeconds = result.seconds;
    for (const instance of instances) await instance.ask({ type: 'drain' }, 'drained');
    const r = await fake.report();
    const perChat = new Map(r.perChat);
    const sendMs = (r.sends.at(-1) ?? 0) - (r.sends[0] ?? 0);
    const achieved = r.sends.length > 1 ? ((r.sends.length - 1) / sendMs) * 1000 : 0;
    const allowedSeconds = o.subscribers / o.rate;
    say(`announcement: ${announceSeconds.toFixed(1)} s for ${result.counts.sent}/${result.counts.total} (allowed minimum ${allowedSeconds.toFixed(1)} s)`);
    return {
      store: postgres ? 'postgres' : 'lowdb',
      instances: count,
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
    for (const instance of instances) {
      const exited = new Promise((r) => instance.child.once('exit', r));
      if (instance.child.exitCode === null) instance.child.send({ type: 'stop' } satisfies ToChild);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      instance.child.kill('SIGKILL');
    }
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
    '× limit time: announcement time ÷ (subscribers ÷ allowed rate); rate ÷ limit: achieved send rate ÷ allowed rate. Each instance is a process of its own; two share one limit through Redis, and one of them sends a given broadcast (its lease).',
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
