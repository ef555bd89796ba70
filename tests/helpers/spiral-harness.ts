import { createCore, type Core } from '../../src/app.ts';
// As the composition root does: each channel's offline link builder (t.me links from the bot name).
import '../../adapters/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Reply } from '../../src/core/types.ts';
import { allFlows } from '../../flows/index.ts';
import { spiralDataOf } from '../../flows/spiral/participant.ts';
import { ANY_GROUP, all, spiralRecords } from '../../flows/spiral/records.ts';
import type { Cycle, Group, Participation, Review } from '../../flows/spiral/types.ts';
import { removeDir, tempDir } from './harness.ts';
import { FakeUser, MemoryChannel, texts } from './memory-channel.ts';

export interface SpiralBotOptions {
  dir?: string;
  managers?: string[];
  telegramBot?: string;
  /** Start time of the fake clock. */
  now?: Date;
}

/** A group as tests look at it: its record with its members (person keys), facilitators (pseudonyms) and reviews gathered from their own records. */
export interface GroupView extends Group {
  members: string[];
  facilitators: string[];
  reviews: Record<string, Review>;
}

/** A core with every flow on a temporary folder, a memory channel and a clock the test moves. */
export interface SpiralBot {
  core: Core;
  channel: MemoryChannel;
  dir: string;
  clock: { now: Date };
  user(id: string, locale?: string): FakeUser;
  /** Moves the clock forward and runs the jobs that are due. */
  advance(ms: number): Promise<void>;
  restart(): Promise<SpiralBot>;
  stop(): Promise<void>;
  group(code: string): Promise<GroupView | undefined>;
  groups(): Promise<GroupView[]>;
  /** Pseudonyms allowed to create groups. */
  generalFacilitators(): Promise<string[]>;
  cycles(): Promise<Cycle[]>;
  participation(userId: string, code: string): Promise<Participation | undefined>;
}

export async function startSpiralBot(options: SpiralBotOptions = {}, clock = { now: options.now ?? new Date('2026-03-02T09:00:00Z') }): Promise<SpiralBot> {
  const dir = options.dir ?? tempDir('together-spiral-');
  const channel = new MemoryChannel();
  const core = await createCore({
    config: {
      dataDir: dir,
      lang: 'en',
      tz: 'Europe/Brussels',
      managers: new Set((options.managers ?? ['boss']).map((m) => `memory:${m}`)),
      ...(options.telegramBot ? { botNames: { telegram: options.telegramBot } } : {}),
    },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
    now: () => clock.now,
  });
  await core.start();
  const store = core.services.store;
  const bot: SpiralBot = {
    core,
    channel,
    dir,
    clock,
    user: (id, locale) => new FakeUser(channel, id, locale),
    async advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
      await core.scheduler.runDue();
      await core.outbox.drain();
    },
    async restart() {
      await core.stop();
      return startSpiralBot({ ...options, dir }, clock);
    },
    stop: () => core.stop(),
    async group(code) {
      const r = await spiralRecords(store);
      const g = await r.groups.get(code);
      if (!g) return undefined;
      const reviews: Record<string, Review> = {};
      // In the order they were done (the id is random).
      for (const x of await all(r.reviews, { group: code }, 'seq')) reviews[x.criterion] = { family: x.family, component: x.component, by: x.by, at: x.at };
      return {
        ...g,
        members: (await all(r.members, { group: code }, 'joinedAt')).map((m) => m.key),
        facilitators: (await all(r.roles, { group: code })).map((x) => x.pseudonym),
        reviews,
      };
    },
    async groups() {
      const r = await spiralRecords(store);
      return Promise.all((await all(r.groups, undefined, 'createdAt')).map(async (g) => (await bot.group(g.code))!));
    },
    generalFacilitators: async () => (await all((await spiralRecords(store)).roles, { group: ANY_GROUP })).map((x) => x.pseudonym),
    cycles: async () => all((await spiralRecords(store)).cycles),
    async participation(userId, code) {
      const doc = await store.loadUser(store.keyOf(`memory:${userId}`));
      return doc ? spiralDataOf(doc)?.groups[code] : undefined;
    },
  };
  return bot;
}

export const cleanup = async (bot: SpiralBot | undefined): Promise<void> => {
  if (!bot) return;
  await bot.stop();
  removeDir(bot.dir);
};

/** A user who has given consent (with /agree), in the language of `locale`. */
export async function citizen(bot: SpiralBot, id: string, locale = 'en'): Promise<FakeUser> {
  const u = bot.user(id, locale);
  await u.send('/agree');
  return u;
}

/** The last text the user received. */
export function lastText(u: FakeUser): string {
  const mine = u.channel.sent.filter((s) => s.chatId === u.id && s.reply.kind === 'text');
  const r = mine.at(-1)?.reply;
  return r?.kind === 'text' ? r.text : '';
}

/** Creates a group through the guided chat, as the facilitator `fac`; returns its code. */
export async function createGroup(bot: SpiralBot, fac: FakeUser, o: { name?: string; territory?: string; profile?: string; lang?: string; cycle?: string; future?: boolean; components?: boolean } = {}): Promise<string> {
  const before = new Set((await bot.groups()).map((g) => g.code));
  await fac.send('/spiral new');
  await fac.send(o.name ?? 'Young people of Namur');
  await fac.send(o.territory ?? 'Namur');
  if (o.profile) await fac.send(o.profile);
  else await fac.press(/Young|Jeunes|Giovani|Tineri|Jóvenes|Jovens/);
  await fac.send(o.lang ?? 'en');
  await fac.send(o.cycle ?? '2026');
  await fac.pressToken(fac.buttons()[o.future ? 1 : 0]!.token);
  await fac.pressToken(fac.buttons()[o.components ? 1 : 0]!.token);
  const code = (await bot.groups()).map((g) => g.code).find((c) => !before.has(c));
  if (!code) throw new Error(`no group created:\n${fac.transcript().slice(-800)}`);
  return code;
}

export function images(replies: Reply[]) {
  return replies.filter((r): r is Extract<Reply, { kind: 'image' }> => r.kind === 'image');
}

export function files(replies: Reply[]) {
  return replies.filter((r): r is Extract<Reply, { kind: 'file' }> => r.kind === 'file');
}

export { texts };

/** The value a button carries (the flow's value, before the engine's step and sequence tags). */
export const valueOf = (token: string): string => token.split('|')[0] ?? '';

/** Presses the button whose value matches, on the latest message with buttons. */
export async function pressValue(u: FakeUser, test: RegExp): Promise<Reply[]> {
  const b = u.buttons().find((x) => test.test(valueOf(x.token)));
  if (!b) throw new Error(`No button with value ${test} in: ${u.buttons().map((x) => valueOf(x.token)).join(' | ')}\n--- last text:\n${lastText(u)}`);
  return u.pressToken(b.token);
}
