// The Slack channel (real bolt app, real adapter) on a real core, against the fake Slack on
// 127.0.0.1: HTTP mode posts signed requests to the adapter's /slack/events, Socket Mode talks
// over the fake's WebSocket. The Slack tests (tests/slack-*.test.ts) start bots with `startSlack`.
import type { ChannelInfo, ChannelLimits, EventSink } from '../../../src/channels/channel.ts';
import type { Address } from '../../../src/core/types.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { SlackChannel, type SlackOptions } from '../../../adapters/slack/index.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions, type SeenSlackMessage } from '../slack/index.ts';
import { DeliveryTracker, type ChannelDriver, type SeenMessage } from './driver.ts';
import { startTrackedCore, type TrackedBot } from './tracked-core.ts';

/** Slack's limits ×20, matching the fake's pace below. */
export const FAST: ChannelLimits = { perSecond: 160, perChatMs: 50, perGroupChatMs: 50 };
const FAKE_LIMITS = { perConversationPerSecond: 20, conversationBurst: 3, tiers: false };

export class TrackedSlack extends SlackChannel {
  constructor(
    options: SlackOptions,
    private readonly tracker: DeliveryTracker,
  ) {
    super(options);
  }
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

const ids = new Map<string, string>();
let next = 61_000;
/** A stable Slack user id per name ("ana" → "U061001"). */
export const userOf = (name: string): string => ids.get(name) ?? (ids.set(name, `U0${++next}`), `U0${next}`);

type Block = { type?: string; text?: { text?: string }; elements?: { type?: string; text?: string | { text?: string }; value?: string; action_id?: string }[] };
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a person sees of one message: the sections' text, the `✓` line, the buttons row by row. */
export function seenOf(m: SeenSlackMessage): SeenMessage {
  const blocks = (m.blocks ?? []) as Block[];
  const sections = blocks.filter((b) => b.type === 'section').map((b) => unescape(b.text?.text ?? ''));
  const context = blocks.filter((b) => b.type === 'context').flatMap((b) => (b.elements ?? []).map((e) => unescape(typeof e.text === 'string' ? e.text : '').replace(/\*/g, '')));
  const text = blocks.length ? [sections.join('\n'), ...context].filter(Boolean).join('\n\n') : unescape(m.text);
  const rows = blocks.filter((b) => b.type === 'actions').map((b) => (b.elements ?? []).map((e) => ({ label: typeof e.text === 'object' ? (e.text?.text ?? '') : '', ...(e.value !== undefined ? { token: e.value } : {}) })));
  return { text, rows, ...(m.edited ? { edited: true } : {}) };
}

/** The button with a matching label on a message, with its action_id and value. */
export function buttonOf(m: SeenSlackMessage, label: RegExp): { actionId: string; value: string; label: string } | undefined {
  for (const b of (m.blocks ?? []) as Block[]) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? []) {
      const text = typeof e.text === 'object' ? (e.text?.text ?? '') : '';
      if (label.test(text) && e.action_id && typeof e.value === 'string') return { actionId: e.action_id, value: e.value, label: text };
    }
  }
  return undefined;
}

export type SlackBot = TrackedBot<FakeSlack, TrackedSlack>;

export interface StartSlackOptions {
  fake?: FakeSlackOptions;
  /** An already running fake (a second bot against it, a restart). */
  reuse?: FakeSlack;
  mode?: 'http' | 'socket';
  limits?: ChannelLimits | null;
  channel?: Partial<SlackOptions>;
  outbox?: { maxAttempts?: number; backoffMs?: number };
  /** `slack:U…` person ids allowed to manage. */
  managers?: string[];
  /** The core's clock (default the real one). */
  now?: () => Date;
}

/** A fake Slack and a core with the Slack channel on it, started. */
export async function startSlack(dir: string, o: StartSlackOptions = {}): Promise<SlackBot> {
  // Slack's channels are not the contract's groups: a slash command typed there runs in the
  // person's DM (tests/slack-channel.test.ts), so the driver has no sendInGroup.
  const fake = o.reuse ?? (await startFakeSlack({ limits: FAKE_LIMITS, ...o.fake }));
  const tracker = new DeliveryTracker();
  const socket = o.mode === 'socket';
  const channel = new TrackedSlack(
    {
      botToken: fake.botToken,
      ...(socket ? { appToken: fake.appToken } : { signingSecret: fake.signingSecret, port: 0 }),
      apiUrl: fake.apiUrl,
      log: silentLogger(),
      limits: o.limits === undefined ? FAST : o.limits,
      ...o.channel,
    },
    tracker,
  );
  const bot = await startTrackedCore(fake, channel, tracker, { dir, log: silentLogger(), managers: o.managers, outbox: o.outbox, now: o.now, reused: o.reuse !== undefined });
  if (!socket) fake.setRequestUrl(`http://127.0.0.1:${channel.httpPort}/slack/events`);
  return bot;
}

export async function slackDriver(dir: string): Promise<ChannelDriver> {
  const bot = await startSlack(dir);
  const { fake, channel, core } = bot;
  const meet = (name: string) => fake.addUser({ id: userOf(name), name, locale: 'en-US', tz: 'Europe/Brussels' });
  const dm = (name: string) => fake.dmOf(userOf(name));
  const latestWithButtons = (name: string) => [...fake.messages(dm(name))].reverse().find((m) => (m.blocks ?? []).some((b) => (b as Block).type === 'actions'));
  return {
    name: 'slack',
    channel,
    core,
    capabilities: channel.capabilities,
    address: (name): Address => ({ channel: 'slack', chatId: dm(name), userId: userOf(name) }),
    meet,
    async send(name, text) {
      meet(name);
      await fake.sendMessage(userOf(name), text);
      await bot.settle();
    },
    async press(name, label) {
      const message = latestWithButtons(name);
      const button = message && buttonOf(message, label);
      if (!message || !button) throw new Error(`no button ${label} for ${name}:\n${fake.describe()}`);
      await fake.pressButton(userOf(name), message.ts, button.actionId);
      await bot.settle();
    },
    async pressStale(name, match, label) {
      // The marked message lost its buttons; the press of an old one (a client that had not
      // refreshed) still arrives with the value it carried when it was posted.
      const posted = fake.calls('chat.postMessage').filter((c) => c.ok && c.params.channel === dm(name));
      const messages = fake.messages(dm(name));
      for (const call of posted) {
        const blocks = call.params.blocks as Block[] | undefined;
        const probe: SeenSlackMessage = { ts: '', text: String(call.params.text ?? ''), blocks, edited: false, user: '' };
        if (!match.test(seenOf(probe).text)) continue;
        const button = buttonOf(probe, label);
        const message = messages.find((m) => match.test(seenOf(m).text));
        if (!button || !message) continue;
        await fake.pressButton(userOf(name), message.ts, button.actionId, { value: button.value });
        await bot.settle();
        return;
      }
      throw new Error(`no earlier button ${label} on a message ${match}:\n${fake.describe()}`);
    },
    seen: (name) => [
      ...fake.messages(dm(name)).map(seenOf),
      ...fake.uploads(dm(name)).map((u): SeenMessage => ({ text: unescape(u.initialComment ?? ''), rows: [], media: true })),
    ],
    settle: bot.settle,
    rateLimitNext: (count, retryAfter) => fake.rateLimitNext(count, retryAfter, 'chat.postMessage'),
    rateLimited: () => fake.rateLimited(),
    block: (name) => fake.deactivate(userOf(name)),
    async sendTwice(name, text) {
      meet(name);
      const first = await fake.sendMessage(userOf(name), text);
      await fake.resend(first);
      await bot.settle();
    },
    stop: () => bot.stop(),
  };
}
