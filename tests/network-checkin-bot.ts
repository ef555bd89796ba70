/**
 * A core with the check-in flow (and consent, /mydata, /forget) on an in-memory channel with a
 * fake clock, and an action plan written straight into its records: the Basic functions axis,
 * the web team (ana, ion, maria) owning the website, the trainers (ana) owning the training.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { FakeUser, MemoryChannel } from './helpers/memory-channel.ts';
import type { Services } from '../src/engine/index.ts';
import type { UserDoc } from '../src/store/types.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { checkin } from '../flows/network/checkins/index.ts';
import { center } from '../flows/network/checkins/letter.ts';
import { networkRecords } from '../flows/network/records.ts';
import type { Activity, Member } from '../flows/network/types.ts';

export class Clock {
  constructor(public current: Date) {}
  now = (): Date => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** The core and its channel (tests/helpers/harness.ts loads every flow; these tests need only theirs). */
export interface Bot {
  core: Core;
  channel: MemoryChannel;
  stop(): Promise<void>;
}

export interface CheckinBot {
  bot: Bot;
  clock: Clock;
  services: Services;
  dir: string;
  user(id: string): FakeUser;
  /** Moves the clock, runs what the scheduler has due and waits for the letters to be delivered. */
  at(iso: string): Promise<void>;
  control(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Stops the core and starts a new one on the same data folder (the store reopened). */
  restart(): Promise<CheckinBot>;
  stop(): Promise<void>;
}

/** Monday 1 June 2026, 08:00 in Brussels: two hours before the month's round. */
export const JUNE_1 = '2026-06-01T06:00:00Z';

/** `channel`: the chat of an earlier core on the same folder, so what it delivered is still read. */
export async function startCheckinBot(options: { dir?: string; now?: string; channel?: MemoryChannel } = {}): Promise<CheckinBot> {
  const dir = options.dir ?? mkdtempSync(joinPath(tmpdir(), 'together-checkin-'));
  const clock = new Clock(new Date(options.now ?? JUNE_1));
  const channel = options.channel ?? new MemoryChannel();
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(['memory:boss']) },
    flows: [onboarding, privacy, checkin],
    channels: [channel],
    log: process.env.CHECKIN_LOG ? (await import('pino')).pino({ level: 'info' }) : silentLogger(),
    now: clock.now,
  });
  await core.start();
  const bot: Bot = { core, channel, stop: () => core.stop() };
  const services = bot.core.services;
  const cb: CheckinBot = {
    bot,
    clock,
    services,
    dir,
    user: (id) => new FakeUser(bot.channel, id),
    async at(iso) {
      clock.set(iso);
      await bot.core.scheduler.runDue();
      await center(services).idle();
      await bot.core.outbox.drain();
    },
    control: (command, args = {}) => checkin.control![command]!(services, args, () => {}),
    async restart() {
      await bot.stop();
      const next = await startCheckinBot({ dir, now: clock.current.toISOString(), channel });
      next.clock.current = clock.current;
      await center(next.services).idle();
      await next.bot.core.outbox.drain();
      return next;
    },
    stop: () => bot.stop(),
  };
  return cb;
}

/** Stops the bot and removes its data folder (a test file's afterEach). */
export async function disposeCheckinBot(cb: CheckinBot | null): Promise<void> {
  if (!cb) return;
  await cb.stop();
  rmSync(cb.dir, { recursive: true, force: true });
}

/** A person who talked to the bot and consented, with a contact name, and joined /plan. */
export async function member(cb: CheckinBot, id: string, options: { name?: string; tz?: string; lang?: string; off?: boolean; consent?: false } = {}): Promise<string> {
  const { store } = cb.services;
  const key = store.keyOf(`memory:${id}`);
  const doc: UserDoc = {
    schema: 1,
    key,
    pseudonym: `p-${id}`,
    contact: { channel: 'memory', userId: id, chatId: id, ...(options.name ? { name: options.name } : {}) },
    lang: options.lang ?? 'en',
    ...(options.consent === false ? {} : { consentAt: '2026-01-01T00:00:00.000Z' }),
    createdAt: '2026-01-01T00:00:00.000Z',
    seq: 0,
    seen: [],
    flows: {},
  };
  await store.saveUser(doc);
  const m: Member = { id: key, pseudonym: doc.pseudonym, channel: 'memory', tz: options.tz ?? 'Europe/Brussels', follows: { all: true, axes: [], groups: [] }, joinedAt: doc.createdAt, ...(options.off ? { off: true } : {}) };
  await networkRecords(store).members.put(m);
  return key;
}

export async function join(cb: CheckinBot, key: string, group: string): Promise<void> {
  await networkRecords(cb.services.store).memberships.put({ id: `${group}:${key}`, group, key, by: 'self', at: '2026-01-01T00:00:00.000Z' });
}

export async function activity(cb: CheckinBot, a: Partial<Activity> & Pick<Activity, 'id'>): Promise<void> {
  await networkRecords(cb.services.store).activities.put({ axis: 'basic', title: a.id, status: 'ongoing', ...a });
}

/** The plan of the tests; returns the members' keys. */
export async function seedPlan(cb: CheckinBot): Promise<Record<'ana' | 'ion' | 'maria' | 'dan', string>> {
  const n = networkRecords(cb.services.store);
  await n.axes.put({ id: 'basic', name: { en: 'Basic functions', fr: 'Fonctions de base' } });
  await n.groups.put({ id: 'web-team', name: { en: 'Web team', fr: 'Équipe web' }, kind: 'thematic' });
  await n.groups.put({ id: 'trainers', name: 'Trainers', kind: 'thematic' });
  await activity(cb, { id: 'website', title: { en: 'Website', fr: 'Site web' }, owner: 'web-team' });
  await activity(cb, { id: 'training', title: 'Training of facilitators', owner: 'trainers', status: 'planned', quarter: 'Q2' });
  // Neither gets a check-in: finished, and owned by nobody.
  await activity(cb, { id: 'old-site', owner: 'web-team', status: 'done' });
  await activity(cb, { id: 'loose', status: 'ongoing' });
  const keys = {
    ana: await member(cb, 'ana', { name: 'Ana Pop' }),
    ion: await member(cb, 'ion', { name: 'Ion Rusu' }),
    maria: await member(cb, 'maria', { name: 'Maria Popescu' }),
    // Follows the plan but is in no group.
    dan: await member(cb, 'dan'),
  };
  for (const k of [keys.ana, keys.ion, keys.maria]) await join(cb, k, 'web-team');
  await join(cb, keys.ana, 'trainers');
  return keys;
}

/** Texts sent to one person's chat. */
export function textsTo(cb: CheckinBot, id: string): string[] {
  return cb.bot.channel.sent.filter((s) => s.chatId === id && s.reply.kind === 'text').map((s) => (s.reply.kind === 'text' ? s.reply.text : ''));
}

export const letters = (cb: CheckinBot, id: string) => textsTo(cb, id).filter((t) => t.startsWith('📋 Check-in —'));
