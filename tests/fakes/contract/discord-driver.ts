// The Discord channel (real discord.js client, real adapter) on a real core, against the fake
// Discord on 127.0.0.1 (REST and gateway). The Discord tests (tests/discord-*.test.ts) start bots
// with `startDiscord`.
import type { ChannelInfo, ChannelLimits, EventSink } from '../../../src/channels/channel.ts';
import type { Address } from '../../../src/core/types.ts';
import { createLogger, silentLogger } from '../../../src/log/logger.ts';
const testLog = () => (process.env.DEBUG_DISCORD ? createLogger('debug') : silentLogger());
import { DiscordChannel, type DiscordOptions } from '../../../adapters/discord/index.ts';
import { unescapeDiscord } from '../../../adapters/discord/format.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type SeenDiscordMessage } from '../discord/index.ts';
import { DeliveryTracker, type ChannelDriver, type SeenMessage } from './driver.ts';
import { startTrackedCore, type TrackedBot } from './tracked-core.ts';

/** Discord's limits ×10: the fake's buckets still answer 429 past 5 messages per 5 s in a channel. */
export const FAST: ChannelLimits = { perSecond: 400, perChatMs: 20, perGroupChatMs: 20 };

export class TrackedDiscord extends DiscordChannel {
  constructor(
    options: DiscordOptions,
    private readonly tracker: DeliveryTracker,
  ) {
    super(options);
  }
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

const ids = new Map<string, string>();
let next = 0;
/** A stable snowflake per name ("ana" → "300000000000000001"). */
export const userOf = (name: string): string => ids.get(name) ?? (ids.set(name, String(300000000000000000n + BigInt(++next))), ids.get(name)!);

type ApiButton = { type?: number; label?: string; custom_id?: string; disabled?: boolean; style?: number };
type ApiRow = { components?: ApiButton[] };

export const buttonsOf = (m: SeenDiscordMessage): ApiButton[] => ((m.components ?? []) as ApiRow[]).flatMap((r) => r.components ?? []);

/**
 * What a person sees of one message: its text (unescaped), then the chosen button of a marked
 * message (disabled, green, "✓ label"), and the buttons still pressable, row by row.
 */
export function seenOf(m: SeenDiscordMessage): SeenMessage {
  const rows = ((m.components ?? []) as ApiRow[]).map((r) => (r.components ?? []).filter((b) => !b.disabled).map((b) => ({ label: b.label ?? '', ...(b.custom_id ? { token: b.custom_id.replace(/^\d\d\|/, '') } : {}) }))).filter((r) => r.length > 0);
  const chosen = buttonsOf(m).filter((b) => b.disabled && b.style === 3).map((b) => b.label ?? '');
  const text = [unescapeDiscord(m.content), ...chosen].filter(Boolean).join('\n\n');
  return { text, rows, ...(m.attachments.length ? { media: true } : {}), ...(m.edited ? { edited: true } : {}) };
}

export type DiscordBot = TrackedBot<FakeDiscord, TrackedDiscord>;

export interface StartDiscordOptions {
  fake?: FakeDiscordOptions;
  /** An already running fake (a second bot against it, a restart). */
  reuse?: FakeDiscord;
  limits?: ChannelLimits | null;
  channel?: Partial<DiscordOptions>;
  outbox?: { maxAttempts?: number; backoffMs?: number };
  managers?: string[];
  lang?: string;
}

/** A fake Discord and a core with the Discord channel on it, started. */
export async function startDiscord(dir: string, o: StartDiscordOptions = {}): Promise<DiscordBot> {
  // The fake's first heartbeat would wait up to 41 s: a short interval keeps a test's gateway honest and quick.
  const fake = o.reuse ?? (await startFakeDiscord({ heartbeatIntervalMs: 5_000, ...o.fake }));
  const tracker = new DeliveryTracker();
  const channel = new TrackedDiscord({ token: fake.token, apiUrl: fake.apiUrl, log: testLog(), limits: o.limits === undefined ? FAST : o.limits, startTimeoutMs: 10_000, ...o.channel }, tracker);
  return startTrackedCore(fake, channel, tracker, { dir, log: testLog(), lang: o.lang, managers: o.managers, outbox: o.outbox, reused: o.reuse !== undefined });
}

/** The bot's messages in a DM as the person reads them: interaction placeholders (a command's "thinking…") left out. */
export const dmMessages = (fake: FakeDiscord, dm: string): SeenDiscordMessage[] => fake.messages(dm).filter((m) => !m.interactionId);

/**
 * Plays a person in the DM: a typed "/name args" is the registered slash command (args into its
 * first option), anything else a DM; resolves once the core has the event and its replies are out.
 */
export async function act(bot: DiscordBot, user: string, text: string): Promise<void> {
  const { fake, tracker } = bot;
  const before = tracker.events;
  const m = /^\/([a-z0-9_-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  const command = m && fake.registeredCommands().find((c) => c.name === m[1]);
  if (command) {
    const option = (command.options as { name: string }[] | undefined)?.[0]?.name;
    const args = m[2]?.trim();
    await fake.slashCommand(user, command.name, option && args ? { [option]: args } : {});
  } else {
    await fake.sendDm(user, text);
  }
  await tracker.reached(before + 1);
  await bot.settle();
}

export async function discordDriver(dir: string): Promise<ChannelDriver> {
  const bot = await startDiscord(dir);
  const { fake, channel, core } = bot;
  const met = new Set<string>();
  const meet = (name: string) => {
    if (met.has(name)) return;
    met.add(name);
    fake.addUser({ id: userOf(name), username: name, locale: 'en-US' });
  };
  const dm = (name: string) => fake.dmOf(userOf(name));
  const latestWithButtons = (name: string) => [...dmMessages(fake, dm(name))].reverse().find((m) => buttonsOf(m).some((b) => !b.disabled));
  const press = async (name: string, messageId: string, customId: string, force = false) => {
    const before = bot.tracker.events;
    await fake.pressButton(userOf(name), messageId, customId, force ? { force: true } : {});
    await bot.tracker.reached(before + 1);
    await bot.settle();
  };
  return {
    name: 'discord',
    channel,
    core,
    capabilities: channel.capabilities,
    address: (name): Address => ({ channel: 'discord', chatId: dm(name), userId: userOf(name) }),
    meet,
    async send(name, text) {
      meet(name);
      await act(bot, userOf(name), text);
    },
    async press(name, label) {
      const message = latestWithButtons(name);
      const button = message && buttonsOf(message).find((b) => !b.disabled && label.test(b.label ?? ''));
      if (!message || !button?.custom_id) throw new Error(`no button ${label} for ${name}:\n${fake.describe()}`);
      await press(name, message.id, button.custom_id);
    },
    async pressStale(name, match, label) {
      // The marked message keeps its buttons, disabled; a client that had not refreshed still sends the press.
      const message = dmMessages(fake, dm(name)).find((m) => match.test(seenOf(m).text));
      const button = message && buttonsOf(message).find((b) => label.test(b.label ?? ''));
      if (!message || !button?.custom_id) throw new Error(`no earlier button ${label} on a message ${match}:\n${fake.describe()}`);
      await press(name, message.id, button.custom_id, true);
    },
    seen: (name) => dmMessages(fake, dm(name)).map(seenOf),
    settle: bot.settle,
    rateLimitNext: (count, retryAfter) => fake.rateLimitNext(count, retryAfter, 'POST /channels/{channel.id}/messages'),
    rateLimited: () => fake.rateLimited(),
    block: (name) => fake.closeDms(userOf(name)),
    stop: () => bot.stop(),
  };
}
