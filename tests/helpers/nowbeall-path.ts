/**
 * NOW-BE-ALL's whole path (issue #12, "Done when") as one scenario played by people on any
 * channel: each person is an `Actor` that types and presses buttons the way their platform
 * lets them (Slack's own /propose and /together, Discord's slash commands, Telegram's and the
 * console's typed lines), and reads what their own chat shows. The scenario asserts what each
 * person reads, that every notice reaches each follower once in their language, the export
 * (pseudonyms only), the dossier, /mydata and /forget.
 */
import { PassThrough, Writable } from 'node:stream';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import type { Channel, ChannelInfo, EventSink } from '../../src/channels/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { exportData } from '../../src/cli/export.ts';
import { collectStats } from '../../src/cli/stats.ts';
import { allFlows } from '../../flows/index.ts';
import { nbgroups } from '../../flows/nowbeall/groups/index.ts';
import { nowbeallRecords, every } from '../../flows/nowbeall/records.ts';
import { ConsoleChannel, type ConsoleOptions } from '../../adapters/console/console-channel.ts';
import { TelegramChannel, type TelegramOptions } from '../../adapters/telegram/index.ts';
import { startFakeSlack, type FakeSlack, type SeenSlackMessage } from '../fakes/slack/index.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { DeliveryTracker } from '../fakes/contract/driver.ts';
import { FAST as SLACK_FAST, TrackedSlack, buttonOf, seenOf as seenSlack } from '../fakes/contract/slack-driver.ts';
import { FAST as DISCORD_FAST, TrackedDiscord, buttonsOf, dmMessages, seenOf as seenDiscord } from '../fakes/contract/discord-driver.ts';
import { Clock, pressEarlier as pressEarlierMemory, textsTo } from './caravan-bot.ts';
import { FakeUser, MemoryChannel } from './memory-channel.ts';
import { FAST_LIMITS } from './telegram-bot.ts';
import { tempDir } from './harness.ts';

/** One person, on their own platform. */
export interface Actor {
  readonly name: string;
  /** `channel:userId`, as the core names the person (managers, store keys). */
  readonly person: string;
  /** Types a line (a /command or text); resolves once the bot has answered it. */
  send(text: string): Promise<void>;
  /** Presses the button whose label matches on the latest message that has one. */
  press(label: RegExp): Promise<void>;
  /** Presses a matching button of an older message (an invitation under later messages). */
  pressEarlier(label: RegExp): Promise<void>;
  /** Every text the bot showed in the person's chat, in order. */
  texts(): string[];
}

export type Role = 'boss' | 'mod' | 'ana' | 'cy' | 'ben' | 'dan' | 'eve';

export interface PathWorld {
  core: Core;
  actors: Record<Role, Actor>;
  dir: string;
  /** Everything handed to the core is answered and every notice under way has gone out. */
  settle(): Promise<void>;
  /** Platform ids and store keys that must never appear in an export. */
  secrets(): string[];
  stop(): Promise<void>;
}

const NOW = '2026-05-01T08:00:00Z';

/** The rest of a line after a `/command`. */
function parseLine(text: string): { name: string; args: string } | null {
  const m = /^\/([a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
  return m ? { name: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() } : null;
}

class TrackedTelegram extends TelegramChannel {
  constructor(options: TelegramOptions, private readonly tracker: DeliveryTracker) {
    super(options);
  }
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

class TrackedConsole extends ConsoleChannel {
  constructor(options: ConsoleOptions, private readonly tracker: DeliveryTracker) {
    super(options);
  }
  override start(sink: EventSink, info?: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

/** Waits until the core took one more event than before `act`, then until its replies are out. */
async function acted(tracker: DeliveryTracker, act: () => unknown): Promise<void> {
  const before = tracker.events;
  await act();
  await tracker.reached(before + 1);
  await tracker.delivered();
}

// ---------------------------------------------------------------- Slack

const slackIds: Partial<Record<Role, string>> = { ana: 'U0PATHANA', dan: 'U0PATHDAN', mod: 'U0PATHMOD', eve: 'U0PATHEVE', cy: 'U0PATHCY', ben: 'U0PATHBEN', boss: 'U0PATHBOSS' };

function slackActor(fake: FakeSlack, tracker: DeliveryTracker, name: Role): Actor {
  const id = slackIds[name]!;
  fake.addUser({ id, name, locale: 'en-US', tz: 'Europe/Brussels' });
  const dm = () => fake.dmOf(id);
  const withButton = (label: RegExp, all: SeenSlackMessage[]) => [...all].reverse().find((m) => buttonOf(m, label));
  const pressIn = async (messages: SeenSlackMessage[], label: RegExp) => {
    const message = withButton(label, messages);
    const button = message && buttonOf(message, label);
    if (!message || !button) throw new Error(`no button ${label} for ${name} (Slack):\n${fake.describe()}`);
    await acted(tracker, () => fake.pressButton(id, message.ts, button.actionId, { value: button.value }));
  };
  return {
    name,
    person: `slack:${id}`,
    async send(text) {
      const command = parseLine(text);
      // Slack's own slash commands: /propose is the manifest's; every other core command goes through /together.
      if (command?.name === 'propose') await acted(tracker, () => fake.sendCommand(id, '/propose', command.args));
      else if (command) await acted(tracker, () => fake.sendCommand(id, '/together', `${command.name} ${command.args}`.trim()));
      else await acted(tracker, () => fake.sendMessage(id, text));
    },
    // The latest message with buttons (Slack removes a marked message's buttons).
    press: async (label) => {
      const latest = [...fake.messages(dm())].reverse().find((m) => (m.blocks ?? []).some((b) => (b as { type?: string }).type === 'actions'));
      await pressIn(latest ? [latest] : [], label);
    },
    pressEarlier: (label) => pressIn(fake.messages(dm()), label),
    texts: () => [...fake.messages(dm()).map((m) => seenSlack(m).text), ...fake.uploads(dm()).map((u) => u.initialComment ?? '')],
  };
}

// ---------------------------------------------------------------- Discord

const discordIds: Partial<Record<Role, string>> = { mod: '4000000000000000011', ben: '4000000000000000012', boss: '4000000000000000013', ana: '4000000000000000014', cy: '4000000000000000015', dan: '4000000000000000016', eve: '4000000000000000017' };

function discordActor(fake: FakeDiscord, tracker: DeliveryTracker, name: Role, locale: string): Actor {
  const id = discordIds[name]!;
  fake.addUser({ id, username: name, locale });
  const dm = () => fake.dmOf(id);
  const pressIn = async (latestOnly: boolean, label: RegExp) => {
    const messages = [...dmMessages(fake, dm())].reverse().filter((m) => buttonsOf(m).some((b) => !b.disabled));
    const candidates = latestOnly ? messages.slice(0, 1) : messages;
    for (const m of candidates) {
      const button = buttonsOf(m).find((b) => !b.disabled && label.test(b.label ?? ''));
      if (button?.custom_id) return acted(tracker, () => fake.pressButton(id, m.id, button.custom_id!));
    }
    throw new Error(`no button ${label} for ${name} (Discord):\n${fake.describe()}`);
  };
  return {
    name,
    person: `discord:${id}`,
    async send(text) {
      const command = parseLine(text);
      const registered = command && fake.registeredCommands().find((c) => c.name === command.name);
      if (registered) {
        // A slash command: the args go into its first option (a free-text one for NOW-BE-ALL's commands).
        const option = (registered.options as { name: string }[] | undefined)?.[0]?.name;
        await acted(tracker, () => fake.slashCommand(id, registered.name, option && command.args ? { [option]: command.args } : {}));
      } else {
        await acted(tracker, () => fake.sendDm(id, text));
      }
    },
    press: (label) => pressIn(true, label),
    pressEarlier: (label) => pressIn(false, label),
    texts: () => dmMessages(fake, dm()).map((m) => seenDiscord(m).text),
  };
}

// ---------------------------------------------------------------- Telegram

const telegramIds: Partial<Record<Role, number>> = { boss: 7_771_001, cy: 7_771_002, eve: 7_771_003, ana: 7_771_004, ben: 7_771_005, dan: 7_771_006, mod: 7_771_007 };

function telegramActor(fake: FakeTelegram, tracker: DeliveryTracker, name: Role): Actor {
  const user = { id: telegramIds[name]!, first_name: name, language_code: 'en' };
  fake.addUser(user);
  const pressIn = async (latestOnly: boolean, label: RegExp) => {
    const messages = [...fake.messages(user.id)].reverse().filter((m) => !m.deleted && (m.buttons ?? []).flat().length > 0);
    for (const m of latestOnly ? messages.slice(0, 1) : messages) {
      const button = (m.buttons ?? []).flat().find((b) => label.test(b.text));
      if (button?.data) return acted(tracker, () => fake.pressButton(user, m.message_id, button.data!));
    }
    throw new Error(`no button ${label} for ${name} (Telegram):\n${fake.describe()}`);
  };
  return {
    name,
    person: `telegram:${user.id}`,
    send: (text) => acted(tracker, () => fake.sendText(user, text)),
    press: (label) => pressIn(true, label),
    pressEarlier: (label) => pressIn(false, label),
    texts: () => fake.messages(user.id).filter((m) => !m.deleted).map((m) => m.text ?? m.caption ?? ''),
  };
}

// ---------------------------------------------------------------- memory and console

function memoryActor(channel: MemoryChannel, name: Role): Actor {
  const user = new FakeUser(channel, name);
  const pressOn = async (label: RegExp) => {
    const button = user.buttons().find((b) => label.test(b.label));
    if (!button) throw new Error(`no button ${label} for ${name}: ${user.buttons().map((b) => b.label).join(' | ')}`);
    await user.pressToken(button.token);
  };
  return {
    name,
    person: `${channel.name}:${name}`,
    send: async (text) => void (await user.send(text)),
    press: pressOn,
    pressEarlier: async (label) => void (await pressEarlierMemory(user, label)),
    texts: () => textsTo(channel, name),
  };
}

/** The console's one typist: a typed line, and a button pressed by typing its label, as a person at a terminal does. */
function consoleActor(input: PassThrough, printed: string[], tracker: DeliveryTracker, name: Role): Actor {
  const mine = () => printed.filter((chunk) => !chunk.startsWith('[→ '));
  const type = (line: string) => acted(tracker, () => input.write(`${line}\n`));
  return {
    name,
    person: `console:${name}`,
    send: type,
    async press(label) {
      const latest = [...mine()].reverse().find((chunk) => /^ {2}\d+\) /m.test(chunk)) ?? '';
      const option = [...latest.matchAll(/^ {2}\d+\) (.*)$/gm)].map((m) => m[1]!).find((l) => label.test(l));
      if (!option) throw new Error(`no option ${label} for ${name} (console):\n${latest}`);
      await type(option);
    },
    pressEarlier: async () => {
      throw new Error('a terminal keeps no older buttons: type the command instead');
    },
    texts: () => mine().map((c) => c.replace(/\n+$/, '')),
  };
}

// ---------------------------------------------------------------- worlds

/**
 * One core with the three platform channels (Telegram, Slack, Discord), each against its fake,
 * and people on each: the manager and two citizens on Telegram, three on Slack, the moderator
 * and a French-speaking citizen on Discord.
 */
export async function platformsWorld(): Promise<PathWorld & { slack: FakeSlack; telegram: FakeTelegram; discord: FakeDiscord }> {
  const tracker = new DeliveryTracker();
  const [slack, telegram, discord] = await Promise.all([
    startFakeSlack({ limits: { perConversationPerSecond: 20, conversationBurst: 3, tiers: false } }),
    startFakeTelegram({ limits: { scale: 20 } }),
    startFakeDiscord({ heartbeatIntervalMs: 5_000 }),
  ]);
  const dir = tempDir('together-nowbeall-path-');
  const clock = new Clock(new Date(NOW));
  const channels: Channel[] = [
    new TrackedTelegram({ token: telegram.token, apiRoot: telegram.url, log: silentLogger(), limits: FAST_LIMITS }, tracker),
    new TrackedSlack({ botToken: slack.botToken, signingSecret: slack.signingSecret, port: 0, apiUrl: slack.apiUrl, log: silentLogger(), limits: SLACK_FAST }, tracker),
    new TrackedDiscord({ token: discord.token, apiUrl: discord.apiUrl, log: silentLogger(), limits: DISCORD_FAST, startTimeoutMs: 10_000 }, tracker),
  ];
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set([`telegram:${telegramIds.boss}`]) },
    flows: allFlows,
    channels,
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
    // A scripted person types faster than anyone: the per-person pace is not what this tests.
    personRate: false,
  });
  await core.start();
  slack.setRequestUrl(`http://127.0.0.1:${(channels[1] as TrackedSlack).httpPort}/slack/events`);
  const actors: Record<Role, Actor> = {
    boss: telegramActor(telegram, tracker, 'boss'),
    cy: telegramActor(telegram, tracker, 'cy'),
    eve: telegramActor(telegram, tracker, 'eve'),
    ana: slackActor(slack, tracker, 'ana'),
    dan: slackActor(slack, tracker, 'dan'),
    mod: discordActor(discord, tracker, 'mod', 'en-US'),
    ben: discordActor(discord, tracker, 'ben', 'fr'),
  };
  return {
    slack,
    telegram,
    discord,
    core,
    actors,
    dir,
    settle: () => settled(core, tracker),
    secrets: () => secretsOf(core, actors, [...Object.values(slackIds), ...Object.values(discordIds), ...Object.values(telegramIds).map(String), ...(['ana', 'dan'] as Role[]).map((r) => slack.dmOf(slackIds[r]!)), ...(['mod', 'ben'] as Role[]).map((r) => discord.dmOf(discordIds[r]!))]),
    async stop() {
      await core.stop();
      await Promise.all([slack.close(), telegram.close(), discord.close()]);
    },
  };
}

/** One core with the console (its typist plays `typist`) and an in-memory channel for everyone else. */
export async function consoleWorld(typist: Role): Promise<PathWorld> {
  const tracker = new DeliveryTracker();
  const dir = tempDir('together-nowbeall-console-');
  const input = new PassThrough();
  const printed: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed.push(chunk.toString('utf8'));
      done();
    },
  });
  const terminal = new TrackedConsole({ user: typist, input, output, interactive: false, fileDir: join(dir, 'files'), locale: 'en' }, tracker);
  const memory = new MemoryChannel('memory');
  const clock = new Clock(new Date(NOW));
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(['memory:boss']) },
    flows: allFlows,
    channels: [terminal, memory],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
  });
  await core.start();
  const roles: Role[] = ['boss', 'mod', 'ana', 'cy', 'ben', 'dan', 'eve'];
  const actors = Object.fromEntries(roles.map((r) => [r, r === typist ? consoleActor(input, printed, tracker, r) : memoryActor(memory, r)])) as Record<Role, Actor>;
  return {
    core,
    actors,
    dir,
    settle: () => settled(core, tracker),
    secrets: () => secretsOf(core, actors, []),
    async stop() {
      input.end();
      await terminal.finished;
      await core.stop();
    },
  };
}

async function settled(core: Core, tracker: DeliveryTracker): Promise<void> {
  await tracker.delivered();
  await core.broadcasts.idle();
  await tracker.delivered();
}

function secretsOf(core: Core, actors: Record<Role, Actor>, ids: string[]): string[] {
  const { store } = core.services;
  return [...ids, ...Object.values(actors).flatMap((a) => [a.person, store.keyOf(a.person)]), 'slack:', 'discord:', 'telegram:', 'console:', 'memory:'];
}

// ---------------------------------------------------------------- the scenario

/** What an actor was shown by one action. */
async function said(a: Actor, text: string): Promise<string> {
  const before = a.texts().length;
  await a.send(text);
  return a.texts().slice(before).join('\n');
}

async function pressed(a: Actor, label: RegExp, earlier = false): Promise<string> {
  const before = a.texts().length;
  await (earlier ? a.pressEarlier(label) : a.press(label));
  return a.texts().slice(before).join('\n');
}

/** How many texts the actor was shown that contain `part`. */
const count = (a: Actor, part: string) => a.texts().filter((t) => t.includes(part)).length;

async function pseudonymOf(w: PathWorld, a: Actor): Promise<string> {
  const { store } = w.core.services;
  return (await store.loadUser(store.keyOf(a.person)))!.pseudonym;
}

/** Sends a proposal through `/propose`; `similarTo` is the proposal the person must be shown as similar. */
async function propose(a: Actor, o: { theme: RegExp; title: string; body: string; actor: RegExp; send: RegExp; different?: RegExp; similarTo?: string }): Promise<string> {
  const opened = await said(a, '/propose');
  expect(opened, `${a.name}: /propose`).toMatch(/\?|:/);
  await a.press(o.theme);
  await a.send(o.title);
  await a.send(o.body);
  const shown = await pressed(a, o.actor);
  if (o.similarTo) {
    expect(shown, `${a.name} is shown the similar proposal`).toContain(o.similarTo);
    await a.press(o.different ?? /Mine is different/);
  } else {
    expect(shown, `${a.name}: no similar proposal`).not.toMatch(/look like yours|ressemblent à la vôtre/);
  }
  return pressed(a, o.send);
}

/**
 * The whole path: a call opened in chat, proposals (one shown a similar one, one in French),
 * moderation (approve, reject, merge) by a moderator the manager named, supports and a report,
 * the analysis phase, a theme group with comments and amendments, the elaborated version and
 * stances, the dialogue phase, an official answer; every notice once per follower in their
 * language; export, figures, dossier; /mydata and /forget.
 */
export async function wholePath(w: PathWorld): Promise<void> {
  const { boss, mod, ana, cy, ben, dan, eve } = w.actors;
  const r = nowbeallRecords(w.core.services.store);
  for (const a of [boss, mod, ana, cy, ben, dan, eve]) await a.send('/agree');
  expect(await said(ben, '/language fr')).toMatch(/Français/);

  // 1. The manager opens the call in chat, one question at a time.
  await boss.send('/nowbeall');
  expect(await pressed(boss, /Open a call/)).toContain('short code');
  await boss.send('nba-2026');
  await boss.send('NOW-BE-ALL 2026');
  await boss.send('What would make life better for all here?');
  await boss.send('Mobility, Housing');
  await boss.send('/skip');
  expect(await said(boss, '/skip')).toContain('The call nba-2026 is open');

  // A moderator named by the manager (by pseudonym: no platform id is ever typed).
  const modName = await pseudonymOf(w, mod);
  expect(await said(boss, `/moderate moderators add ${modName}`)).toContain(modName);

  // 2. Proposals. Ana's is the first; approved, it is offered as similar to Cy's.
  expect(await propose(ana, { theme: /Mobility/, title: 'Protected cycle lanes around schools', body: 'Build protected cycle lanes on the streets around every school, so that children can cycle to school safely.', actor: /Public authorities/, send: /Send it/ })).toContain('Your proposal #1 “Protected cycle lanes around schools” is saved');
  expect(await said(mod, '/moderate approve 1')).toContain('#1 is published');
  await w.settle();
  expect(await propose(cy, { theme: /Mobility/, title: 'Cycle lanes near every school', body: 'Safe cycle lanes near each school so that children can cycle there, protected from cars.', actor: /Citizens/, send: /Send it/, similarTo: '#1 Protected cycle lanes around schools' })).toContain('Your proposal #2');
  expect(await propose(ben, { theme: /Mobility|Mobilité/, title: 'Des bus gratuits pour les jeunes', body: 'Je propose des bus gratuits pour tous les jeunes de moins de 26 ans, toute l’année.', actor: /pouvoirs publics/, send: /L’envoyer/ })).toContain('Votre proposition n° 3 « Des bus gratuits pour les jeunes » est enregistrée');
  expect(await propose(dan, { theme: /Housing/, title: 'Paint the town hall pink', body: 'The town hall would look nicer in pink, everyone would smile.', actor: /Several/, send: /Send it/ })).toContain('Your proposal #4');

  // 3. Moderation by the named moderator: approve, reject with a reason, then merge the duplicate.
  expect(await said(mod, '/moderate')).toContain('Waiting: 3 to moderate');
  expect(await said(mod, '/moderate approve 2')).toContain('#2 is published');
  expect(await said(mod, '/moderate approve 3')).toContain('#3 is published');
  expect(await said(mod, '/moderate reject 4 offTopic The call asks for policies for the well-being of all.')).toContain('#4 is rejected');
  expect(await said(ana, '/moderate approve 2')).toContain('Only moderators can do this.');

  // 4. Supports (one each, never one's own) and a report.
  await eve.send('/proposals 2');
  expect(await pressed(eve, /Support/)).toContain('Your support for #2 is counted');
  await ben.send('/proposals 1');
  expect(await pressed(ben, /Soutenir/)).toContain('Votre soutien à #1 est compté');
  await cy.send('/proposals 3');
  expect(await pressed(cy, /Support/)).toContain('Your support for #3 is counted');
  await eve.send('/proposals 3');
  await eve.press(/Report/);
  expect(await pressed(eve, /Yes, report it/)).toContain('your report on #3 is recorded');
  expect(await said(ana, '/proposals top')).toContain('Protected cycle lanes around schools');
  expect(await said(mod, '/moderate merge 2 1')).toContain('#2 is merged into #1, which now has 2 supports');
  await w.settle();
  expect(await r.proposals.get('1')).toMatchObject({ status: 'published', supports: 2 });

  // 5. Analysis; the seminar forms a theme group; its facilitator is the moderator.
  expect(await said(boss, '/nowbeall call phase nba-2026 analysis')).toContain('moved from “collecting proposals” to “analysis”');
  expect(await said(boss, '/nbgroup create nba-2026 mobility 1,3 2026-05-20 Getting around')).toContain('Group g1 “Getting around” is formed with proposals 1, 3.');
  expect(await said(boss, `/nbgroup facilitator g1 ${modName}`)).toContain(`Facilitators of g1: ${modName}.`);
  await w.settle();

  // Members join (from the invitation, or typed), then comment and amend one message each.
  expect(await pressed(ana, /Join the group/, true)).toContain('Welcome to group g1 “Getting around”');
  expect(await pressed(ana, /Start/)).toContain('proposal 1 of 2');
  expect(await said(ana, 'Add lighting along the lanes for winter evenings.')).toContain('Comment 1 saved');
  await ana.press(/Amendment/);
  expect(await said(ana, 'Say “around every school and nursery”.')).toContain('Amendment 2 saved');
  expect(await said(ana, '/done')).toContain('proposal 2 of 2');
  await ana.send('/done');
  expect(await pressed(ben, /Rejoindre le groupe/, true)).toContain('Bienvenue dans le groupe g1');
  await ben.press(/Commencer/);
  expect(await said(ben, 'Des parkings à vélos sécurisés devant les écoles.')).toContain('Commentaire 1');
  await ben.send('/cancel');
  expect(await said(cy, '/nbgroup join g1')).toContain('Welcome to group g1');
  await cy.press(/Start/);
  expect(await said(cy, 'Lanes should be at least two metres wide.')).toContain('Comment 1 saved');
  await cy.send('/cancel');

  // 6. The facilitator reads the contributions and publishes the elaborated version; members take a stance.
  const read = await said(mod, '/nbgroup read 1');
  expect(read).toContain('contributions 4 (amendments: 1)');
  expect(read).toContain('Say “around every school and nursery”.');
  await mod.press(/Write the elaborated version/);
  await mod.send('Protected, lit cycle lanes at least two metres wide around every school and nursery, with safe bike parking.');
  expect(await pressed(mod, /Publish/)).toContain('Published: the elaborated version of #1.');
  expect(await said(cy, '/nbgroup support 1')).toContain('You support the elaborated version of proposal 1.');
  expect(await said(ben, '/nbgroup object 1')).toContain('Vous contestez la version élaborée de la proposition 1.');
  expect(await said(eve, '/nbgroup support 1')).toContain('Join group g1 first');
  await w.settle();

  // 7. Dialogue: the authorities' answer is recorded.
  expect(await said(boss, '/nowbeall call phase nba-2026 dialogue')).toContain('to “dialogue');
  expect(await said(boss, '/nbanswer 1 accepted The city builds them from September.')).toContain('The official answer to proposal #1 is recorded.');
  await w.settle();

  // 8. Every notice reached each follower once, in their language.
  const once = (a: Actor, part: string) => expect(count(a, part), `${a.name}: “${part}”`).toBe(1);
  once(ana, '✅ Proposal #1 “Protected cycle lanes around schools” is published');
  once(cy, '✅ Proposal #2 “Cycle lanes near every school” is published');
  once(ben, '✅ La proposition #3 « Des bus gratuits pour les jeunes » est publiée');
  once(dan, 'Proposal #4 “Paint the town hall pink” was not published. Reason: it is outside the question of the call.');
  once(dan, 'The call asks for policies for the well-being of all.');
  for (const a of [cy, eve]) once(a, 'Proposal #2 “Cycle lanes near every school” said the same as #1 “Protected cycle lanes around schools”: they are merged into #1');
  once(ana, 'Proposal #2 “Cycle lanes near every school” said the same as #1 “Protected cycle lanes around schools”: it is merged into #1');
  once(ben, 'La proposition #2 « Cycle lanes near every school » disait la même chose que #1');
  for (const a of [ana, cy, eve, dan]) {
    once(a, 'The call “NOW-BE-ALL 2026” moves on: the proposals are analysed');
    expect(count(a, 'The call “NOW-BE-ALL 2026” moves on'), a.name).toBe(2);
  }
  expect(count(ben, 'L’appel « NOW-BE-ALL 2026 » avance'), 'ben: phases').toBe(2);
  for (const a of [ana, cy, eve]) {
    once(a, 'Proposal #1 “Protected cycle lanes around schools” goes into the theme group “g1 Getting around”');
    once(a, 'You are invited to join the theme group g1 “Getting around”');
    once(a, 'The theme group published its elaborated version of proposal #1');
    once(a, 'The public authorities answered proposal #1 “Protected cycle lanes around schools”: accepted.');
  }
  once(cy, 'Proposal #3 “Des bus gratuits pour les jeunes” goes into the theme group');
  once(ben, 'La proposition #1 « Protected cycle lanes around schools » rejoint le groupe thématique « g1 Getting around »');
  once(ben, 'La proposition #3 « Des bus gratuits pour les jeunes » rejoint le groupe thématique');
  once(ben, 'Vous êtes invité à rejoindre le groupe thématique g1 « Getting around »');
  once(ben, 'Le groupe thématique a publié sa version élaborée de la proposition #1');
  once(ben, 'Les pouvoirs publics ont répondu à la proposition #1 « Protected cycle lanes around schools »');
  for (const a of [dan, mod, boss]) expect(a.texts().join('\n'), a.name).not.toMatch(/goes into the theme group|invited to join|The theme group published its elaborated version|authorities answered/);
  // Nothing of another language leaked into Ben's notices.
  expect(ben.texts().join('\n')).not.toMatch(/is published:|moves on:|goes into the theme group/);

  // 9. Figures, export with pseudonyms only, the seminar's dossier.
  const stats = await collectStats(allFlows, w.core.services, () => {});
  expect(stats).toMatchObject({ 'nbgroups.groups': 1, 'nbgroups.contributions': 4, 'nbgroups.elaborated': 1, 'nbgroups.answers.accepted': 1, 'nbgroups.proposals.merged': 1 });
  const csv = await exportData(allFlows, w.core.services, 'proposals', 'csv', { call: 'nba-2026' });
  const json = await exportData(allFlows, w.core.services, 'proposals', 'json', { call: 'nba-2026' });
  for (const out of [csv, json]) for (const secret of w.secrets()) expect(out, `export holds ${secret}`).not.toContain(secret);
  const rows = JSON.parse(json) as Record<string, unknown>[];
  const anaName = await pseudonymOf(w, ana);
  expect(rows.map((x) => [x.id, x.status])).toEqual([['1', 'answered'], ['2', 'merged'], ['3', 'grouped'], ['4', 'rejected']]);
  expect(rows[0]).toMatchObject({ author: anaName, supports: 2, group: 'g1', answerKind: 'accepted', elaboratedSupports: 1, elaboratedObjections: 1 });
  expect(rows[1]).toMatchObject({ mergedInto: '1' });
  expect(csv.split('\r\n')).toHaveLength(6);
  const { markdown } = (await nbgroups.control!['nbgroups.report']!(w.core.services, { call: 'nba-2026' }, () => {})) as { markdown: string };
  expect(markdown).toContain('# NOW-BE-ALL 2026 — seminar dossier');
  expect(markdown).toContain('## Mobility (2)');
  expect(markdown).toContain('- #2 Cycle lanes near every school → #1');
  expect(markdown).toContain('### Group g1: Getting around');
  expect(markdown).toContain('> Protected, lit cycle lanes at least two metres wide');
  expect(markdown).toContain('Official answer: Accepted');
  for (const secret of w.secrets()) expect(markdown).not.toContain(secret);

  // 10. /mydata shows it all; /forget erases it.
  const mine = await said(cy, '/mydata');
  expect(mine).toContain('NOW-BE-ALL proposals you wrote: 1');
  expect(mine).toContain('#2 “Cycle lanes near every school”');
  expect(mine).toContain('Proposals you support: 1 (#3)');
  expect(mine).toContain('• Member of: g1');
  expect(mine).toContain('• Comments and amendments: 1');
  expect(mine).toContain('• Supports and objections to elaborated versions: 1');
  expect(await said(eve, '/mydata')).toContain('Proposals you reported: 1');
  const cyName = await pseudonymOf(w, cy);
  await cy.send('/forget');
  await cy.press(/Yes/);
  expect(await r.proposals.get('2')).toMatchObject({ author: '', status: 'merged', title: 'Cycle lanes near every school' });
  expect(await r.supports.count({ by: cyName })).toBe(0);
  expect(await r.members.count({ by: cyName })).toBe(0);
  expect((await every(r.contributions, { where: { proposal: '1' } })).filter((c) => c.by === '').map((c) => c.text)).toEqual(['Lanes should be at least two metres wide.']);
  expect(await r.proposals.get('3')).toMatchObject({ supports: 0 });
  const after = await exportData(allFlows, w.core.services, 'proposals', 'json', { call: 'nba-2026' });
  expect(after).not.toContain(cyName);
  const everything = JSON.stringify(await Promise.all([every(r.proposals), every(r.supports), every(r.reports), every(r.members), every(r.stances), every(r.contributions), every(r.followers), every(r.log)]));
  expect(everything).not.toContain(cyName);
}
