import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { startTelegramBot, chatTexts, press, expectReply, lastKeyboard, type TelegramBot } from './helpers/telegram-bot.ts';
import { dispose } from './helpers/harness.ts';
import { startFakeTelegram } from './fakes/telegram/index.ts';
import { allFlows } from '../flows/index.ts';
import { TELEGRAM_LIMITS } from '../adapters/telegram/index.ts';
import type { Flow } from '../src/engine/index.ts';

let bot: TelegramBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const echo: Flow = {
  id: 'echo',
  version: 1,
  commands: {
    long: (turn) => turn.say(Array.from({ length: 900 }, (_, i) => `line ${i} of a long text`).join('\n')),
    say: (turn, args) => turn.say(`You said: ${args}`),
  },
};

/** Listens on `port` as the webhook server will (every interface), and tells whether that worked. */
const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });

/** The first port the system hands out for listen(0) and outgoing connections (Linux: 32768). */
function ephemeralFloor(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port for the webhook server that stays free until the bot listens on it. A free port from
 * the ephemeral range (what listen(0) returns) can be handed to any other process's listen(0)
 * in the meantime, e.g. a fake Bot API of a test file running in parallel; a port below that
 * range is only ever taken on purpose.
 */
async function freePort(): Promise<number> {
  const top = Math.min(ephemeralFloor(), 32_768);
  for (let attempt = 0; top - 10_000 >= 1_000 && attempt < 50; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (top - 10_000));
    if (await canListen(port)) return port;
  }
  // No room below the ephemeral range on this system: fall back to a port it hands out.
  return new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function userDoc(b: TelegramBot, id: number) {
  const store = b.core.services.store;
  return store.loadUser(store.keyOf(`telegram:${id}`));
}

describe('Telegram channel (telegraf against a fake Bot API)', () => {
  it('onboarding in the user\'s language, with inline buttons that are answered and marked', async () => {
    bot = await startTelegramBot();
    const { fake } = bot;
    const ana = { id: 501, first_name: 'Ana', language_code: 'fr' };
    fake.sendText(ana, '/start');
    await expectReply(fake, ana.id, 'Quelle langue');
    const { buttons } = lastKeyboard(fake, ana.id);
    expect(buttons.map((b) => b.text)).toContain('Français');
    for (const b of buttons) expect(Buffer.byteLength(b.data ?? '')).toBeLessThanOrEqual(64);
    expect(buttons.every((b) => !b.data?.includes('Français'))).toBe(true);
    press(fake, ana, 'Français');
    await expectReply(fake, ana.id, 'anonyme');
    press(fake, ana, /J.accepte/);
    await expectReply(fake, ana.id, 'Bienvenue');
    await fake.waitForIdle();
    expect(fake.answeredCallbacks().length).toBe(2);
    const marked = fake.messages(ana.id).find((m) => (m.text ?? '').includes('✓ Français'));
    expect(marked?.buttons ?? []).toEqual([]);
    expect((await userDoc(bot, ana.id))?.consentAt).toBeTruthy();
  });

  it('registers the commands in every shipped language', async () => {
    bot = await startTelegramBot();
    await bot.fake.waitForCall((c) => c.method === 'setMyCommands' && (c.params as { language_code?: string }).language_code === 'pt');
    expect(bot.fake.commands('fr').map((c) => c.command)).toContain('forget');
    expect(bot.fake.commands('fr').find((c) => c.command === 'forget')?.description).toMatch(/effacer/i);
    expect(bot.fake.commands('').map((c) => c.command)).toContain('start');
  });

  it('escapes user text for HTML and splits messages over 4,096 characters', async () => {
    bot = await startTelegramBot({ flows: [...allFlows, echo] });
    const { fake } = bot;
    const u = { id: 502 };
    fake.sendText(u, '/say <b>bold</b> *_[x](y) & 1 < 2 🎉 مرحبا');
    const m = await expectReply(fake, u.id, 'You said');
    expect(m.text).toBe('You said: <b>bold</b> *_[x](y) & 1 < 2 🎉 مرحبا');
    fake.sendText(u, '/long');
    await expectReply(fake, u.id, 'line 899 of a long text');
    const parts = chatTexts(fake, u.id).filter((t) => t.includes('of a long text'));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n').split('\n').length).toBe(900);
    expect(fake.counters().statuses?.['400'] ?? 0).toBe(0);
  });

  it('a 429 storm loses and duplicates no message', async () => {
    bot = await startTelegramBot({ flows: [...allFlows, echo] });
    const { fake } = bot;
    fake.failNext(6, { code: 429, retryAfter: 0.05, methods: ['sendMessage'] });
    const users = [601, 602, 603].map((id) => ({ id }));
    for (const u of users) for (let i = 0; i < 3; i++) fake.sendText(u, `/say msg ${i}`);
    for (const u of users) await expectReply(fake, u.id, 'You said: msg 2');
    await fake.waitForIdle();
    for (const u of users) {
      expect(chatTexts(fake, u.id)).toEqual(['You said: msg 0', 'You said: msg 1', 'You said: msg 2']);
    }
    expect(fake.counters().tooManyRequests).toBeGreaterThanOrEqual(6);
  });

  it('5xx answers and dropped connections are retried with backoff; nothing is lost', async () => {
    bot = await startTelegramBot({ flows: [...allFlows, echo] });
    const { fake } = bot;
    fake.failNext(2, { code: 502, methods: ['sendMessage'] });
    fake.failNext(1, { code: 'reset', methods: ['sendMessage'] });
    const u = { id: 650 };
    fake.sendText(u, '/say through the storm');
    await expectReply(fake, u.id, 'You said: through the storm');
    await fake.waitForIdle();
    await bot.core.outbox.drain();
    expect(chatTexts(fake, u.id)).toEqual(['You said: through the storm']);
    expect(fake.calls('sendMessage').filter((c) => !c.ok).length).toBe(3);
  });

  it('with Telegram\'s real limits the outbox paces itself and gets no 429', async () => {
    const fake = await startFakeTelegram();
    bot = await startTelegramBot({ fake, limits: TELEGRAM_LIMITS, flows: [...allFlows, echo] });
    const u = { id: 701 };
    for (let i = 0; i < 4; i++) fake.sendText(u, `/say paced ${i}`);
    await expectReply(fake, u.id, 'You said: paced 3');
    expect(fake.calls().filter((c) => c.error_code === 429).map((c) => c.method)).toEqual([]);
  });

  it('a user who blocked the bot is marked unreachable; others still get their messages', async () => {
    bot = await startTelegramBot({ flows: [...allFlows, echo] });
    const { fake } = bot;
    const gone = { id: 801 };
    const here = { id: 802 };
    fake.sendText(gone, '/agree');
    await expectReply(fake, gone.id, 'consent');
    fake.blockUser(gone, { emitUpdate: false });
    // A message id of its own: message ids name a message in its chat, and 1 was the /agree above.
    fake.injectUpdate({ update_id: 9_000_001, message: { message_id: 1000, date: 1, chat: { id: gone.id, type: 'private' }, from: { id: gone.id, is_bot: false, first_name: 'G' }, text: '/say hi', entities: [{ type: 'bot_command', offset: 0, length: 4 }] } });
    fake.sendText(here, '/say still here');
    await expectReply(fake, here.id, 'still here');
    await fake.waitForIdle();
    await bot.core.outbox.drain();
    await bot.core.engine.idle();
    expect((await userDoc(bot, gone.id))?.unreachable).toBe(true);
  });

  it('my_chat_member "kicked" is recorded as blocked', async () => {
    bot = await startTelegramBot();
    const { fake } = bot;
    const u = { id: 803 };
    fake.sendText(u, '/agree');
    await expectReply(fake, u.id, 'consent');
    fake.blockUser(u);
    await fake.waitForIdle();
    await bot.core.engine.idle();
    expect((await userDoc(bot, u.id))?.unreachable).toBe(true);
  });

  it('an update delivered twice is processed once', async () => {
    bot = await startTelegramBot({ flows: [...allFlows, echo] });
    const { fake } = bot;
    const raw = { update_id: 9_100_000, message: { message_id: 5, date: 1, chat: { id: 901, type: 'private' }, from: { id: 901, is_bot: false, first_name: 'D' }, text: '/say once', entities: [{ type: 'bot_command', offset: 0, length: 4 }] } };
    fake.addUser({ id: 901 });
    fake.injectUpdate(raw);
    fake.injectUpdate(raw);
    await expectReply(fake, 901, 'You said: once');
    await fake.waitForIdle();
    fake.sendText({ id: 901 }, '/say after');
    await expectReply(fake, 901, 'You said: after');
    expect(chatTexts(fake, 901).filter((t) => t === 'You said: once')).toHaveLength(1);
  });

  it('group chats: /command@thisbot gets a link to the private chat, a command for another bot is ignored', async () => {
    const fake = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
    bot = await startTelegramBot({ fake, flows: [...allFlows, echo] });
    const group = { id: -100123, title: 'Young people of Mons' };
    const u = { id: 1001 };
    fake.sendText(u, '/say@together_test_bot hello group', { chat: group });
    await expectReply(fake, group.id, 'https://t.me/together_test_bot');
    fake.sendText(u, '/say@other_bot not for us', { chat: group });
    fake.sendText(u, '/say@together_test_bot second', { chat: group });
    await fake.waitForIdle();
    await bot.core.engine.idle();
    await bot.core.outbox.drain();
    // Two pointers (one per command addressed to this bot), nothing for the other bot, nothing personal.
    expect(chatTexts(fake, group.id)).toHaveLength(2);
    expect(chatTexts(fake, group.id).some((t) => t.includes('hello group') || t.includes('not for us'))).toBe(false);
  });

  it('webhook mode: the right secret is processed, a wrong or missing one is rejected', async () => {
    const fake = await startFakeTelegram({ limits: { scale: 20 } });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram-hook`;
    bot = await startTelegramBot({ fake, flows: [...allFlows, echo], webhook: { url, secret: 'S3cret-token_1', port } });
    expect(fake.webhook().config?.url).toBe(url);
    fake.sendText({ id: 1101 }, '/say via webhook');
    await expectReply(fake, 1101, 'You said: via webhook');
    const forged = { update_id: 9_200_000, message: { message_id: 1, date: 1, chat: { id: 1102, type: 'private' }, from: { id: 1102, is_bot: false, first_name: 'F' }, text: '/say forged', entities: [{ type: 'bot_command', offset: 0, length: 4 }] } };
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' }, body: JSON.stringify(forged) });
    expect(bad.status).toBe(403);
    const missing = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    expect(missing.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(chatTexts(fake, 1102)).toEqual([]);
    expect(await userDoc(bot, 1102)).toBeNull();
  });

  it('webhook mode without a configured secret still checks a random one', async () => {
    const fake = await startFakeTelegram({ limits: { scale: 20 } });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    bot = await startTelegramBot({ fake, flows: [...allFlows, echo], webhook: { url, port } });
    fake.sendText({ id: 1301 }, '/say fine');
    await expectReply(fake, 1301, 'You said: fine');
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 9_300_000, message: { message_id: 1, date: 1, chat: { id: 1302, type: 'private' }, from: { id: 1302, is_bot: false, first_name: 'F' }, text: '/say forged' } }) });
    expect(forged.status).toBe(403);
  });

  it('a stale or forged button is answered politely and changes nothing', async () => {
    bot = await startTelegramBot();
    const { fake } = bot;
    const u = { id: 1201 };
    fake.sendText(u, '/start');
    await expectReply(fake, u.id, 'Which language');
    // The owner tag (first 4 hex digits of the user's key, random per data folder) must not happen to be the user's own.
    const owner = bot.core.services.store.keyOf(`telegram:${u.id}`).startsWith('dead') ? 'beef' : 'dead';
    fake.pressButton(u, lastKeyboard(fake, u.id).message.message_id, `forged|abc|1|${owner}`, { forge: true });
    await expectReply(fake, u.id, /not valid|someone else/);
    await fake.waitForIdle();
    expect(fake.answeredCallbacks().length).toBe(1);
  });
});
