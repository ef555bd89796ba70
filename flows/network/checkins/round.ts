/**
 * One clock for every check-in: a single recurring job at 10:00 (the bot's zone) on days 1–7 of
 * each month. On the first weekday among them it makes the month's rounds, each once: a round
 * that exists is never made again, so a second run, a restart or a crash half-way asks nobody
 * twice. Later runs of that week make only rounds still missing (an activity imported on the
 * 3rd, a group's first member) and send rounds a crash left unsent. Members are found through
 * the memberships' `group` index when a round is made: no job per member, no job per activity.
 */
import { DateTime } from 'luxon';
import { every, quietHours, type BroadcastSpec, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { Activity, Member } from '../types.ts';
import { closesAt, isDue, monthsOf, periodAt, quarterOf } from './due.ts';
import { ASK_KIND, center } from './letter.ts';
import { answerId, checkinRecords, refOf, roundId, type Round } from './records.ts';

export const TICK_JOB = 'checkin.tick';
const TICK_ID = 'checkin-tick';
const TICK_CRON = '0 10 1-7 * *';
const TICK_HOUR = 10;
/** A run missed while the bot was down still makes the rounds that day, until evening. */
const TICK_GRACE_MS = 10 * 60 * 60 * 1000;

/** Plans the one recurring job (replacing it keeps the same next time). */
export function ensureTick(services: Services): Promise<void> {
  return services.schedule({ id: TICK_ID, kind: TICK_JOB, cron: TICK_CRON, tz: services.config.tz, graceMs: TICK_GRACE_MS });
}

/** The job (and the start's catch-up): on a weekday of the month's first week, from 10:00, the month's rounds. */
export async function runTick(services: Services): Promise<void> {
  const local = DateTime.fromJSDate(services.now(), { zone: services.config.tz });
  if (local.day > 7 || local.weekday > 5 || local.hour < TICK_HOUR) return;
  await makeRounds(services, local.toFormat('yyyy-MM'));
}

export interface RoundsMade {
  period: string;
  /** Rounds made by this run. */
  made: string[];
  /** Letters queued by this run (one per person). */
  letters: number;
}

/** Runs of one store one at a time (the job, the start's catch-up, a manager's command). */
const queues = new WeakMap<object, Promise<unknown>>();

/** Makes the rounds of `period` still missing and sends those not sent yet. */
export function makeRounds(services: Services, period = periodAt(services.now(), services.config.tz)): Promise<RoundsMade> {
  const before = queues.get(services.store) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => make(services, period));
  queues.set(services.store, run);
  return run;
}

const asked = (m: Member, now: Date) => !m.off && !(m.pausedUntil && Date.parse(m.pausedUntil) > now.getTime());

async function make(services: Services, period: string): Promise<RoundsMade> {
  const { store } = services;
  const now = services.now();
  const r = checkinRecords(store);
  const n = networkRecords(store);
  const global = (await r.settings.get('global'))?.months;
  const due = (await every(n.activities, { where: { status: ['planned', 'ongoing'] } })).filter((a) => isDue(a, period, global)).sort((a, b) => a.id.localeCompare(b.id));
  const made: string[] = [];
  for (const a of due) if (await makeRound(services, a, period, global, now)) made.push(roundId(a.id, period));
  const letters = await send(services, period);
  return { period, made, letters };
}

/** One activity's round: its answer records first, the round last (a round exists only with them). */
async function makeRound(services: Services, a: Activity, period: string, global: number | undefined, now: Date): Promise<boolean> {
  const { store } = services;
  const r = checkinRecords(store);
  const n = networkRecords(store);
  const id = roundId(a.id, period);
  if (await r.rounds.get(id)) return false;
  const keys = (await every(n.memberships, { where: { group: a.owner! } })).map((m) => m.key);
  const members: Member[] = [];
  for (const m of await n.members.getMany(keys)) {
    // Answers are stored only with consent: someone a manager added who never agreed is not asked (nor listed).
    if (asked(m, now) && (await store.loadUser(m.id).catch(() => null))?.consentAt) members.push(m);
  }
  // Nobody to ask (yet): a member joining this week gets it at the next run.
  if (members.length === 0) return false;
  const quarter = quarterOf(period);
  for (const m of members) {
    await r.answers.update(answerId(id, m.id), (cur) => cur ?? { id: answerId(id, m.id), round: id, key: m.id, activity: a.id, group: a.owner!, period, quarter, status: 'open' });
  }
  const round: Round = { id, ref: refOf(id), activity: a.id, axis: a.axis, group: a.owner!, period, quarter, at: now.toISOString(), closesAt: closesAt(period, monthsOf(a, global), services.config.tz), asked: await r.answers.count({ round: id }) };
  // Another instance (or a manager's --send) making it at the same moment made the same answer records; one of the two makes the round.
  let made = false;
  await r.rounds.update(id, (cur) => {
    made = !cur;
    return cur ?? round;
  });
  return made;
}

/**
 * Sends the month's rounds that have no broadcast yet as one new broadcast. The round names its
 * broadcast before the broadcast is created, and creating one again only adds whom it lacks: a
 * crash anywhere here sends nothing twice and forgets no round. The new broadcast's id is made of
 * the rounds it sends, so two instances (or a manager's --send) sending the same rounds at the same
 * moment name the same broadcast and one of them makes it.
 */
async function send(services: Services, period: string): Promise<number> {
  const r = checkinRecords(services.store);
  const rounds = await every(r.rounds, { where: { period } });
  const ids = new Set(rounds.flatMap((x) => (x.broadcast ? [x.broadcast] : [])));
  const fresh = rounds.filter((x) => !x.broadcast);
  if (fresh.length > 0) {
    const id = batchId(period, fresh.map((x) => x.id));
    for (const x of fresh) await r.rounds.update(x.id, (cur) => (cur && !cur.broadcast ? { ...cur, broadcast: id } : cur));
    ids.add(id);
  }
  const c = center(services);
  let letters = 0;
  for (const id of ids) {
    if (c.isActive(id) || (await c.get(id))) continue;
    const mine = (await every(r.rounds, { where: { period } })).filter((x) => x.broadcast === id).map((x) => x.id);
    if (mine.length === 0) continue;
    const recipients = await recipientsOf(services, mine);
    const created = await c.create({ id, kind: ASK_KIND, subject: `checkin-${period}`, payload: { period, rounds: mine }, recipients, quiet: quietHours(services.config.tz) });
    // Another instance is creating or sending this very broadcast: the same rounds, for the same people.
    if (created.outcome === 'busy') continue;
    letters += created.added;
    c.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'check-in broadcast failed; it resumes at the next start'));
  }
  return letters;
}

/** A broadcast's id from the rounds it sends first: `ci-<period>-<hash>`. */
const batchId = (period: string, rounds: readonly string[]) => `ci-${period}-${refOf([...rounds].sort().join(' '))}`;

/** Everyone asked in these rounds, once, with their channel and zone. */
async function recipientsOf(services: Services, rounds: string[]): Promise<BroadcastSpec['recipients']> {
  const r = checkinRecords(services.store);
  const keys = new Set<string>();
  for (const id of rounds) for (const a of await every(r.answers, { where: { round: id } })) keys.add(a.key);
  const members = await networkRecords(services.store).members.getMany([...keys]);
  return members.map((m) => ({ key: m.id, channel: m.channel, tz: m.tz }));
}
