// The network's weekly digest in a Discord server channel, end to end: the real core, Discord
// adapter and discord.js client against the fake Discord, on a fake clock. A manager types
// `/plan text:digest here` in a channel (run there, answered to them alone); on Monday 09:00 (the
// bot's zone) the whole plan's digest is posted there once, in the server's language, with
// mentions off; someone else is refused; `/plan text:digest off` stops it.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { personId } from '../src/core/types.ts';
import { every } from '../src/engine/index.ts';
import { allFlows } from '../flows/index.ts';
import { digestRecords } from '../flows/network/digest/records.ts';
import { unescapeDiscord } from '../adapters/discord/format.ts';
import { FAST, TrackedDiscord, userOf } from './fakes/contract/discord-driver.ts';
import { DeliveryTracker } from './fakes/contract/driver.ts';
import { startFakeDiscord, type FakeDiscord, type SeenDiscordMessage } from './fakes/discord/index.ts';
import { Clock } from './helpers/caravan-bot.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { planEvent, seedPlan } from './helpers/network-digest.ts';

interface Bot {
  fake: FakeDiscord;
  core: Core;
  tracker: DeliveryTracker;
  clock: Clock;
  dir: string;
}

let bot: Bot | null = null;
afterEach(async () => {
  if (!bot) return;
  await bot.core.stop();
  await bot.fake.close();
  removeDir(bot.dir);
  bot = null;
});

const MANAGER = 'digest-mona';
const MEMBER = 'digest-ion';

async function start(): Promise<Bot> {
  // A French server: the digest of a channel there is in French unless the manager names another language.
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 5_000, guildLocale: 'fr' });
  const dir = tempDir('together-digest-discord-');
  const clock = new Clock(new Date('2026-06-03T10:00:00Z'));
  const tracker = new DeliveryTracker();
  const channel = new TrackedDiscord({ token: fake.token, apiUrl: fake.apiUrl, log: silentLogger(), limits: FAST, startTimeoutMs: 10_000 }, tracker);
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set([`discord:${userOf(MANAGER)}`]) },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
  });
  try {
    await core.start();
  } catch (e) {
    await core.stop().catch(() => {});
    await fake.close();
    throw e;
  }
  fake.addUser({ id: userOf(MANAGER), username: 'mona', locale: 'en-US' });
  fake.addUser({ id: userOf(MEMBER), username: 'ion', locale: 'ro' });
  // The manager has written to the bot before: a document with a pseudonym, which names them in the record.
  const { store } = core.services;
  const contact = { channel: 'discord', userId: userOf(MANAGER), chatId: fake.dmOf(userOf(MANAGER)) };
  await store.saveUser({ schema: 1, key: store.keyOf(personId(contact)), pseudonym: 'p-digest-mona', contact, lang: 'en', consentAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', seq: 0, seen: [], flows: {} });
  return { fake, core, tracker, clock, dir };
}

/** `/plan text:<text>` typed by `name` in the server's channel; resolves with what the person alone was shown. */
async function plan(b: Bot, name: string, text: string): Promise<{ text: string; flags: number }> {
  const before = b.tracker.events;
  const interaction = await b.fake.slashCommand(userOf(name), 'plan', { text }, { channelId: b.fake.generalChannelId });
  await b.tracker.reached(before + 1);
  await b.tracker.delivered();
  await interaction.done;
  const r = b.fake.interaction(interaction.id)!;
  return { text: unescapeDiscord(r.editedOriginal?.content ?? r.content ?? ''), flags: r.flags ?? 0 };
}

/** The clock walks half an hour at a time; the jobs due run and what they send is delivered. */
async function walk(b: Bot, from: string, to: string): Promise<void> {
  for (let t = Date.parse(from); t < Date.parse(to); t += 30 * 60_000) {
    b.clock.set(new Date(t).toISOString());
    await b.core.scheduler.runDue();
    await b.core.broadcasts.idle();
    await b.core.outbox.drain();
  }
}

/** What the bot posted in the channel for everyone (interaction answers left out). */
const posted = (b: Bot): SeenDiscordMessage[] => b.fake.messages(b.fake.generalChannelId).filter((m) => !m.interactionId);
const digests = (b: Bot) => posted(b).filter((m) => unescapeDiscord(m.content).startsWith('📰'));
const places = (b: Bot) => every(digestRecords(b.core.services.store).places);

describe('network digest in a Discord server channel: /plan digest here', () => {
  it('a manager makes a channel receive the whole plan\'s digest in the server\'s language, once a week with mentions off; others are refused; off stops it', async () => {
    bot = await start();
    const b = bot;
    const general = b.fake.generalChannelId;
    await seedPlan(b.core.services, {
      // A title that would ping the whole server if Discord were let to parse mentions.
      events: [planEvent({ id: 'coord', title: '@everyone Mons coordination meeting', date: '2026-06-10', time: '17:00', groups: ['coord-mons'] }), planEvent({ id: 'report', kind: 'deadline', title: 'Quarter report', date: '2026-06-26' })],
      phases: [{ id: 'skills', name: { en: 'Skills extension', fr: 'Extension des compétences' }, quarter: 'Q2', year: 2026, from: '2026-04-01', to: '2026-06-30', asks: { dynamisors: { en: 'Train two facilitators', fr: 'Former deux animateurs' } } }],
    });
    expect(b.fake.registeredCommands().map((c) => c.name)).toContain('plan');

    // Someone who is not a manager: refused in their own language, nothing kept, nothing in the channel.
    const refused = await plan(b, MEMBER, 'digest here');
    expect(refused.text).toBe('Doar administratorii rețelei pot alege ce conversații primesc rezumatul săptămânal.');
    expect(refused.flags & 64).toBe(64);
    expect(await places(b)).toEqual([]);

    // The manager: answered to them alone, in their language; the channel gets the server's language.
    const added = await plan(b, MANAGER, 'digest here');
    expect(added.text).toBe("This chat will receive the network's weekly digest on Mondays at 09:00 (Europe/Brussels), in French.");
    expect(added.flags & 64).toBe(64);
    const [kept, ...more] = await places(b);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ id: `discord:${general}`, channel: 'discord', chatId: general, lang: 'fr', by: 'p-digest-mona' });
    // The record names the manager by pseudonym only.
    expect(JSON.stringify(kept)).not.toContain(userOf(MANAGER));
    expect(JSON.stringify(kept)).not.toContain(b.fake.dmOf(userOf(MANAGER)));
    expect((await plan(b, MANAGER, 'digest here')).text).toBe('This chat already receives the weekly digest, in French.');
    expect((await plan(b, MANAGER, 'digest list')).text).toContain(`discord:${general} (fr), since 2026-06-03`);
    expect(posted(b)).toEqual([]);
    // Nothing of it went to the manager's DM: the command ran in the channel.
    expect(b.fake.messages(b.fake.dmOf(userOf(MANAGER))).filter((m) => !m.interactionId)).toEqual([]);

    // Monday 09:00 in Brussels (07:00 UTC): the digest, once.
    await walk(b, '2026-06-08T06:00:00Z', '2026-06-08T08:30:00Z');
    const first = digests(b);
    expect(first).toHaveLength(1);
    const text = unescapeDiscord(first[0]!.content);
    expect(text).toContain('📰 Le plan d’action du réseau — semaine du 8 juin 2026');
    expect(text).toContain('Former deux animateurs');
    expect(text).toContain('@everyone Mons coordination meeting');
    expect(text).not.toMatch(/What you follow|Ce que vous suivez/);
    // Mentions off: Discord is told to ping nobody, whatever the text holds; no button acts for whoever presses it.
    expect(first[0]!.allowedMentions).toEqual({ parse: [] });
    expect(first[0]!.components ?? []).toEqual([]);
    // The same Monday's hours again (a replay, a restart): nothing more.
    await walk(b, '2026-06-08T07:00:00Z', '2026-06-08T09:00:00Z');
    expect(digests(b)).toHaveLength(1);

    // Someone else cannot stop it either; the manager can.
    expect((await plan(b, MEMBER, 'digest off')).text).toBe('Doar administratorii rețelei pot alege ce conversații primesc rezumatul săptămânal.');
    expect(await places(b)).toHaveLength(1);
    expect((await plan(b, MANAGER, 'digest off')).text).toBe('This chat will no longer receive the weekly digest.');
    expect(await places(b)).toEqual([]);
    await walk(b, '2026-06-15T06:00:00Z', '2026-06-15T08:30:00Z');
    expect(digests(b)).toHaveLength(1);
  });

  it('a digest longer than one Discord message arrives in several, in order, each once, in the language the manager named', async () => {
    bot = await start();
    const b = bot;
    // Titles full of Discord markdown, long enough that the week's digest needs more than 2,000 characters.
    const titles = Array.from({ length: 12 }, (_, i) => `Meeting ${String(i + 1).padStart(2, '0')} **bold** _under_ ||spoiler|| <@123> ${'x'.repeat(150)}`);
    await seedPlan(b.core.services, { events: titles.map((title, i) => planEvent({ id: `m${i}`, title, date: '2026-06-09', time: `${String(8 + i).padStart(2, '0')}:00` })) });
    expect((await plan(b, MANAGER, 'digest here en')).text).toBe("This chat will receive the network's weekly digest on Mondays at 09:00 (Europe/Brussels), in English.");

    await walk(b, '2026-06-08T06:00:00Z', '2026-06-08T08:30:00Z');
    const parts = posted(b);
    expect(parts.length).toBeGreaterThan(1);
    for (const m of parts) {
      expect(m.content.length).toBeLessThanOrEqual(2000);
      expect(m.allowedMentions).toEqual({ parse: [] });
    }
    const whole = parts.map((m) => unescapeDiscord(m.content)).join('\n');
    expect(whole.startsWith("📰 The network's action plan — week of June 8, 2026")).toBe(true);
    // Every event once, in order, shown as typed (escaped, never formatted).
    const seen = titles.map((t) => whole.indexOf(t));
    expect(seen.every((at) => at >= 0)).toBe(true);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    for (const t of titles) expect(whole.split(t)).toHaveLength(2);
    await walk(b, '2026-06-08T07:00:00Z', '2026-06-08T09:00:00Z');
    expect(posted(b)).toHaveLength(parts.length);
  });
});
