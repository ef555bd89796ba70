// The Telegram channel (real telegraf) on a core, against the fake Bot API on 127.0.0.1.
import { createCore } from '../../../src/app.ts';
import type { ChannelInfo, EventSink } from '../../../src/channels/channel.ts';
import type { Address } from '../../../src/core/types.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { allFlows } from '../../../flows/index.ts';
import { TelegramChannel, type TelegramOptions } from '../../../adapters/telegram/index.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../telegram/index.ts';
import { DeliveryTracker, type ChannelDriver, type SeenMessage } from './driver.ts';

/** Telegram's limits ×20, matching the fake's `scale: 20`. */
const FAST = { perSecond: 600, perChatMs: 50, perGroupChatMs: 150 };

class TrackedTelegram extends TelegramChannel {
  constructor(options: TelegramOptions, private readonly tracker: DeliveryTracker) {
    super(options);
  }
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

const ids = new Map<string, number>();
let nextId = 61_000;
const idOf = (name: string): number => ids.get(name) ?? (ids.set(name, ++nextId), nextId);
const groupIds = new Map<string, number>();
let nextGroup = -1_001_700_000_000;
const groupOf = (name: string): number => groupIds.get(name) ?? (groupIds.set(name, --nextGroup), nextGroup);

function seenOf(m: SentMessage): SeenMessage {
  return {
    text: m.text ?? m.caption ?? '',
    rows: (m.buttons ?? []).map((row) => row.map((b) => ({ label: b.text, ...(b.data !== undefined ? { token: b.data } : {}) }))),
    ...(m.photo || m.document ? { media: true } : {}),
    ...(m.edits.length > 0 ? { edited: true } : {}),
  };
}

export async function telegramDriver(dir: string): Promise<ChannelDriver> {
  const fake: FakeTelegram = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
  const tracker = new DeliveryTracker();
  const channel = new TrackedTelegram({ token: fake.token, apiRoot: fake.url, log: silentLogger(), limits: FAST }, tracker);
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
    outbox: { backoffMs: 20 },
  });
  await core.start();
  const user = (name: string) => ({ id: idOf(name), first_name: name, language_code: 'en' });
  const settle = async () => {
    await fake.waitForIdle(10_000);
    await tracker.delivered();
  };
  const latestKeyboard = (chatId: number) => [...fake.messages(chatId)].reverse().find((m) => (m.buttons ?? []).flat().length > 0);
  return {
    name: 'telegram',
    channel,
    core,
    capabilities: channel.capabilities,
    address: (name): Address => ({ channel: 'telegram', chatId: String(idOf(name)), userId: String(idOf(name)) }),
    meet: (name) => fake.addUser(user(name)),
    async send(name, text) {
      fake.sendText(user(name), text);
      await settle();
    },
    async press(name, label) {
      const message = latestKeyboard(idOf(name));
      const button = message?.buttons.flat().find((b) => label.test(b.text));
      if (!message || !button?.data) throw new Error(`no button ${label} for ${name}:\n${fake.describe()}`);
      fake.pressButton(user(name), message.message_id, button.data);
      await settle();
    },
    async pressStale(name, match, label) {
      // The keyboard of a marked message is gone from the chat, but its callback data can still
      // arrive (an old client, a slow network): press it as Telegram would deliver it.
      const message = fake.messages(idOf(name)).find((m) => match.test(m.text ?? '') || m.edits.some((e) => match.test(e.previous.text ?? '')));
      const rows = [message?.reply_markup, ...(message?.edits.map((e) => e.previous.reply_markup) ?? [])].flatMap((markup) => markup?.inline_keyboard ?? []);
      const button = rows.flat().find((b) => label.test(b.text));
      if (!message || typeof button?.callback_data !== 'string') throw new Error(`no earlier button ${label} on a message ${match}:\n${fake.describe()}`);
      fake.pressButton(user(name), message.message_id, button.callback_data, { forge: true });
      await settle();
    },
    seen: (name) => fake.messages(idOf(name)).filter((m) => !m.deleted).map(seenOf),
    settle,
    rateLimitNext: (count, retryAfter) => fake.failNext(count, { code: 429, retryAfter, methods: ['sendMessage', 'sendPhoto'] }),
    rateLimited: () => fake.counters().tooManyRequests,
    block: (name) => void fake.blockUser(user(name), { emitUpdate: false }),
    async sendTwice(name, text) {
      const id = idOf(name);
      fake.addUser(user(name));
      const command = /^\/\w+/.exec(text)?.[0];
      const raw = {
        update_id: 9_500_000 + id,
        message: { message_id: 90_000 + id, date: Math.floor(Date.now() / 1000), chat: { id, type: 'private', first_name: name }, from: { id, is_bot: false, first_name: name, language_code: 'en' }, text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}) },
      };
      fake.injectUpdate(raw);
      fake.injectUpdate(raw);
      await settle();
    },
    async sendInGroup(name, group, text, thread) {
      fake.sendText(user(name), text, { chat: { id: groupOf(group), type: 'supergroup', is_forum: thread !== undefined }, ...(thread !== undefined ? { thread: Number(thread) } : {}) });
      await settle();
    },
    seenInGroup: (group, thread) =>
      fake
        .messages(groupOf(group))
        .filter((m) => thread === undefined || m.message_thread_id === Number(thread))
        .map(seenOf),
    async stop() {
      await core.stop();
      await fake.close();
    },
  };
}
