/**
 * The network members' whole path (issue #13): one core with every shipped flow, the real Slack
 * adapter (@slack/bolt) and the real Telegram adapter (telegraf), each against its fake on
 * 127.0.0.1, a fake clock, and the manager's `together …` commands parsed by the same commander
 * program the CLI builds, in this process (they reach the running core through its control
 * socket, as from a terminal next to the bot). Each person reads their own chat; every message
 * the bot sends them is noted with the fake clock's time, so a test says when it arrived.
 */
import { vi } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import type { ChannelInfo, EventSink } from '../../src/channels/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { allFlows } from '../../flows/index.ts';
import { TelegramChannel, type TelegramOptions } from '../../adapters/telegram/index.ts';
import { startFakeSlack, type FakeSlack, type SeenSlackMessage } from '../fakes/slack/index.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.ts';
import { DeliveryTracker } from '../fakes/contract/driver.ts';
import { FAST as SLACK_FAST, TrackedSlack, buttonOf, seenOf } from '../fakes/contract/slack-driver.ts';
import { Clock } from './caravan-bot.ts';
import { FAST_LIMITS } from './telegram-bot.ts';
import { removeDir, tempDir } from './harness.ts';

class TrackedTelegram extends TelegramChannel {
  constructor(
    options: TelegramOptions,
    private readonly tracker: DeliveryTracker,
  ) {
    super(options);
  }
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

/** One message the bot sent to a person, as they see it, and when (by the fake clock). */
export interface Received {
  at: string;
  text: string;
  /** Button labels, row by row. */
  buttons: string[][];
}

/** A person in their private chat with the bot. */
export interface Person {
  readonly name: string;
  /** `channel:userId`, as the CLI and TOGETHER_MANAGERS name people. */
  readonly id: string;
  /** Types a line (a /command or text); resolves once the bot has answered it. */
  send(text: string): Promise<string>;
  /** Presses the button whose label matches on the latest message that has one; resolves with what the bot said. */
  press(label: RegExp): Promise<string>;
  /** Every message received so far, with its time. */
  received(): Received[];
}

export interface NetworkWorld {
  readonly dir: string;
  readonly clock: Clock;
  readonly slack: FakeSlack;
  readonly telegram: FakeTelegram;
  core: Core;
  /** A Slack user (their profile's zone is what users.info tells). */
  slackPerson(name: string, user: { id: string; realName: string; tz: string; locale?: string }): Person;
  /** A Telegram user (Telegram tells no zone). */
  telegramPerson(name: string, user: { id: number; firstName: string; lastName?: string; language?: string }): Person;
  /** `together …` on the data folder, in this process, through the running bot's control socket. */
  together(...argv: string[]): Promise<string>;
  /** Moves the clock to `iso`, runs what is due and waits until everything it sent has arrived. */
  at(iso: string): Promise<void>;
  /** Steps the clock through [from, to] every `minutes`, as the scheduler's tick would. */
  walk(from: string, to: string, minutes?: number): Promise<void>;
  /** Nothing handed to the core is still being answered, broadcast or sent. */
  settle(): Promise<void>;
  /** Stops the core and starts a new one on the same data folder and the same fakes (the store reopened). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits until the core took one more event than before `act`, then until its replies are out. */
async function acted(tracker: DeliveryTracker, act: () => unknown): Promise<void> {
  const before = tracker.events;
  await act();
  await tracker.reached(before + 1);
  await tracker.delivered();
}

export async function startNetworkWorld(options: { now: string; managers?: string[] }): Promise<NetworkWorld> {
  const [slack, telegram] = await Promise.all([startFakeSlack({ limits: { perConversationPerSecond: 20, conversationBurst: 3, tiers: false } }), startFakeTelegram({ limits: { scale: 20 } })]);
  const dir = tempDir('together-network-path-');
  const clock = new Clock(new Date(options.now));
  let tracker = new DeliveryTracker();
  const people: { person: Person; seen: () => Omit<Received, 'at'>[]; log: Received[] }[] = [];

  const startCore = async (): Promise<Core> => {
    tracker = new DeliveryTracker();
    const slackChannel = new TrackedSlack({ botToken: slack.botToken, signingSecret: slack.signingSecret, port: 0, apiUrl: slack.apiUrl, log: silentLogger(), limits: SLACK_FAST }, tracker);
    const telegramChannel = new TrackedTelegram({ token: telegram.token, apiRoot: telegram.url, log: silentLogger(), limits: FAST_LIMITS }, tracker);
    const core = await createCore({
      config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(options.managers ?? []) },
      flows: allFlows,
      channels: [slackChannel, telegramChannel],
      log: silentLogger(),
      now: clock.now,
      outbox: { backoffMs: 20 },
      personRate: false,
    });
    await core.start();
    slack.setRequestUrl(`http://127.0.0.1:${slackChannel.httpPort}/slack/events`);
    return core;
  };

  /** Notes, with the clock's time, what arrived in each chat since the last look. */
  const note = () => {
    const at = clock.now().toISOString();
    for (const p of people) {
      const seen = p.seen();
      for (const m of seen.slice(p.log.length)) p.log.push({ at, ...m });
    }
  };

  /**
   * A person's chat: `seen` reads what the bot sent there; `send` and `button` (which finds the
   * button and returns its press, throwing when there is none) act as the person. Each act
   * resolves with what arrived once the core took it and everything it caused was delivered.
   */
  const chat = (name: string, id: string, seen: () => Omit<Received, 'at'>[], send: (text: string) => unknown, button: (label: RegExp) => () => unknown): Person => {
    const log: Received[] = [];
    const said = async (act: () => unknown) => {
      note();
      const before = log.length;
      await acted(tracker, act);
      await world.settle();
      note();
      return log.slice(before).map((r) => r.text).join('\n');
    };
    const person: Person = { name, id, send: (text) => said(() => send(text)), press: (label) => said(button(label)), received: () => (note(), [...log]) };
    people.push({ person, seen, log });
    return person;
  };

  const world: NetworkWorld = {
    dir,
    clock,
    slack,
    telegram,
    core: await startCore(),

    slackPerson(name, user) {
      slack.addUser({ id: user.id, name: user.realName, locale: user.locale ?? 'en-US', tz: user.tz });
      const dm = () => slack.dmOf(user.id);
      // Files (the calendar entry) are shares, not messages: they are read through `slack.uploads`.
      const seen = () => slack.messages(dm()).map((m) => {
        const s = seenOf(m);
        return { text: s.text, buttons: s.rows.map((r) => r.map((b) => b.label)) };
      });
      const send = (text: string) => {
        const command = /^\/([a-z]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
        // Every core command goes through Slack's one slash command, /together.
        return command ? slack.sendCommand(user.id, '/together', `${command[1]} ${command[2] ?? ''}`.trim()) : slack.sendMessage(user.id, text);
      };
      return chat(name, `slack:${user.id}`, seen, send, (label) => {
        const latest = [...slack.messages(dm())].reverse().find((m: SeenSlackMessage) => buttonOf(m, label));
        const button = latest && buttonOf(latest, label);
        if (!latest || !button) throw new Error(`no button ${label} for ${name} (Slack):\n${slack.describe()}`);
        return () => slack.pressButton(user.id, latest.ts, button.actionId, { value: button.value });
      });
    },

    telegramPerson(name, user) {
      const tgUser = { id: user.id, first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}), language_code: user.language ?? 'en' };
      telegram.addUser(tgUser);
      const seen = () => telegram.messages(user.id).filter((m) => !m.deleted && m.from_bot).map((m) => ({ text: m.text ?? m.caption ?? '', buttons: (m.buttons ?? []).map((r) => r.map((b) => b.text)) }));
      return chat(name, `telegram:${user.id}`, seen, (text) => telegram.sendText(tgUser, text), (label) => {
        const latest = [...telegram.messages(user.id)].reverse().find((m) => !m.deleted && (m.buttons ?? []).flat().some((b) => label.test(b.text)));
        const button = latest && (latest.buttons ?? []).flat().find((b) => label.test(b.text));
        if (!latest || !button?.data) throw new Error(`no button ${label} for ${name} (Telegram):\n${telegram.describe()}`);
        return () => telegram.pressButton(tgUser, latest.message_id, button.data!);
      });
    },

    async together(...argv) {
      note();
      const written: string[] = [];
      vi.stubEnv('TOGETHER_DATA', dir);
      vi.stubEnv('LOG_LEVEL', 'silent');
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
      try {
        // The CLI's own program, as bin/together.ts builds it (each flow adds its subcommands); no chat here.
        const program = buildProgram({ flows: allFlows, platformChannels: () => [], console: () => { throw new Error('no console in this test'); } }).exitOverride();
        for (const flow of allFlows) flow.cli?.(program, allFlows);
        await program.parseAsync(['node', 'together', ...argv]);
      } finally {
        spy.mockRestore();
        vi.unstubAllEnvs();
      }
      await world.settle();
      note();
      return written.join('');
    },

    async at(iso) {
      clock.set(iso);
      await world.core.scheduler.runDue();
      await world.settle();
      note();
    },

    async walk(from, to, minutes = 60) {
      for (let t = Date.parse(from); t <= Date.parse(to); t += minutes * 60_000) await world.at(new Date(t).toISOString());
    },

    async settle() {
      // A broadcast's message may start another (a round's letter after an answer): until nothing moves.
      for (let i = 0; i < 3; i++) {
        await tracker.delivered();
        await world.core.broadcasts.idle();
        await world.core.outbox.drain();
      }
    },

    async restart() {
      await world.settle();
      note();
      await world.core.stop();
      world.core = await startCore();
      await world.settle();
      note();
    },

    async stop() {
      await world.core.stop();
      await Promise.all([slack.close(), telegram.close()]);
      removeDir(dir);
    },
  };
  return world;
}
