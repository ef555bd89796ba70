/**
 * A core with every flow, a fake clock and in-memory channels, for the network plan's members and
 * reminders (issue #13, part B). The plan's data is written straight into its records, as part A's
 * operations store it, and each event change goes through `eventChanged` as theirs does.
 */
import { DateTime } from 'luxon';
import { createCore, type Core } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import type { Services, Store, UserDoc } from '../../src/engine/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { onboarding } from '../../flows/onboarding/index.ts';
import { privacy } from '../../flows/privacy/index.ts';
import { plan } from '../../flows/network/index.ts';
import { plandigest } from '../../flows/network/digest/index.ts';
import { networkRecords } from '../../flows/network/records.ts';
import { eventChanged } from '../../flows/network/reminders/on-change.ts';
import type { PlanEvent } from '../../flows/network/types.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUser, MemoryChannel } from './memory-channel.ts';
import { personDoc as storedPerson } from './person-doc.ts';

/** A clock the test moves by hand. */
export class Clock {
  constructor(public current: Date) {}
  now = (): Date => this.current;
}

export interface PlanBot {
  core: Core;
  services: Services;
  channel: MemoryChannel;
  dir: string;
  clock: Clock;
  /** When each message went out, by the fake clock: `chatId` → [ISO time, text]. */
  deliveries: { chatId: string; at: string; text: string }[];
  restart(): Promise<PlanBot>;
  stop(): Promise<void>;
}

/**
 * `memory`: the store in memory instead of the data folder's lowdb store (nothing survives a
 * restart); `digest`: the weekly digest's flow too.
 */
export async function startPlanBot(options: { dir?: string; now?: string; memory?: boolean; digest?: boolean } = {}): Promise<PlanBot> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'together-plan-'));
  const clock = new Clock(new Date(options.now ?? '2026-03-01T08:00:00Z'));
  const channel = new MemoryChannel();
  const deliveries: PlanBot['deliveries'] = [];
  channel.deliverHook = (chatId, reply) => {
    if (reply.kind === 'text') deliveries.push({ chatId, at: clock.now().toISOString(), text: reply.text });
  };
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(['memory:boss']) },
    // The flows a member of the plan meets: the others' are tested in their own files.
    flows: [onboarding, privacy, plan, ...(options.digest ? [plandigest] : [])],
    channels: [channel as Channel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 5 },
    ...(options.memory ? { store: new MemoryStore() } : {}),
  });
  await core.start();
  const bot: PlanBot = {
    core,
    services: core.services,
    channel,
    dir,
    clock,
    deliveries,
    restart: async () => {
      await core.stop();
      const next = await startPlanBot({ dir, now: clock.current.toISOString(), ...(options.digest ? { digest: true } : {}) });
      next.deliveries.unshift(...deliveries);
      return next;
    },
    stop: () => core.stop(),
  };
  return bot;
}

/** The document of a person who has talked to the bot on the memory channel and consented (their platform's zone when `tz`). */
export function personDoc(store: Store, id: string, options: { lang?: string; tz?: string } = {}): UserDoc {
  return storedPerson(store, id, 0, { lang: options.lang ?? 'en', ...(options.tz ? { tz: options.tz } : {}), consentAt: '2026-01-01T00:00:00.000Z' });
}

/** A person who has talked to the bot and consented (their platform's zone when `tz`), chatting through the memory channel. */
export async function person(bot: PlanBot, id: string, options: { lang?: string; tz?: string } = {}): Promise<FakeUser> {
  await bot.services.store.saveUser(personDoc(bot.services.store, id, options));
  return new FakeUser(bot.channel, id);
}

/** A person who joined /plan (following everything) and, when given, chose a zone. */
export async function member(bot: PlanBot, id: string, tz?: string): Promise<FakeUser> {
  const u = await person(bot, id);
  await u.send('/plan join');
  if (tz) await u.send(`/plan tz ${tz}`);
  return u;
}

export const keyOf = (bot: PlanBot, id: string) => bot.services.store.keyOf(`memory:${id}`);

export type EventFields = Partial<PlanEvent> & Pick<PlanEvent, 'id' | 'date' | 'tz'>;

function withStart(e: Omit<PlanEvent, 'start'>): PlanEvent {
  return { ...e, start: DateTime.fromISO(`${e.date}T${e.time ?? '00:00'}`, { zone: e.tz }).toMillis() };
}

/** Stores an event and tells the reminders, as the plan's data operations do. */
export async function addEvent(bot: PlanBot, fields: EventFields): Promise<PlanEvent> {
  const event = withStart({ kind: 'meeting', title: `Event ${fields.id}`, status: 'scheduled', version: 1, updatedAt: bot.clock.now().toISOString(), ...fields });
  await networkRecords(bot.services.store).events.put(event);
  await eventChanged(bot.services, undefined, event);
  return event;
}

/** Changes a stored event (its version grows) and tells the reminders. */
export async function editEvent(bot: PlanBot, id: string, change: Partial<PlanEvent>): Promise<{ before: PlanEvent; after: PlanEvent }> {
  const events = networkRecords(bot.services.store).events;
  const before = (await events.get(id))!;
  const { start: _s, ...rest } = { ...before, ...change, version: before.version + 1, updatedAt: bot.clock.now().toISOString() };
  const after = withStart(rest);
  await events.put(after);
  await eventChanged(bot.services, before, after);
  return { before, after };
}

/** Moves the clock to `iso`, runs what is due, and waits until every message it caused went out. */
export async function at(bot: PlanBot, iso: string | Date): Promise<void> {
  bot.clock.current = new Date(iso);
  await bot.core.scheduler.runDue();
  await bot.core.broadcasts.idle();
  await bot.core.outbox.drain();
}

/** Steps the clock to every moment in [from, to] a job is due, in order (a zone's 09:00, each one), running what is due there. */
export async function throughDue(bot: PlanBot, from: string, to: string): Promise<void> {
  const [start, end] = [Date.parse(from), Date.parse(to)];
  for (let t = start; t <= end; ) {
    await at(bot, new Date(t));
    const next = (await bot.core.scheduler.list()).map((j) => j.due ?? Infinity).filter((d) => d > t && d <= end);
    t = next.length ? Math.min(...next) : end + 1;
  }
}

/** Walks the clock from `from` to `to` in steps of `minutes`, as the tick would. */
export async function walk(bot: PlanBot, from: string, to: string, minutes = 30): Promise<void> {
  for (let t = Date.parse(from); t <= Date.parse(to); t += minutes * 60_000) await at(bot, new Date(t));
}

/** The reminders (⏰) one chat received: when (by the fake clock) and the first line. */
export function remindersOf(bot: PlanBot, chatId: string): { at: string; line: string }[] {
  return bot.deliveries.filter((d) => d.chatId === chatId && d.text.startsWith('⏰')).map((d) => ({ at: d.at, line: d.text.split('\n')[0]! }));
}

export function textsOf(bot: PlanBot, chatId: string): string[] {
  return bot.deliveries.filter((d) => d.chatId === chatId).map((d) => d.text);
}

/** Presses a button of an older message: the latest message to this user that has a matching one. */
export function pressEarlier(user: FakeUser, label: string): Promise<import('../../src/core/types.ts').Reply[]> {
  for (const s of [...user.channel.sent].reverse()) {
    if (s.chatId !== user.id || s.reply.kind !== 'text') continue;
    const button = (s.reply.buttons ?? []).flat().find((b) => b.label.includes(label));
    if (button) return user.pressToken(button.token);
  }
  throw new Error(`No earlier button ${label} for ${user.id}`);
}
