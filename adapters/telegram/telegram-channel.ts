import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Channel, ChannelCapabilities, ChannelInfo, ChannelLimits, EventSink } from '../../src/channels/channel.ts';
import type { Address, Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log/logger.ts';
import { caption, escapeHtml, MAX_TEXT, splitText } from './format.ts';
import { isConflict, isNotModified, toDeliveryError } from './errors.ts';
import { fromCallback, fromMembership, fromMessage } from './updates.ts';
import { PressLog } from './press-log.ts';
import { API_TIMEOUT_MS, boundCalls } from './bounded-calls.ts';
import { startFailure } from './start-error.ts';
import { createWebhookServer } from './webhook-server.ts';
import { deepLink } from './deep-link.ts';

export interface TelegramOptions {
  token: string;
  /** Bot API root; the official one when absent. */
  apiRoot?: string;
  /** Webhook mode when set: the public URL Telegram posts to. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Port of the local webhook server. */
  port?: number;
  log: Logger;
  /** Telegram's published limits; tests and benchmarks may lift them. */
  limits?: ChannelLimits | null;
  /** Deadline of one Bot API call (a long poll gets its own wait on top); default 15 s. */
  apiTimeoutMs?: number;
}

/**
 * Telegram's limits: ~30 messages/s overall, 1/s per chat, 20/minute per group. A group gets one
 * message every 3.1 s, not 3: at exactly 3 s, 21 messages fall within one minute counted from the
 * first, and Telegram answers the 21st with a 429.
 */
export const TELEGRAM_LIMITS: ChannelLimits = { perSecond: 30, perChatMs: 1000, perGroupChatMs: 3100 };

/**
 * What Telegram shows: 4,096 characters, 64-byte callback data and labels kept to 64. Telegram
 * takes up to 100 buttons, 8 in a row; 8 rows is what still reads on a phone without scrolling.
 */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  maxText: MAX_TEXT,
  buttonsPerRow: 8,
  maxRows: 8,
  maxLabel: 64,
  maxToken: 64,
  edit: true,
  upload: true,
  ephemeral: false,
  linkPayload: true,
  numberedChoices: false,
};

/** Group chats remembered from the updates; a bot is in few, the bound only caps abuse. */
const MAX_GROUPS = 50_000;
/** Redeliveries come within minutes; this many presses is far more than a few minutes hold. */
const MAX_ANSWERED = 20_000;

const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** First pause before polling again after a 409; doubles while conflicts follow each other. */
const POLL_CONFLICT_PAUSE_MS = 1000;

/** The Telegram channel: telegraf updates in, Bot API calls out. */
export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly limits: ChannelLimits | null;
  readonly capabilities = TELEGRAM_CAPABILITIES;
  readonly bot: Telegraf;
  readonly #presses = new PressLog(5_000);
  /** Presses already answered: Telegram refuses a second answer to a redelivered press (400). */
  readonly #answered = new Set<string>();
  #server: Server | null = null;
  #polling: Promise<void> | null = null;
  #stopPollingNow: () => void = () => {};
  #botName = '';
  readonly #groups = new Set<string>();

  constructor(private readonly options: TelegramOptions) {
    this.limits = options.limits === undefined ? TELEGRAM_LIMITS : options.limits;
    this.bot = new Telegraf(options.token, {
      telegram: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
      handlerTimeout: 60_000,
    });
    boundCalls(this.bot.telegram, options.apiTimeoutMs ?? API_TIMEOUT_MS);
  }

  get #apiRoot(): string {
    return this.options.apiRoot ?? 'https://api.telegram.org';
  }

  /** The bot's @username, known once started; deep links use it. */
  get botName(): string {
    return this.#botName;
  }

  /** A chat an update showed as a group, supergroup or channel (Telegram's chat type, not the id). */
  isGroupChat(chatId: string): boolean {
    return this.#groups.has(chatId);
  }

  #sawGroup(chatId: string): void {
    if (this.#groups.has(chatId)) return;
    this.#groups.add(chatId);
    if (this.#groups.size > MAX_GROUPS) this.#groups.delete(this.#groups.values().next().value!);
  }

  #firstAnswer(queryId: string): boolean {
    if (this.#answered.has(queryId)) return false;
    this.#answered.add(queryId);
    if (this.#answered.size > MAX_ANSWERED) this.#answered.delete(this.#answered.values().next().value!);
    return true;
  }

  /** t.me link to the bot's private chat, delivering `/start <payload>` (1-64 of A-Za-z0-9_-). */
  link(payload?: string): string | undefined {
    return deepLink(this.#botName, payload);
  }

  async start(sink: EventSink, info: ChannelInfo): Promise<void> {
    const { bot, options } = this;
    bot.use(async (ctx) => {
      const update = ctx.update as Update;
      if ('callback_query' in update && this.#firstAnswer(update.callback_query.id)) {
        // Answer at once so the user's button stops spinning; the reply follows as a message.
        await bot.telegram.answerCbQuery(update.callback_query.id).catch((e) => options.log.warn({ err: String(e) }, 'answerCallbackQuery failed'));
      }
      const event = fromMessage(update, this.#botName) ?? fromCallback(update, this.#presses) ?? fromMembership(update);
      if (event?.address.group) this.#sawGroup(event.address.chatId);
      if (event) await sink(event);
    });
    bot.catch((err) => {
      options.log.error({ err: String(err) }, 'telegram update failed');
    });
    // Every step is bounded by the API timeout and fails with what to check; a failed start
    // leaves nothing running (no polling loop, no listening server).
    const me = await this.#step('getMe', () => bot.telegram.getMe());
    bot.botInfo = me;
    this.#botName = me.username;
    await this.#step('setMyCommands', () => this.#registerCommands(info));
    if (options.webhookUrl) {
      try {
        await this.#startWebhook(options.webhookUrl);
      } catch (e) {
        await this.stop();
        throw e;
      }
    } else {
      await this.#step('deleteWebhook', () => bot.telegram.deleteWebhook());
      // Telegram answers one getUpdates per bot at a time: with other instances, the lease holder's.
      if (info.hold) info.hold('telegram:polling', { start: async () => this.#startPolling(), stop: () => this.#stopPolling() });
      else this.#startPolling();
    }
    options.log.info({ bot: me.username, mode: options.webhookUrl ? 'webhook' : 'polling' }, 'telegram channel started');
  }

  async #step<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw startFailure(e, name, this.#apiRoot);
    }
  }

  async #registerCommands(info: ChannelInfo): Promise<void> {
    const valid = (lang: string) => info.commands(lang).filter((c) => /^[a-z0-9_]{1,32}$/.test(c.command)).map((c) => ({ command: c.command, description: c.description.slice(0, 256) }));
    await this.bot.telegram.setMyCommands(valid(info.defaultLanguage));
    for (const lang of info.languages) await this.bot.telegram.setMyCommands(valid(lang), { language_code: lang });
  }

  #startPolling(): void {
    // startPolling (public in JS, private in telegraf's typings), not launch(): launch calls
    // deleteWebhook again before polling, so a stop() during that call would find no polling to stop.
    const bot = this.bot as unknown as { startPolling(allowed: string[]): Promise<void> };
    const stopped = new AbortController();
    const poll = (conflicts: number): Promise<void> => {
      const began = Date.now();
      return bot.startPolling([...ALLOWED_UPDATES]).catch(async (e: unknown) => {
        if (stopped.signal.aborted) return;
        if (!isConflict(e)) {
          this.options.log.error({ err: String(e) }, 'telegram polling stopped');
          return;
        }
        // A 409 ends telegraf's polling for good, and this instance would hear nothing more. It
        // comes from a getUpdates that overlapped ours: an instance whose lease has just run out,
        // or a second bot started with this token. Poll again after a pause that grows while it
        // lasts, so two bots with one token do not take the long poll from each other in a loop.
        const streak = Date.now() - began > 60_000 ? 0 : conflicts;
        const pauseMs = Math.min(POLL_CONFLICT_PAUSE_MS * 2 ** streak, 30_000);
        this.options.log.warn({ err: String(e), pauseMs }, 'telegram polling interrupted by another getUpdates; polling again');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pauseMs);
          stopped.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
        if (!stopped.signal.aborted) return poll(streak + 1);
      });
    };
    this.#stopPollingNow = () => stopped.abort();
    this.#polling = poll(0);
  }

  async #startWebhook(url: string): Promise<void> {
    const path = new URL(url).pathname || '/';
    // telegraf's filter answers 403 to a request without the right X-Telegram-Bot-Api-Secret-Token.
    // Without a configured secret, a random one still makes every request prove it comes from Telegram.
    const secret = this.options.webhookSecret || randomBytes(32).toString('hex');
    this.#server = createWebhookServer({ path, secret, onUpdate: (update) => this.bot.handleUpdate(update) });
    await new Promise<void>((resolve, reject) => {
      // A port in use or not allowed fails the start with its reason, not as an uncaught error.
      this.#server!.once('error', reject);
      this.#server!.listen(this.options.port ?? 8443, resolve);
    });
    await this.#step('setWebhook', () => this.bot.telegram.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }));
  }

  /** The local port of the webhook server (tests use port 0). */
  get webhookPort(): number | undefined {
    const address = this.#server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async #stopPolling(): Promise<void> {
    const polling = this.#polling;
    if (!polling) return;
    this.#polling = null;
    this.#stopPollingNow();
    this.bot.stop('shutdown');
    await polling;
  }

  async stop(): Promise<void> {
    await this.#stopPolling();
    if (this.#server) {
      const server = this.#server;
      this.#server = null;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open.
        server.closeIdleConnections();
      });
    }
  }

  /** Texts over 4,096 characters become several messages; the buttons go with the last. */
  split(reply: Reply): Reply[] {
    if (reply.kind !== 'text') return [reply];
    const parts = splitText(reply.text, this.capabilities.maxText);
    return parts.map((text, i) => (i === parts.length - 1 ? { ...reply, text } : { kind: 'text', text }));
  }

  async deliver(chatId: string, reply: Reply, to?: Address): Promise<void> {
    try {
      await this.#send(chatId, reply, to?.thread ? { message_thread_id: Number(to.thread) } : {});
    } catch (e) {
      if (isNotModified(e)) return;
      throw toDeliveryError(e);
    }
  }

  async #send(chatId: string, reply: Reply, where: { message_thread_id?: number }): Promise<void> {
    const tg = this.bot.telegram;
    switch (reply.kind) {
      case 'text': {
        const keyboard = reply.buttons?.length
          ? { inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.token }))) }
          : undefined;
        await tg.sendMessage(chatId, escapeHtml(reply.text), { parse_mode: 'HTML', ...where, ...(keyboard ? { reply_markup: keyboard } : {}) });
        return;
      }
      case 'image':
        await tg.sendPhoto(chatId, { source: Buffer.from(reply.png), filename: reply.filename }, { ...where, ...this.#caption(reply.caption) });
        return;
      case 'file':
        await tg.sendDocument(chatId, { source: Buffer.from(reply.content), filename: reply.filename }, { ...where, ...this.#caption(reply.caption) });
        return;
      case 'mark': {
        const [chat, messageId] = reply.message.split(':');
        const pressed = this.#presses.take(`${reply.message}:${reply.token}`);
        if (!chat || !messageId) return;
        if (!pressed) {
          await tg.editMessageReplyMarkup(chat, Number(messageId), undefined, undefined);
          return;
        }
        const text = `${escapeHtml(pressed.text)}\n\n✓ <b>${escapeHtml(pressed.label)}</b>`;
        if (text.length <= MAX_TEXT) await tg.editMessageText(chat, Number(messageId), undefined, text, { parse_mode: 'HTML' });
        else await tg.editMessageReplyMarkup(chat, Number(messageId), undefined, undefined);
        return;
      }
    }
  }

  #caption(text: string | undefined) {
    const c = caption(text);
    return c ? { caption: escapeHtml(c), parse_mode: 'HTML' as const } : {};
  }
}
