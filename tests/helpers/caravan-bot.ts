/**
 * A core with the caravan flow on one or more in-memory channels, a fake clock and a log the
 * test can read. Stops and subscribers can be set up through the chat or directly.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createCore, type Core } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import type { BroadcastCenter } from '../../src/broadcast/index.ts';
import type { Services } from '../../src/engine/index.ts';
import type { UserDoc } from '../../src/store/types.ts';
import { allFlows } from '../../flows/index.ts';
import { center } from '../../flows/caravan/broadcasts.ts';
import { caravan } from '../../flows/caravan/index.ts';
import type { CaravanData, Stop } from '../../flows/caravan/types.ts';
import { caravanRecords, indexSubscription } from '../../flows/caravan/data.ts';
import { FakeUser, MemoryChannel } from './memory-channel.ts';
// The composition root registers each channel's offline link builder (Telegram's from a bot name), as bin/together.ts does.
import '../../adapters/index.ts';
import { tempDir } from './harness.ts';

/** A clock the test moves by hand. */
export class Clock {
  constructor(public current: Date) {}
  now = (): Date => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface CaravanBot {
  core: Core;
  services: Services;
  channels: MemoryChannel[];
  channel: MemoryChannel;
  dir: string;
  clock: Clock;
  /** Structured log lines written so far. */
  logs: Record<string, unknown>[];
  user(id: string, locale?: string, channel?: MemoryChannel): FakeUser;
  center(): BroadcastCenter;
  /** A manager command the way the CLI sends it (a control handler, in this process). */
  control(command: string, args?: Record<string, unknown>, progress?: (d: unknown) => void): Promise<unknown>;
  restart(): Promise<CaravanBot>;
  stop(): Promise<void>;
}

export interface CaravanBotOptions {
  dir?: string;
  now?: string;
  managers?: string[];
  channels?: string[];
  lang?: string;
  outbox?: { maxAttempts?: number; backoffMs?: number };
  botNames?: Record<string, string>;
}

/** Starts a core on a temporary data folder (or `dir`), by default at 2026-05-01 10:00 Brussels time. */
export async function startCaravanBot(options: CaravanBotOptions = {}): Promise<CaravanBot> {
  const dir = options.dir ?? tempDir('together-caravan-');
  const clock = new Clock(new Date(options.now ?? '2026-05-01T08:00:00Z'));
  const channels = (options.channels ?? ['memory']).map((name) => new MemoryChannel(name));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const core = await createCore({
    config: { dataDir: dir, lang: options.lang ?? 'en', tz: 'Europe/Brussels', managers: new Set(options.managers ?? ['memory:boss']), botNames: options.botNames },
    flows: allFlows,
    channels: channels as Channel[],
    log: pino({ level: 'info', base: undefined }, sink),
    now: clock.now,
    outbox: options.outbox ?? { backoffMs: 5 },
  });
  await core.start();
  const bot: CaravanBot = {
    core,
    services: core.services,
    channels,
    channel: channels[0]!,
    dir,
    clock,
    logs,
    user: (id, locale, channel) => new FakeUser(channel ?? channels[0]!, id, locale),
    center: () => center(core.services),
    control: (command, args = {}, progress = () => {}) => caravan.control![command]!(core.services, args, progress),
    restart: async () => {
      await core.stop();
      const next = await startCaravanBot({ ...options, dir, now: clock.current.toISOString() });
      next.clock.current = clock.current;
      return next;
    },
    stop: () => core.stop(),
  };
  return bot;
}

/** A stop in Iași on 2026-05-12 18:30, unless fields say otherwise. */
export function stopFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { town: 'Iași', country: 'RO', venue: 'Casa de Cultură, Str. Lăpușneanu 14', date: '2026-05-12', time: '18:30', tz: 'Europe/Bucharest', description: 'Come and talk about well-being.', languages: 'ro,en', ...fields };
}

export async function addStop(bot: CaravanBot, fields: Record<string, unknown> = {}): Promise<Stop> {
  return (await bot.control('caravan.add', stopFields(fields))) as Stop;
}

/** Stores subscribers directly (as if each had confirmed), for broadcasts to many people. */
export async function seedSubscribers(services: Services, ids: string[], options: { channel?: string; regions?: string[]; lang?: string | ((i: number) => string) } = {}): Promise<UserDoc[]> {
  const { store } = services;
  const channel = options.channel ?? 'memory';
  const docs: UserDoc[] = [];
  for (const [i, id] of ids.entries()) {
    const data: CaravanData = { sub: { all: false, regions: options.regions ?? ['ro'], since: '2026-04-01T00:00:00.000Z' }, rsvp: {} };
    const doc: UserDoc = {
      schema: 1,
      key: store.keyOf(`${channel}:${id}`),
      pseudonym: `p-seed-${i}`,
      contact: { channel, userId: id, chatId: id },
      lang: typeof options.lang === 'function' ? options.lang(i) : options.lang ?? 'en',
      consentAt: '2026-04-01T00:00:00.000Z',
      createdAt: '2026-04-01T00:00:00.000Z',
      seq: 0,
      seen: [],
      flows: { caravan: data },
    };
    await store.saveUser(doc);
    // As the flow does when a person confirms: the subscription is in the region index too.
    await indexSubscription(await caravanRecords(store), { key: doc.key, channel }, data.sub);
    docs.push(doc);
  }
  return docs;
}

/** Follows a region (or a stop) the way a person does: the command, then the confirmation button. */
export async function follow(user: FakeUser, target = 'ro'): Promise<void> {
  await user.send(`/caravan join ${target}`);
  await user.press('Yes');
}

export async function caravanOfUser(bot: CaravanBot, channel: string, id: string): Promise<CaravanData | undefined> {
  const doc = await bot.services.store.loadUser(bot.services.store.keyOf(`${channel}:${id}`));
  return doc?.flows.caravan as CaravanData | undefined;
}

/** Texts delivered to one chat of a channel. */
export function textsTo(channel: MemoryChannel, chatId: string): string[] {
  return channel.sent.filter((s) => s.chatId === chatId && s.reply.kind === 'text').map((s) => (s.reply.kind === 'text' ? s.reply.text : ''));
}

/** Presses a button of an older message: the latest message to this user that has a matching one. */
export function pressEarlier(user: FakeUser, label: string | RegExp): Promise<import('../../src/core/types.ts').Reply[]> {
  const matches = (l: string) => (typeof label === 'string' ? l.includes(label) : label.test(l));
  for (const s of [...user.channel.sent].reverse()) {
    if (s.chatId !== user.id || s.reply.kind !== 'text') continue;
    const button = (s.reply.buttons ?? []).flat().find((b) => matches(b.label));
    if (button) return user.pressToken(button.token);
  }
  throw new Error(`No earlier button ${String(label)} for ${user.id}`);
}
