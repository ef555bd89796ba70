/**
 * `npx tsx bench/digest-bench.ts [--members 10000] [--json]` (or `npm run bench -- --suite digest`)
 *
 * The network's weekly digest at scale (issue #13): 10,000 members in 24 time zones (the real
 * default store in a temporary folder, the real core and every flow, a channel that records what
 * it is handed), a plan with events for every axis and group, and news from the caravan, SPIRAL
 * and NOW-BE-ALL so that everyone gets a digest. A virtual clock steps through the week's
 * scheduler ticks (every 30 s from Sunday 18:00 to Monday 21:00 UTC: every zone's Monday 09:00)
 * and runs at real speed while work is in flight, so the time spent computing and sending shows
 * as lateness. Reported: time to hand each zone's members to the week's broadcast (enqueue) and
 * to compute and deliver the digests, the largest lateness against each member's 09:00, and
 * duplicates and missed members (also after every zone's job is replayed). One JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/app.ts';
import type { Channel } from '../src/channels/channel.ts';
import type { Address, Reply } from '../src/core/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { allFlows } from '../flows/index.ts';
import { networkRecords } from '../flows/network/records.ts';
import type { Member, PlanEvent } from '../flows/network/types.ts';
import { plandigest } from '../flows/network/digest/index.ts';
import { weekKind } from '../flows/network/digest/letter.ts';
import { ZONE_JOB } from '../flows/network/digest/zones.ts';
import { mondayAt } from '../flows/network/digest/week.ts';
import { caravanRecords } from '../flows/caravan/data.ts';
import { spiralRecords } from '../flows/spiral/records.ts';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import { planEvent, seedPlan } from '../tests/helpers/network-digest.ts';
import { BENCH_CHANNEL, populate } from './populate.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--members', 10_000);
const MONDAY = '2026-06-08';
const ZONES = [
  'Pacific/Kiritimati', 'Pacific/Auckland', 'Australia/Sydney', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Kolkata', 'Asia/Dubai', 'Europe/Moscow',
  'Europe/Bucharest', 'Europe/Athens', 'Africa/Tunis', 'Europe/Brussels', 'Europe/Paris', 'Europe/Rome', 'Europe/Madrid', 'Europe/Lisbon',
  'Africa/Casablanca', 'Atlantic/Azores', 'America/Sao_Paulo', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu',
];
const AXES = ['basic', 'exchanges', 'policies', 'promotion', 'partnerships'];
const TERRITORIES = ['Mons', 'Namur', 'Iași', 'Timișoara', 'Braga', 'Lecce', 'Sfax', 'Kalamata'];
const TICK_MS = 30_000;

/** Virtual time: it jumps from tick to tick while idle and runs at real speed while work is in flight. */
class VirtualClock {
  #offset: number;
  constructor(start: number) {
    this.#offset = start - performance.now();
  }
  now = (): Date => new Date(performance.now() + this.#offset);
  jumpTo(t: number): void {
    this.#offset = Math.max(this.#offset, t - performance.now());
  }
}

/** A channel that records, per chat, when (virtual time) each digest was handed to it. */
class RecordingChannel implements Channel {
  readonly name = BENCH_CHANNEL;
  readonly limits = null;
  readonly got = new Map<string, number[]>();
  constructor(private readonly clock: VirtualClock) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async deliver(chatId: string, reply: Reply, _to?: Address): Promise<void> {
    if (reply.kind !== 'text' || !reply.text.startsWith('📰')) return;
    this.got.set(chatId, [...(this.got.get(chatId) ?? []), this.clock.now().getTime()]);
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function seed(dir: string): Promise<{ members: Member[]; seedMs: number }> {
  const t0 = performance.now();
  await populate(dir, N);
  const store = await LowdbStore.open(dir);
  const services = { store };
  const groups = [
    ...TERRITORIES.map((t, i) => ({ id: `coord-${i}`, name: `${t} coordination group`, kind: 'coordination' as const, territory: t })),
    { id: 'dynamisors', name: 'Dynamisors', kind: 'dynamisors' as const },
    { id: 'thematic-youth', name: 'Youth network', kind: 'thematic' as const },
  ];
  const events: PlanEvent[] = [];
  for (let d = 0; d < 14; d++) {
    const date = mondayAt(MONDAY, 'UTC').plus({ days: d }).toISODate()!;
    events.push(planEvent({ id: `axis-${d}`, title: `Working meeting ${d}`, date, time: '14:00', axis: AXES[d % AXES.length]!, link: 'https://meet.example.org/w' }));
    events.push(planEvent({ id: `group-${d}`, title: `Group meeting ${d}`, date, time: '10:00', groups: [groups[d % groups.length]!.id] }));
  }
  events.push(planEvent({ id: 'report', kind: 'deadline', title: 'Quarter report', date: '2026-06-30' }));
  await seedPlan(services, {
    groups,
    events,
    phases: [{ id: 'skills', name: 'Skills extension', quarter: 'Q2', year: 2026, from: '2026-04-01', to: '2026-06-30', asks: Object.fromEntries([['*', 'Update the contact list'], ...groups.map((g) => [g.id, `Prepare the ${g.name} report`])]) }],
    activities: groups.map((g, i) => ({ id: `act-${i}`, axis: AXES[i % AXES.length]!, title: `Activity of ${g.name}`, owner: g.id, to: '2026-06-26', status: 'ongoing' as const })),
  });
  const news = '2026-06-03T10:00:00.000Z';
  await (await caravanRecords(store)).stops.put({ id: 'iasi-260912', town: 'Iași', country: 'RO', venue: 'Palace of Culture', date: '2026-09-12', time: '18:30', tz: 'Europe/Bucharest', description: '', languages: ['ro'], status: 'scheduled', createdAt: news, updatedAt: news, version: 1 });
  const sp = await spiralRecords(store);
  for (const [i, territory] of TERRITORIES.entries()) {
    await sp.groups.put({ id: `G${i}`, code: `G${i}`, kind: 'group', name: `Young people of ${territory}`, territory, profile: 'young', lang: 'en', cycle: '2026', questionSet: 'spiral-3', rating: 'criteria', createdAt: '2026-05-20T10:00:00.000Z', expiresAt: '2026-08-18T10:00:00.000Z', memberCount: 3 });
  }
  const nb = nowbeallRecords(store);
  await nb.calls.put({ id: 'nba-2026', title: { en: 'NOW-BE-ALL 2026' }, question: { en: '?' }, themes: [{ id: 'mobility', label: { en: 'Mobility' } }], territories: [], languages: [], phase: 'collecting', createdAt: news, createdBy: 'p-x', phases: [] });
  for (let i = 1; i <= 20; i++) await nb.proposals.put({ id: String(i), call: 'nba-2026', theme: 'mobility', title: `Proposal ${i}`, body: '…', actor: 'authorities', lang: 'en', status: 'published', author: `p-${i}`, createdAt: news, updatedAt: news, supports: 0, reports: 0 });

  const r = networkRecords(store);
  const members: Member[] = [];
  for (let i = 0; i < N; i++) {
    const key = store.keyOf(`${BENCH_CHANNEL}:${i}`);
    const kind = i % 3;
    const group = groups[i % groups.length]!.id;
    // About 3% paused, stopped or with the digest off: they must get none.
    const quiet = i % 97 === 0 ? { off: true } : i % 89 === 0 ? { pausedUntil: '2026-07-01T00:00:00.000Z' } : i % 83 === 0 ? { digest: false } : {};
    const m: Member = { id: key, pseudonym: `p-${i}`, channel: BENCH_CHANNEL, tz: ZONES[i % ZONES.length]!, follows: { all: kind === 0, axes: kind === 1 ? [AXES[i % AXES.length]!] : [], groups: kind === 2 ? [group] : [] }, joinedAt: '2026-01-05T10:00:00.000Z', ...quiet };
    members.push(m);
  }
  for (let i = 0; i < members.length; i += 200) {
    await Promise.all(members.slice(i, i + 200).flatMap((m, k) => [r.members.put(m), ...(m.follows.groups.length || (i + k) % 2 ? [r.memberships.put({ id: `${groups[(i + k) % groups.length]!.id}:${m.id}`, group: groups[(i + k) % groups.length]!.id, key: m.id, by: 'manager', at: m.joinedAt })] : [])]));
  }
  await store.close();
  return { members, seedMs: Math.round(performance.now() - t0) };
}

const dir = mkdtempSync(join(tmpdir(), 'digest-bench-'));
try {
  const { members, seedMs } = await seed(dir);
  // What each step costs, in real time: handing a zone's members to the week's broadcast, writing one digest.
  let handOverMs = 0;
  let renderMs = 0;
  const zoneJob = plandigest.jobs![ZONE_JOB]!;
  plandigest.jobs![ZONE_JOB] = async (services, job) => {
    const t = performance.now();
    await zoneJob(services, job);
    handOverMs += performance.now() - t;
  };
  const render = weekKind.render.bind(weekKind);
  weekKind.render = async (letter, payload) => {
    const t = performance.now();
    const out = await render(letter, payload);
    renderMs += performance.now() - t;
    return out;
  };
  const clock = new VirtualClock(Date.parse('2026-06-06T12:00:00Z'));
  const channel = new RecordingChannel(clock);
  const core = await createCore({ config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() }, flows: allFlows, channels: [channel], log: silentLogger(), now: clock.now, control: false });
  await core.start();
  const zoneJobs = (await core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone').length;

  let tickMs = 0;
  let sendMs = 0;
  const end = Date.parse('2026-06-08T21:00:00Z');
  for (let t = Date.parse('2026-06-07T18:00:00Z'); t <= end; ) {
    clock.jumpTo(t);
    const a = performance.now();
    await core.scheduler.runDue();
    const b = performance.now();
    await core.broadcasts.idle();
    await core.outbox.drain();
    tickMs += b - a;
    sendMs += performance.now() - b;
    t = Math.max(t + TICK_MS, Math.ceil(clock.now().getTime() / TICK_MS) * TICK_MS);
  }
  const active = members.filter((m) => !m.off && !m.pausedUntil && m.digest !== false);
  const chatOf = (m: Member) => String(Number(m.pseudonym.slice(2)));
  const lateness: number[] = [];
  let duplicates = 0;
  let missed = 0;
  for (const m of active) {
    const times = channel.got.get(chatOf(m)) ?? [];
    if (times.length === 0) missed++;
    duplicates += Math.max(0, times.length - 1);
    if (times[0] !== undefined) lateness.push(times[0] - mondayAt(MONDAY, m.tz).toMillis());
  }
  const toQuiet = members.filter((m) => !active.includes(m) && channel.got.has(chatOf(m))).length;

  // Every zone's job of the week replayed: the week's ledger must send nobody a second digest.
  const before = [...channel.got.values()].reduce((n, ts) => n + ts.length, 0);
  for (const tz of ZONES) await plandigest.jobs!['plandigest.zone']!(core.services, { id: `plandigest-zone:${tz}`, kind: 'plandigest.zone', at: mondayAt(MONDAY, tz).toUTC().toISO()!, payload: { tz, week: MONDAY } });
  await core.broadcasts.idle();
  await core.outbox.drain();
  const replayDuplicates = [...channel.got.values()].reduce((n, ts) => n + ts.length, 0) - before;
  const week = await core.broadcasts.get(`plandigest-${MONDAY}`);
  await core.stop();

  const delivered = lateness.length;
  const row = {
    members: N,
    zones: ZONES.length,
    zoneJobs,
    active: active.length,
    delivered,
    handOverMs: Math.round(handOverMs),
    renderMs: Math.round(renderMs),
    perDigestMs: Number((renderMs / Math.max(1, delivered)).toFixed(2)),
    sendMs: Math.round(sendMs),
    ticks: { count: Math.round((end - Date.parse('2026-06-07T18:00:00Z')) / TICK_MS) + 1, ms: Math.round(tickMs) },
    latenessMs: { p50: Math.round(pct(lateness, 50)), p99: Math.round(pct(lateness, 99)), max: Math.round(Math.max(0, ...lateness)) },
    duplicates,
    replayDuplicates,
    missedMembers: missed,
    sentToPausedOrStopped: toQuiet,
    ledger: week?.counts,
    seedMs,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
