/**
 * Crowds through the real Telegram adapter (telegraf) against the fake Bot API: many people at
 * the same moment, a webhook that receives the same update more than once, and Telegram's
 * limits kept by the fake (429 with retry_after when the bot goes faster than it allows).
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createCore, type Core } from '../../src/app.ts';
import type { ChannelLimits } from '../../src/channels/channel.ts';
import type { RateRule } from '../../src/engine/person-rate.ts';
import { allFlows } from '../../flows/index.ts';
import { TelegramChannel, TELEGRAM_LIMITS } from '../../adapters/telegram/index.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUserInput, type LimitOptions, type SentMessage, type Update } from '../fakes/telegram/index.ts';
import { tempDir, removeDir } from './harness.ts';

/** The bot's Telegram limits (as `together start` keeps them), `scale` times faster, like the fake's. */
export function telegramLimits(scale: number): ChannelLimits {
  return { perSecond: TELEGRAM_LIMITS.perSecond * scale, perChatMs: TELEGRAM_LIMITS.perChatMs / scale, perGroupChatMs: (TELEGRAM_LIMITS.perGroupChatMs ?? TELEGRAM_LIMITS.perChatMs) / scale };
}

export interface CrowdBotOptions {
  /** The fake's limits (Telegram's published ones, `scale` times faster); false: none. */
  fakeLimits?: LimitOptions | false;
  /** What the bot itself keeps; by default Telegram's limits at the fake's scale. */
  botLimits?: ChannelLimits | null;
  managers?: string[];
  /** A fixed clock (quiet hours and dates do not depend on when the test runs). */
  now?: () => Date;
  /** Webhook mode with this secret (polling otherwise). */
  webhookSecret?: string;
  personRate?: RateRule | false;
  /** false: the bot receives every group message, not only commands (BotFather's privacy mode off). */
  privacyMode?: boolean;
}

export interface CrowdBot {
  fake: FakeTelegram;
  core: Core;
  channel: TelegramChannel;
  dir: string;
  /** Log lines at warn level and above, parsed. */
  problems: Record<string, unknown>[];
  webhook?: { url: string; secret: string };
  stop(): Promise<void>;
}

/** The real TelegramChannel on a core with the data folder's store, against a fake Bot API on 127.0.0.1. */
export async function startCrowdBot(options: CrowdBotOptions = {}): Promise<CrowdBot> {
  const fakeLimits = options.fakeLimits ?? { scale: 1 };
  const fake = await startFakeTelegram({ limits: fakeLimits, privacyMode: options.privacyMode ?? true });
  const dir = tempDir('together-crowd-tg-');
  const problems: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) problems.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'warn', base: undefined }, sink);
  const webhook = options.webhookSecret ? { url: `http://127.0.0.1:${await webhookPort()}/telegram`, secret: options.webhookSecret } : undefined;
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    log,
    limits: options.botLimits !== undefined ? options.botLimits : fakeLimits === false ? null : telegramLimits(fakeLimits.scale ?? 1),
    ...(webhook ? { webhookUrl: webhook.url, webhookSecret: webhook.secret, port: Number(new URL(webhook.url).port) } : {}),
  });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set(options.managers ?? []) },
    flows: allFlows,
    channels: [channel],
    log,
    now: options.now,
    outbox: { backoffMs: 20 },
    control: false,
    ...(options.personRate !== undefined ? { personRate: options.personRate } : {}),
  });
  await core.start();
  return {
    fake,
    core,
    channel,
    dir,
    problems,
    ...(webhook ? { webhook } : {}),
    stop: async () => {
      await core.stop();
      await fake.close();
      removeDir(dir);
    },
  };
}

/**
 * Everything the bot took in has been handled, saved and sent. Waits until the fake holds no
 * update and the engine, the broadcasts and the outbox are idle at the same time (a broadcast
 * waiting out a 429 makes no call for a while, and still has recipients to feed the outbox).
 */
export async function settle(bot: CrowdBot, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await bot.fake.waitForIdle(Math.max(1, until - Date.now()));
    await bot.core.engine.idle();
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    const calls = bot.fake.calls().length;
    await new Promise((r) => setTimeout(r, 50));
    if (bot.fake.pendingUpdates().length === 0 && bot.fake.calls().length === calls) return;
    if (Date.now() > until) throw new Error(`the bot did not settle in ${timeoutMs} ms`);
  }
}

/** `n` people with ids from `first`, each with their own name. */
export function people(n: number, first: number, language_code = 'en'): FakeUserInput[] {
  return Array.from({ length: n }, (_, i) => ({ id: first + i, first_name: `Person${first + i}`, language_code }));
}

/** The texts the bot sent to a chat (edits applied), in order. */
export function textsIn(fake: FakeTelegram, chatId: number): string[] {
  return fake.messages(chatId).map((m) => m.text ?? m.caption ?? '');
}

/** Messages of the chat whose text matches. */
export function matching(fake: FakeTelegram, chatId: number, match: RegExp): SentMessage[] {
  return fake.messages(chatId).filter((m) => match.test(m.text ?? m.caption ?? ''));
}

/** The latest bot message of the chat with a button whose label matches, and that button's data. */
export function buttonOf(fake: FakeTelegram, chatId: number, label: RegExp): { messageId: number; data: string } {
  for (const m of [...fake.messages(chatId)].reverse()) {
    const b = m.buttons.flat().find((x) => label.test(x.text) && x.data);
    if (b) return { messageId: m.message_id, data: b.data! };
  }
  throw new Error(`No button ${label} in chat ${chatId}:\n${textsIn(fake, chatId).join('\n---\n')}`);
}

/** Every chat the bot sent to, or tried to send to (failed calls included). */
export function chatsSentTo(fake: FakeTelegram): Set<number> {
  const sending = new Set(['sendmessage', 'sendphoto', 'senddocument', 'editmessagetext', 'editmessagereplymarkup']);
  return new Set(fake.calls().filter((c) => sending.has(c.method.toLowerCase())).map((c) => Number(c.params.chat_id)));
}

/** The update the fake made, as Telegram would post it again. */
export function updateById(fake: FakeTelegram, updateId: number): Update {
  const update = fake.updates().find((u) => u.update_id === updateId);
  if (!update) throw new Error(`No update ${updateId}`);
  return structuredClone(update);
}

/**
 * Posts an update to the bot's webhook as Telegram does (with the secret), bypassing the fake's
 * one-at-a-time delivery: Telegram opens up to 40 connections at once, and posts an update again
 * when the bot's answer to the first post did not reach it in time.
 */
export function postUpdate(bot: CrowdBot, update: Update): Promise<number> {
  const hook = bot.webhook;
  if (!hook) throw new Error('The bot runs in polling mode');
  const body = Buffer.from(JSON.stringify(update));
  return new Promise((resolve, reject) => {
    const req = request(hook.url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-telegram-bot-api-secret-token': hook.secret } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Listens on `port` as the webhook server will (every interface), and tells whether that worked. */
const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });

/**
 * A port below the system's ephemeral range, so no listen(0) elsewhere (another test file's
 * fake Bot API) takes it between this check and the bot's listen.
 */
async function webhookPort(): Promise<number> {
  let floor = 32_768;
  try {
    floor = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || floor;
  } catch {
    // Not Linux: the usual floor.
  }
  const top = Math.min(floor, 32_768);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (top - 10_000));
    if (await canListen(port)) return port;
  }
  throw new Error('No free port for the webhook server');
}
