import { createCore, type Core } from '../../src/app.ts';
import type { ChannelLimits } from '../../src/channels/channel.ts';
import type { Flow } from '../../src/engine/flow.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { TelegramChannel } from '../../adapters/telegram/index.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.ts';
import type { SentMessage } from '../fakes/telegram/types.ts';
import { tempDir } from './harness.ts';

/** Telegram's limits ×20, matching a fake started with `{ limits: { scale: 20 } }`. */
export const FAST_LIMITS: ChannelLimits = { perSecond: 600, perChatMs: 50, perGroupChatMs: 150 };

export interface TelegramBot {
  fake: FakeTelegram;
  core: Core;
  channel: TelegramChannel;
  dir: string;
  stop(): Promise<void>;
}

export interface TelegramBotOptions {
  fake?: FakeTelegram;
  dir?: string;
  flows?: Flow[];
  limits?: ChannelLimits | null;
  managers?: string[];
  webhook?: { url: string; secret?: string; port: number };
}

/** The real TelegramChannel (telegraf) on a core, against a fake Bot API on 127.0.0.1. */
export async function startTelegramBot(options: TelegramBotOptions = {}): Promise<TelegramBot> {
  const fake = options.fake ?? (await startFakeTelegram({ limits: { scale: 20 } }));
  const dir = options.dir ?? tempDir('together-tg-');
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    log: silentLogger(),
    limits: options.limits === undefined ? FAST_LIMITS : options.limits,
    webhookUrl: options.webhook?.url,
    webhookSecret: options.webhook?.secret,
    port: options.webhook?.port,
  });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(options.managers ?? []) },
    flows: options.flows ?? allFlows,
    channels: [channel],
    log: silentLogger(),
    outbox: { backoffMs: 20 },
  });
  await core.start();
  return { fake, core, channel, dir, stop: () => core.stop() };
}

/** Texts the bot sent to a chat, in order. */
export function chatTexts(fake: FakeTelegram, chatId: number): string[] {
  return fake.messages(chatId).map((m) => m.text ?? '');
}

/** The inline buttons of the latest bot message in the chat that has any. */
export function lastKeyboard(fake: FakeTelegram, chatId: number): { message: SentMessage; buttons: { text: string; data?: string }[] } {
  const message = [...fake.messages(chatId)].reverse().find((m) => (m.buttons ?? []).flat().length > 0);
  if (!message) throw new Error(`No keyboard in chat ${chatId}:\n${fake.describe()}`);
  return { message, buttons: (message.buttons ?? []).flat() };
}

/** Presses the button whose label contains `label` on the latest keyboard in the chat. */
export function press(fake: FakeTelegram, user: { id: number }, label: string | RegExp): number {
  const { message, buttons } = lastKeyboard(fake, user.id);
  const button = buttons.find((b) => (typeof label === 'string' ? b.text.includes(label) : label.test(b.text)));
  if (!button?.data) throw new Error(`No button ${String(label)} in ${buttons.map((b) => b.text).join(' | ')}`);
  return fake.pressButton(user, message.message_id, button.data);
}

/** Waits for a bot message in the user's chat whose text matches, sent after `since`. */
export function expectReply(fake: FakeTelegram, chatId: number, match: string | RegExp, timeoutMs = 10_000): Promise<SentMessage> {
  return fake.waitFor((m) => m.chat_id === chatId && (typeof match === 'string' ? (m.text ?? '').includes(match) : match.test(m.text ?? '')), timeoutMs);
}
