import { afterEach, describe, expect, it, vi } from 'vitest';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { startTelegramBot, chatTexts, expectReply, type TelegramBot } from './helpers/telegram-bot.ts';
import { dispose } from './helpers/harness.ts';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram/index.ts';
import { allFlows } from '../flows/index.ts';
import { TelegramChannel } from '../adapters/telegram/index.ts';
import { fromMembership } from '../adapters/telegram/updates.ts';
import { DeliveryError, type ChannelInfo } from '../src/channels/channel.ts';
import { silentLogger } from '../src/log/logger.ts';
import type { Flow } from '../src/engine/index.ts';
import type { Update } from 'telegraf/types';

let bot: TelegramBot | null = null;
const fakes: FakeTelegram[] = [];
const channels: TelegramChannel[] = [];
afterEach(async () => {
  await dispose(bot);
  bot = null;
  for (const c of channels.splice(0)) await c.stop();
  for (const f of fakes.splice(0)) await f.close();
});

const echo: Flow = { id: 'echo', version: 1, commands: { say: (turn, args) => turn.say(`You said: ${args}`) } };
const flows = [...allFlows, echo];
const info = { languages: ['en'], defaultLanguage: 'en', commands: () => [], greeting: () => '' } as ChannelInfo;
const sink = async () => ({ delivered: Promise.resolve() });

/** A port nobody listens on right now (taken from the system, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });

async function fake(): Promise<FakeTelegram> {
  const f = await startFakeTelegram({ limits: { scale: 20 } });
  fakes.push(f);
  return f;
}

function channel(f: FakeTelegram, extra: Partial<ConstructorParameters<typeof TelegramChannel>[0]> = {}): TelegramChannel {
  const c = new TelegramChannel({ token: f.token, apiRoot: f.url, log: silentLogger(), limits: null, apiTimeoutMs: 300, ...extra });
  channels.push(c);
  return c;
}

/** POSTs raw bytes (in chunks, without content-length when `chunked`) and resolves with the status. */
function rawPost(url: string, headers: Record<string, string>, body: Buffer, chunked = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(body.length) } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may close the connection while the rest of an oversized body is being written.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const size = 64 * 1024;
    let offset = 0;
    const pump = () => {
      while (offset < body.length && !answered) {
        const ok = req.write(body.subarray(offset, (offset += size)));
        if (!ok) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('Telegram webhook under hostile requests', () => {
  it('answers 400 to bodies that are not updates, 413 to oversized ones, 403 without the secret, and keeps serving', async () => {
    const f = await fake();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/hook`;
    const secret = 'Right-secret_42';
    bot = await startTelegramBot({ fake: f, flows, webhook: { url, secret, port } });
    const good = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret };
    for (const body of ['null', '[]', '"text"', '42', '{}', '{"update_id":"7"}', '{"update_id":-1}', '{"update_id":1.5}', '{', '{"update_id":8,"message":null}', '{"update_id":9,"callback_query":"x"}']) {
      expect({ body, status: await rawPost(url, good, Buffer.from(body)) }).toEqual({ body, status: 400 });
    }
    const huge = Buffer.alloc(3 * 1024 * 1024, 0x20);
    expect(await rawPost(url, good, huge)).toBe(413);
    expect(await rawPost(url, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'x-telegram-bot-api-secret-token': secret }, huge, true)).toBe(413);
    expect(await rawPost(url, { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' }, Buffer.from('null'))).toBe(403);
    expect(await rawPost(url, { 'content-type': 'application/json' }, Buffer.from('{"update_id":1}'))).toBe(403);
    // An update of a kind the bot does not handle is accepted (Telegram would resend it otherwise).
    expect(await rawPost(url, good, Buffer.from('{"update_id":10,"edited_message":{}}'))).toBe(200);
    f.sendText({ id: 1401 }, '/say still alive');
    await expectReply(f, 1401, 'You said: still alive');
  });
});

describe('Telegram API calls have a deadline', () => {
  it('a send that gets no answer becomes a transient delivery error', async () => {
    const f = await fake();
    const c = channel(f);
    await c.start(sink, info);
    f.addUser({ id: 1501 });
    f.hang({ chatIds: [1501], methods: ['sendMessage'] });
    const failure = await c.deliver('1501', { kind: 'text', text: 'hello?' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ failure: 'transient', message: expect.stringMatching(/did not answer sendMessage/) });
  });

  it('with twenty chats whose sends hang, other chats still get their replies', async () => {
    const f = await fake();
    // Hung calls stay hung for the whole test: the API timeout is far away.
    bot = await startTelegramBot({ fake: f, flows });
    const stuck = Array.from({ length: 20 }, (_, i) => ({ id: 1600 + i }));
    const release = f.hang({ chatIds: stuck.map((u) => u.id), methods: ['sendMessage'] });
    for (const u of stuck) f.sendText(u, '/say into the void');
    await f.waitForHanging(20);
    f.sendText({ id: 1700 }, '/say someone else');
    await expectReply(f, 1700, 'You said: someone else');
    release();
    for (const u of stuck) await expectReply(f, u.id, 'You said: into the void');
  });

  it('a refused token fails the start with what to check', async () => {
    const f = await fake();
    const c = channel(f, { token: '123:not-the-token' });
    await expect(c.start(sink, info)).rejects.toThrow(/TELEGRAM_BOT_TOKEN was refused by Telegram \(401/);
  });

  it('an API root nobody answers at fails the start with what to check', async () => {
    const port = await closedPort();
    const c = new TelegramChannel({ token: '123:abc', apiRoot: `http://127.0.0.1:${port}`, log: silentLogger(), apiTimeoutMs: 300 });
    channels.push(c);
    await expect(c.start(sink, info)).rejects.toThrow(new RegExp(`could not reach TELEGRAM_API_ROOT http://127.0.0.1:${port}`));
  });

  it('an API root that never answers fails the start after the deadline, polling never begins', async () => {
    const f = await fake();
    f.hang({ methods: ['getMe'] });
    const c = channel(f);
    await expect(c.start(sink, info)).rejects.toThrow(/could not reach TELEGRAM_API_ROOT .*did not answer getMe/);
    const f2 = await fake();
    f2.hang({ methods: ['deleteWebhook'] });
    const c2 = channel(f2);
    await expect(c2.start(sink, info)).rejects.toThrow(/did not answer deleteWebhook/);
    await c2.stop();
    expect(f2.calls('getUpdates')).toEqual([]);
  });

  it('a webhook start that fails closes its server', async () => {
    const f = await fake();
    f.hang({ methods: ['setWebhook'] });
    const port = await closedPort();
    const c = channel(f, { webhookUrl: `http://127.0.0.1:${port}/hook`, port });
    await expect(c.start(sink, info)).rejects.toThrow(/did not answer setWebhook/);
    expect(await canListen(port)).toBe(true);
  });
});

describe('Telegram update ids', () => {
  it('a new update that reuses an old update_id (ids restart after a long idle) is not dropped', async () => {
    bot = await startTelegramBot({ flows });
    const { fake: f } = bot;
    const u = { id: 1801 };
    const first = f.sendText(u, '/say before the pause');
    await expectReply(f, u.id, 'You said: before the pause');
    await f.waitForIdle();
    f.restartUpdateIds(first);
    expect(f.sendText(u, '/say after the pause')).toBe(first);
    await expectReply(f, u.id, 'You said: after the pause');
  });

  it('an update delivered again after a restart (polling offset not confirmed before a crash) is processed once', async () => {
    const first = await startTelegramBot({ flows });
    const { fake: f, dir } = first;
    f.addUser({ id: 1803 });
    // Someone who consented. A turn that changes nothing about a person who has not (a /help, an
    // echo) stores nothing, not even the update's id: after a crash its redelivery is answered
    // again (the same answer twice), which is the price of storing nothing before consent.
    f.sendText({ id: 1803 }, '/agree');
    await expectReply(f, 1803, /consent/);
    const message = { message_id: 78, date: 1, chat: { id: 1803, type: 'private' }, from: { id: 1803, is_bot: false, first_name: 'R' }, text: '/say before the crash', entities: [{ type: 'bot_command', offset: 0, length: 4 }] };
    f.injectUpdate({ update_id: 9_500_000, message });
    await expectReply(f, 1803, 'You said: before the crash');
    await first.stop();
    // Telegram hands out again what the bot never confirmed: the same update, to the next process.
    bot = await startTelegramBot({ flows, fake: f, dir });
    f.injectUpdate({ update_id: 9_500_000, message });
    await f.waitForIdle();
    f.sendText({ id: 1803 }, '/say after the restart');
    await expectReply(f, 1803, 'You said: after the restart');
    expect(chatTexts(f, 1803).filter((t) => t === 'You said: before the crash')).toHaveLength(1);
  });

  it('a true redelivery is still recognised, whatever its update_id', async () => {
    bot = await startTelegramBot({ flows });
    const { fake: f } = bot;
    f.addUser({ id: 1802 });
    const message = { message_id: 77, date: 1, chat: { id: 1802, type: 'private' }, from: { id: 1802, is_bot: false, first_name: 'R' }, text: '/say once', entities: [{ type: 'bot_command', offset: 0, length: 4 }] };
    f.injectUpdate({ update_id: 9_400_000, message });
    f.injectUpdate({ update_id: 9_400_001, message });
    await expectReply(f, 1802, 'You said: once');
    await f.waitForIdle();
    f.sendText({ id: 1802 }, '/say later');
    await expectReply(f, 1802, 'You said: later');
    expect(chatTexts(f, 1802).filter((t) => t === 'You said: once')).toHaveLength(1);
  });
});

describe('Telegram links and group membership', () => {
  it('link() opens the private chat, with a validated /start payload', async () => {
    const f = await fake();
    const c = channel(f);
    expect(c.link('g_74GZR3')).toBeUndefined();
    await c.start(sink, info);
    expect(c.link()).toBe('https://t.me/together_test_bot');
    expect(c.link('g_74GZR3')).toBe('https://t.me/together_test_bot?start=g_74GZR3');
    expect(c.link('a-Z_9'.repeat(13).slice(0, 64))).toMatch(/\?start=.{64}$/);
    for (const bad of ['', 'with space', 'é', 'a'.repeat(65), 'x&start=y']) expect(() => c.link(bad)).toThrow(/1 to 64 characters/);
  });

  it('membership changes in groups, supergroups and channels say groupChat', () => {
    const member = (status: string) => ({ user: { id: 1, is_bot: true, first_name: 'B' }, status });
    for (const chat of [{ id: -5, type: 'group', title: 'g' }, { id: -1005, type: 'supergroup', title: 's' }, { id: -1006, type: 'channel', title: 'c' }]) {
      const update = { update_id: 1, my_chat_member: { chat, from: { id: 9, is_bot: false, first_name: 'U' }, date: 5, old_chat_member: member('member'), new_chat_member: member('kicked') } } as unknown as Update;
      expect(fromMembership(update)).toMatchObject({ kind: 'left', groupChat: true, updateId: `j:${chat.id}:9:5:kicked` });
    }
  });

  it('removing the bot from a group leaves the person reachable in private', async () => {
    const f = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
    bot = await startTelegramBot({ fake: f, flows });
    const u = { id: 1901 };
    f.sendText(u, '/agree');
    await expectReply(f, u.id, 'consent');
    const group = { id: -100190, title: 'Group' };
    f.addBotToGroup(group, u);
    f.removeBotFromGroup(group, u);
    await f.waitForIdle();
    await bot.core.engine.idle();
    const store = bot.core.services.store;
    expect((await store.loadUser(store.keyOf(`telegram:${u.id}`)))?.unreachable).toBeFalsy();
    f.sendText(u, '/say still here');
    await expectReply(f, u.id, 'You said: still here');
  });
});

describe('Telegram long polling', () => {
  it('a 409 from an overlapping getUpdates (another instance, a second bot) does not leave the bot deaf', async () => {
    bot = await startTelegramBot({ flows });
    const { fake: f } = bot;
    const u = { id: 1901 };
    f.sendText(u, '/say first');
    await expectReply(f, u.id, 'You said: first');
    // Wait until the bot's next long poll is waiting, then take it over as a rival poller would:
    // the fake answers the bot's poll 409, as Telegram does ("terminated by other getUpdates request").
    await vi.waitFor(() => expect(f.longPollWaiting).toBe(true), { timeout: 5000 });
    const rival = (await (await fetch(`${f.url}/bot${f.token}/getUpdates?timeout=0`)).json()) as { ok: boolean };
    expect(rival.ok).toBe(true);
    f.sendText(u, '/say after the conflict');
    await expectReply(f, u.id, 'You said: after the conflict');
    expect(chatTexts(f, u.id).filter((t) => t === 'You said: after the conflict')).toHaveLength(1);
  });
});
