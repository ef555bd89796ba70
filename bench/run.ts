/**
 * `npm run bench [-- --json] [--sizes 1000,10000,100000] [--seconds 3] [--latency-answers 6000] [--profile]`
 *
 * The core alone, no network: simulated users answer through the engine into the real default
 * store (lowdb files in a temporary folder), with 1,000, 10,000 and 100,000 users already stored.
 * Per size, in fresh child processes so sizes do not pollute each other:
 *  - answers/s the engine sustains (a ramp of users answering at once, the best level kept),
 *  - p50/p99 of one answer (event in → durable → reply out) with 50 users answering at once,
 *  - start-up time (fresh process: module loading, store, i18n, flows, start),
 *  - peak RSS of the process doing the run.
 * Internal modes: `--startup-only <dir>` and `--worker <dir> <users>` (children of the run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerResult } from './engine-bench.ts';

const RESULT = '@@bench-result ';
const BIN = fileURLToPath(new URL('../bin/bench.mjs', import.meta.url));
const TARGETS = { users: 100_000, answersPerSec: 2000, p99Ms: 50, startupMs: 2000, peakRssMb: 400 };
/** Telegram bench targets, with the platform's limits off (the adapter and the core alone). */
const TELEGRAM_TARGETS = { ackedPerSecAt1000: 1500, p99MsAt100: 100 };

/** Targets missed by a row; `met` is false when any is, so a `--json` reader never has to guess. */
type Verdict = { met: boolean; missed: string[] };
const verdict = (checks: [boolean, string][]): Verdict => {
  const missed = checks.filter(([ok]) => !ok).map(([, what]) => what);
  return { met: missed.length === 0, missed };
};
const missedTargets: string[] = [];
function judged<T extends object>(suite: string, row: T, checks: [boolean, string][]): T & Verdict {
  const v = verdict(checks);
  for (const m of v.missed) missedTargets.push(`${suite}: ${m}`);
  return { ...row, ...v };
}

interface Options {
  json: boolean;
  sizes: number[];
  seconds: number;
  latencyAnswers: number;
  startupRuns: number;
  profile: boolean;
  suites: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, sizes: [1_000, 10_000, 100_000], seconds: 3, latencyAnswers: 6000, startupRuns: 3, profile: false, suites: ['engine', 'telegram', 'slack', 'discord', 'caravan', 'store', 'nowbeall', 'digest', 'scaleout'] };
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const arg = () => inline ?? value(i++, flag);
    switch (flag) {
      case '--json':
        o.json = true;
        break;
      case '--sizes':
        o.sizes = arg().split(',').map((s) => Number(s.trim().replace(/[_k]/gi, (m) => (m === '_' ? '' : '000'))));
        if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers, e.g. 1000,10000');
        break;
      case '--seconds':
        o.seconds = Number(arg());
        break;
      case '--latency-answers':
        o.latencyAnswers = Number(arg());
        break;
      case '--startup-runs':
        o.startupRuns = Math.max(1, Number(arg()));
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--suite':
      case '--suites':
        o.suites = arg().split(',').map((x) => x.trim());
        if (o.suites.some((x) => !['engine', 'telegram', 'slack', 'discord', 'caravan', 'store', 'nowbeall', 'digest', 'scaleout'].includes(x))) throw new Error('--suite takes engine, telegram, slack, discord, caravan, store, nowbeall, digest, scaleout');
        break;
      case '--help':
      case '-h':
        process.stdout.write('usage: npm run bench [-- --json] [--sizes 1000,10000,100000] [--seconds 3] [--latency-answers 6000] [--startup-runs 3] [--profile] [--suite engine,telegram,slack,discord,caravan,store,nowbeall,digest,scaleout]\n');
        process.exit(0);
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (!(o.seconds > 0) || !(o.latencyAnswers > 0)) throw new Error('--seconds and --latency-answers must be positive');
  return o;
}

/** Runs `node bin/bench.mjs <args>` and returns the object it reports on its result line. */
function child<T>(args: string[], nodeArgs: string[] = []): Promise<T & { wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...nodeArgs, BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (code !== 0 || !line) return reject(new Error(`bench child ${args[0]} exited with ${code}${out ? `: ${out.trim()}` : ''}`));
      resolve({ ...(JSON.parse(line.slice(RESULT.length)) as T), wallMs });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** The data folder of the size being measured, removed on Ctrl-C too. */
let current: string | null = null;
process.once('SIGINT', () => {
  if (current) rmSync(current, { recursive: true, force: true });
  process.exit(130);
});

async function benchSize(users: number, o: Options) {
  const dir = mkdtempSync(join(tmpdir(), `together-bench-${users}-`));
  current = dir;
  const log = (msg: string) => process.stderr.write(`  [${users} users] ${msg}\n`);
  try {
    const { populate } = await import('./populate.ts');
    const t0 = performance.now();
    await populate(dir, users);
    const populateMs = Math.round(performance.now() - t0);
    log(`${users} users stored in ${(populateMs / 1000).toFixed(1)} s`);

    const startups: number[] = [];
    for (let r = 0; r < o.startupRuns; r++) startups.push((await child<{ startupMs: number }>(['--startup-only', dir])).startupMs);
    const startupMs = Math.round(median(startups));
    log(`start-up ${startupMs} ms (runs: ${startups.map((s) => Math.round(s)).join(', ')})`);

    const profiles = join(tmpdir(), 'together-bench-profiles');
    const nodeArgs = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [];
    if (o.profile) log(`CPU profile of the run goes to ${profiles}`);
    const workerArgs = ['--worker', dir, String(users), '--seconds', String(o.seconds), '--latency-answers', String(o.latencyAnswers)];
    const { wallMs: _wall, users: _users, answersPerSec, p50Ms, p99Ms, peakRssMb, ...details } = await child<WorkerResult>(workerArgs, nodeArgs);
    // The six fields of the issue first, then the details.
    return { users, answersPerSec, p50Ms, p99Ms, startupMs, peakRssMb, ...details, populateMs, startupRunsMs: startups.map(Math.round) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    current = null;
  }
}

type Row = Awaited<ReturnType<typeof benchSize>>;

function table(rows: Row[]): string {
  const head = ['users', 'answers/s', '(at once)', 'p50 ms', 'p99 ms', 'start-up ms', 'peak RSS MB'];
  const body = rows.map((r) => [r.users.toLocaleString('en'), String(r.answersPerSec), String(r.concurrency), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), String(r.startupMs), r.peakRssMb.toFixed(0)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((x, c) => x.padStart(widths[c]!)).join('  ');
  const lines = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  lines.push('', `latency: ${rows[0]?.latencyConcurrency ?? 50} users answering at once, event in → durable → reply out.`);
  const big = rows.find((r) => r.users === TARGETS.users);
  if (big) {
    const check = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    lines.push(
      `targets at ${TARGETS.users.toLocaleString('en')} users: ` +
        [
          `≥ ${TARGETS.answersPerSec} answers/s ${check(big.answersPerSec >= TARGETS.answersPerSec)}`,
          `p99 ≤ ${TARGETS.p99Ms} ms ${check(big.p99Ms <= TARGETS.p99Ms)}`,
          `start-up < ${TARGETS.startupMs} ms ${check(big.startupMs < TARGETS.startupMs)}`,
          `peak RSS < ${TARGETS.peakRssMb} MB ${check(big.peakRssMb < TARGETS.peakRssMb)}`,
        ].join(', '),
    );
  }
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const [mode, dir, users] = argv;
  if (mode === '--startup-only' && dir) {
    const { startupOnly } = await import('./engine-bench.ts');
    process.stdout.write(RESULT + JSON.stringify(await startupOnly(dir)) + '\n');
    process.exit(0);
  }
  if (mode === '--worker' && dir && users) {
    const o = parseArgs(argv.slice(3));
    const { runWorker } = await import('./engine-bench.ts');
    const result = await runWorker({ dir, users: Number(users), levelSeconds: o.seconds, latencyAnswers: o.latencyAnswers });
    process.stdout.write(RESULT + JSON.stringify(result) + '\n');
    process.exit(0);
  }

  const o = parseArgs(argv);
  if (o.suites.includes('engine')) {
    process.stderr.write(`together-bot engine bench: sizes ${o.sizes.join(', ')}; node ${process.version}; data in ${tmpdir()}\n`);
    const rows: Row[] = [];
    for (const n of o.sizes) {
      const row = await benchSize(n, o);
      rows.push(row);
      // The issue's targets are stated at 100,000 users; smaller sizes are checked against the same bar.
      const checked = judged(`engine ${n} users`, row, [
        [row.answersPerSec >= TARGETS.answersPerSec, `answers/s ${row.answersPerSec} < ${TARGETS.answersPerSec}`],
        [row.p99Ms <= TARGETS.p99Ms, `p99 ${row.p99Ms} ms > ${TARGETS.p99Ms} ms`],
        [row.startupMs < TARGETS.startupMs, `start-up ${row.startupMs} ms ≥ ${TARGETS.startupMs} ms`],
        [row.peakRssMb < TARGETS.peakRssMb, `peak RSS ${row.peakRssMb} MB ≥ ${TARGETS.peakRssMb} MB`],
      ]);
      if (o.json) process.stdout.write(JSON.stringify(checked) + '\n');
    }
    if (!o.json) process.stdout.write('\n' + table(rows));
  }
  if (o.suites.includes('telegram')) {
    const stored = Math.max(...o.sizes);
    process.stderr.write(`telegram bench: real adapter against the fake Bot API, ${stored} users stored, limits off\n`);
    const runs = (await jsonLines(['bench/telegram-bench.ts', String(stored)])).map((r) => judged(`telegram ${String(r.limits)} ${String(r.concurrentUsers)} users`, r, telegramChecks(r)));
    if (o.json) for (const r of runs) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write('\n' + telegramTable(runs));
  }
  if (o.suites.includes('slack')) await besideTelegram(o, 'slack', `the fake Slack`, slackChecks, slackTable);
  if (o.suites.includes('discord')) await besideTelegram(o, 'discord', `the fake Discord`, discordChecks, discordTable);
  if (o.suites.includes('caravan')) {
    process.stderr.write('caravan bench: one announcement to 10,000 Telegram subscribers at a scaled platform limit\n');
    if (o.json) {
      const [r] = await jsonLines(['bench/caravan-broadcast.ts', '--json']);
      if (r) {
        const row = { bench: 'caravan', ...r };
        process.stdout.write(JSON.stringify(judged('caravan', row, [[r.pass === true, 'broadcast over +5% of the limit, or 429s, duplicates or missed recipients']])) + '\n');
      }
    } else {
      process.stdout.write('\n');
      const { code } = await run(['bench/caravan-broadcast.ts'], true);
      if (code !== 0) missedTargets.push('caravan: FAIL (see above)');
    }
  }
  if (o.suites.includes('store')) {
    // Figures only (no target): collections at the largest size, and the cost of the folder fsync.
    const records = Math.max(...o.sizes);
    process.stderr.write(`store bench: lowdb collections with ${records} records\n`);
    const [r] = await jsonLines(['bench/store-bench.ts', '--records', String(records), '--json']);
    if (r && o.json) process.stdout.write(JSON.stringify(r) + '\n');
    else if (r) process.stdout.write('\n' + (await import('./store-bench.ts')).storeTable(r));
  }
  if (o.suites.includes('nowbeall')) {
    process.stderr.write(`nowbeall bench: ${NOWBEALL_TARGETS.proposals} published proposals in the default store; page, show, similar\n`);
    const [r] = await jsonLines(['bench/nowbeall-bench.ts', '--proposals', String(NOWBEALL_TARGETS.proposals), '--json']);
    if (r) {
      const row = judged('nowbeall', { bench: 'nowbeall', ...r }, nowbeallChecks(r));
      if (o.json) process.stdout.write(JSON.stringify(row) + '\n');
      else process.stdout.write('\n' + nowbeallTable(row));
    }
  }
  if (o.suites.includes('digest')) {
    process.stderr.write(`digest bench: one weekly digest for ${DIGEST_TARGETS.members} network members in 24 time zones, a virtual clock through the week's scheduler ticks\n`);
    const [r] = await jsonLines(['bench/digest-bench.ts', '--members', String(DIGEST_TARGETS.members)]);
    if (r) {
      const row = judged('digest', { bench: 'digest', ...r }, digestChecks(r));
      if (o.json) process.stdout.write(JSON.stringify(row) + '\n');
      else process.stdout.write('\n' + digestTable(row));
    }
  }
  if (o.suites.includes('scaleout')) {
    // Issue #14: lowdb next to PostgreSQL with one and two instances (Redis shares the limit); figures, and no 429, duplicate or miss.
    process.stderr.write('scaleout bench: answers and a 10,000-subscriber announcement on lowdb, PostgreSQL ×1 and ×2 (+Redis)\n');
    const rows = await jsonLines(['bench/scaleout-bench.ts', '--json']);
    const judgedRows = rows.map((r) => judged(`scaleout ${String(r.row)}`, r, [[r.pass === true, '429s, duplicates or missed recipients in the announcement']]));
    if (o.json) for (const r of judgedRows) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write('\n' + (await import('./scaleout-bench.ts')).scaleoutTable(rows as unknown as import('./scaleout-bench.ts').ScaleoutRow[]));
  }
  if (missedTargets.length > 0) {
    process.stderr.write(`bench: ${missedTargets.length} target(s) missed:\n${missedTargets.map((m) => `  - ${m}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

/** The Telegram targets hold with the limits off; under Telegram's limits the only target is no 429. */
function telegramChecks(r: Record<string, unknown>): [boolean, string][] {
  const checks: [boolean, string][] = [[r.tooManyRequests === 0 || r.tooManyRequests === undefined, `${String(r.tooManyRequests)} answers 429`]];
  if (r.limits === 'telegram') return checks;
  if (r.concurrentUsers === 1000) checks.push([Number(r.ackedPerSec) >= TELEGRAM_TARGETS.ackedPerSecAt1000, `acked ideas/s ${String(r.ackedPerSec)} < ${TELEGRAM_TARGETS.ackedPerSecAt1000}`]);
  if (r.concurrentUsers === 100) checks.push([Number(r.p99Ms) < TELEGRAM_TARGETS.p99MsAt100, `p99 ${String(r.p99Ms)} ms ≥ ${TELEGRAM_TARGETS.p99MsAt100} ms`]);
  return checks;
}

/** A channel's row measured next to Telegram's in the same run (same people at once, same stored users), judged against it. */
async function besideTelegram(
  o: Options,
  platform: 'slack' | 'discord',
  fake: string,
  checks: (r: Record<string, unknown>, telegram: Record<string, unknown> | undefined) => [boolean, string][],
  table: (rows: Record<string, unknown>[]) => string,
): Promise<void> {
  const stored = Math.max(...o.sizes);
  const users = platform === 'slack' ? SLACK_TARGETS.users : DISCORD_TARGETS.users;
  process.stderr.write(`${platform} bench: real adapter against ${fake} and Telegram's beside it, ${users} people at once, ${stored} users stored, limits off\n`);
  const rows = await jsonLines([`bench/${platform}-bench.ts`, String(stored), String(users), '10']);
  const telegram = rows.find((r) => r.platform === 'telegram');
  const judgedRows = rows.map((r) => (r.platform === platform ? judged(platform, r, checks(r, telegram)) : r));
  if (o.json) for (const r of judgedRows) process.stdout.write(JSON.stringify(r) + '\n');
  else process.stdout.write('\n' + table(judgedRows));
}

/** Slack, limits off: at least 0.8 × Telegram's acknowledged ideas/s of the same run, with the same people at once; p99 of one idea's 200 under 200 ms. */
const SLACK_TARGETS = { users: 200, ofTelegram: 0.8, p99Ms: 200 };
function slackChecks(r: Record<string, unknown>, telegram: Record<string, unknown> | undefined): [boolean, string][] {
  const floor = Math.round(SLACK_TARGETS.ofTelegram * Number(telegram?.ackedPerSec ?? NaN));
  return [
    [Number(r.refused) === 0, `${String(r.refused)} events not answered 200`],
    [Number(r.ackedPerSec) >= floor, `acked ideas/s ${String(r.ackedPerSec)} < ${floor} (0.8 × Telegram's ${String(telegram?.ackedPerSec)})`],
    [Number(r.p99Ms) < SLACK_TARGETS.p99Ms, `p99 ${String(r.p99Ms)} ms ≥ ${SLACK_TARGETS.p99Ms} ms`],
  ];
}

function slackTable(rows: Record<string, unknown>[]): string {
  const lines = [`Slack (bolt HTTP ⇄ fake Slack) next to Telegram, ${SLACK_TARGETS.users} people at once, limits off, bots in their own process`, '  platform  acked ideas/s  p50 ms  p99 ms  answer p99 ms  bot CPU ms/idea  load  target'];
  for (const r of rows) lines.push(`${String(r.platform).padStart(10)}  ${String(r.ackedPerSec).padStart(13)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}  ${String(r.replyP99Ms ?? r.p99Ms).padStart(13)}  ${String(r.botCpuMsPerIdea).padStart(15)}  ${String(r.load).padStart(4)}  ${r.platform !== 'slack' ? '' : r.met ? 'met' : `MISSED (${(r.missed as string[]).join('; ')})`}`);
  lines.push('Slack: p50/p99 from the signed event sent to its 200 (given once the idea is stored), answer p99 to the bot\'s answer posted; Telegram: to the answer.');
  lines.push(`target: ≥ ${SLACK_TARGETS.ofTelegram} × Telegram's acknowledged ideas/s, p99 < ${SLACK_TARGETS.p99Ms} ms.`);
  return lines.join('\n') + '\n';
}

/** Discord, limits off: at least 0.8 × Telegram's acknowledged ideas/s of the same run, with the same people at once. */
const DISCORD_TARGETS = { users: 200, ofTelegram: 0.8 };
function discordChecks(r: Record<string, unknown>, telegram: Record<string, unknown> | undefined): [boolean, string][] {
  const floor = Math.round(DISCORD_TARGETS.ofTelegram * Number(telegram?.ackedPerSec ?? NaN));
  return [
    [Number(r.refused) === 0, `${String(r.refused)} answers refused by Discord`],
    [Number(r.ackedPerSec) >= floor, `acked ideas/s ${String(r.ackedPerSec)} < ${floor} (0.8 × Telegram's ${String(telegram?.ackedPerSec)})`],
  ];
}

function discordTable(rows: Record<string, unknown>[]): string {
  const lines = [`Discord (discord.js gateway + REST ⇄ fake Discord) next to Telegram, ${DISCORD_TARGETS.users} people at once, limits off, bots in their own process`, '  platform  acked ideas/s  p50 ms  p99 ms  bot CPU ms/idea  load  target'];
  for (const r of rows) lines.push(`${String(r.platform).padStart(10)}  ${String(r.ackedPerSec).padStart(13)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}  ${String(r.botCpuMsPerIdea).padStart(15)}  ${String(r.load).padStart(4)}  ${r.platform !== 'discord' ? '' : r.met ? 'met' : `MISSED (${(r.missed as string[]).join('; ')})`}`);
  lines.push('Discord: p50/p99 from the DM dispatched on the gateway to the bot\'s answer posted (a DM has no earlier acknowledgement); Telegram: to the answer.');
  lines.push('bot CPU ms/idea: the bot process\'s CPU time per idea after the first fifth of the run (on a shared machine, steadier than ideas/s); load: 1-minute load average at the end.');
  lines.push(`target: ≥ ${DISCORD_TARGETS.ofTelegram} × Telegram's acknowledged ideas/s.`);
  return lines.join('\n') + '\n';
}

/** NOW-BE-ALL (issue #12): at 10,000 published proposals, each p99 under 50 ms. */
const NOWBEALL_TARGETS = { proposals: 10_000, p99Ms: 50 };
type P = { p50: number; p99: number };
function nowbeallChecks(r: Record<string, unknown>): [boolean, string][] {
  return (['pageMs', 'showMs', 'similarMs'] as const).map((k) => [(r[k] as P).p99 < NOWBEALL_TARGETS.p99Ms, `${k} p99 ${(r[k] as P).p99} ms ≥ ${NOWBEALL_TARGETS.p99Ms} ms`]);
}

function nowbeallTable(r: Record<string, unknown>): string {
  const p = (k: string) => r[k] as P;
  const lines = [`NOW-BE-ALL, ${String(r.proposals)} published proposals (${String(r.queries)} queries each)`, '  what                       p50 ms  p99 ms'];
  for (const [label, k] of [['list a page', 'pageMs'], ['show one', 'showMs'], ['similar (2,000 characters)', 'similarMs']] as const) lines.push(`  ${label.padEnd(26)} ${String(p(k).p50).padStart(6)}  ${String(p(k).p99).padStart(6)}`);
  lines.push(`  similarity index built at start in ${String(r.indexBuildMs)} ms (in the background; updated on change, never rebuilt); load average ${String(r.loadAverage)}`);
  lines.push(`target: each p99 < ${NOWBEALL_TARGETS.p99Ms} ms — ${r.met ? 'met' : `MISSED (${(r.missed as string[]).join('; ')})`}`);
  return lines.join('\n') + '\n';
}

/** The network's weekly digest (issue #13): nobody twice (also when every zone's job is replayed), nobody missed, nobody paused reached; the latest digest within a minute of its 09:00 (two scheduler ticks). */
const DIGEST_TARGETS = { members: 10_000, maxLatenessMs: 60_000 };
function digestChecks(r: Record<string, unknown>): [boolean, string][] {
  const late = (r.latenessMs as { max: number }).max;
  return [
    [r.duplicates === 0 && r.replayDuplicates === 0, `${String(r.duplicates)} duplicates (${String(r.replayDuplicates)} after replaying the jobs)`],
    [r.missedMembers === 0, `${String(r.missedMembers)} members missed`],
    [r.sentToPausedOrStopped === 0, `${String(r.sentToPausedOrStopped)} paused or stopped members reached`],
    [late <= DIGEST_TARGETS.maxLatenessMs, `largest lateness ${late} ms > ${DIGEST_TARGETS.maxLatenessMs} ms`],
  ];
}

function digestTable(r: Record<string, unknown>): string {
  const l = r.latenessMs as { p50: number; p99: number; max: number };
  const lines = [`Weekly digest, ${String(r.members)} members in ${String(r.zones)} time zones (${String(r.zoneJobs)} zone jobs), ${String(r.delivered)} digests (${String(r.active)} members want one)`];
  lines.push(`  hand-over to the week's broadcast ${String(r.handOverMs)} ms · writing the digests ${String(r.renderMs)} ms (${String(r.perDigestMs)} ms each) · sending ${String(r.sendMs)} ms`);
  lines.push(`  lateness against each member's 09:00: p50 ${l.p50} ms, p99 ${l.p99} ms, largest ${l.max} ms · duplicates ${String(r.duplicates)} (replayed jobs ${String(r.replayDuplicates)}) · missed ${String(r.missedMembers)} · load average ${String(r.loadAverage)}`);
  lines.push(`target: no duplicate, nobody missed, largest lateness ≤ ${DIGEST_TARGETS.maxLatenessMs / 1000} s — ${r.met ? 'met' : `MISSED (${(r.missed as string[]).join('; ')})`}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs a bench script in its own process and returns the JSON objects it prints, one per line.
 * A script that exits non-zero after printing its rows (a missed target) still has its rows
 * returned; only a script that printed nothing is an error.
 */
async function jsonLines(args: string[], echo = false): Promise<Record<string, unknown>[]> {
  const { rows, code } = await run(args, echo);
  if (code !== 0 && rows.length === 0) throw new Error(`${args[0]} exited with ${code} and printed no result`);
  return rows;
}

function run(args: string[], echo = false): Promise<{ rows: Record<string, unknown>[]; code: number | null }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (echo) process.stdout.write(d);
    });
    proc.on('close', (code) => {
      resolve({ rows: out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>), code });
    });
  });
}

function telegramTable(runs: Record<string, unknown>[]): string {
  const lines = ['Telegram (telegraf ⇄ fake Bot API, bot in its own process)', '  limits  users at once  acked ideas/s  p50 ms  p99 ms  429s  target'];
  for (const r of runs) lines.push(`${String(r.limits).padStart(8)}  ${String(r.concurrentUsers).padStart(12)}  ${String(r.ackedPerSec).padStart(13)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}  ${String(r.tooManyRequests).padStart(4)}  ${r.met ? 'met' : `MISSED (${(r.missed as string[]).join('; ')})`}`);
  lines.push('targets, limits off: ≥ 1,500 acknowledged ideas/s with 1,000 users at once; p99 < 100 ms with 100 users at once.');
  lines.push('limits telegram: Telegram\'s published limits (30 messages/s overall, 1/s per chat), as `together start` keeps them: no 429.');
  return lines.join('\n') + '\n';
}


try {
  await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  // A child that failed mid-run still has a started core (sockets, timers): leave now.
  process.exit(1);
}
