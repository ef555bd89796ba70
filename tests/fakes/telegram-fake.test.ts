// Self-test of the fake Telegram Bot API, driven by the real telegraf client so
// that what passes here is what an adapter built on telegraf will see.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from './telegram/index.ts';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const ALICE = { id: 1001, first_name: 'Alice', username: 'alice', language_code: 'fr' };
const BOB = { id: 1002, first_name: 'Bob' };
const GROUP = { id: -4001, title: 'Citizens of Lyon' };

const open: FakeTelegram[] = [];
const servers: Server[] = [];

async function fake(options: FakeTelegramOptions = {}): Promise<{ tg: FakeTelegram; bot: Telegraf }> {
  const tg = await startFakeTelegram(options);
  open.push(tg);
  return { tg, bot: new Telegraf(tg.token, { telegram: { apiRoot: tg.url } }) };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
});

/** The TelegramError telegraf throws for a failed call. */
async function apiError(call: Promise<unknown>): Promise<TelegramError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TelegramError)) throw new Error(`expected a TelegramError, got ${String(error)}`);
  return error;
}

describe('protocol envelope', () => {
  it('answers getMe and keeps the {ok,result} envelope', async () => {
    const { tg, bot } = await fake({ botUsername: 'spiral_bot' });
    const me = await bot.telegram.getMe();
    expect(me).toMatchObject({ id: tg.bot.id, is_bot: true, username: 'spiral_bot', can_read_all_group_messages: false });
    const raw = (await (await fetch(`${tg.url}/bot${tg.token}/getme?x=1`)).json()) as Record<string, unknown>;
    expect(raw.ok).toBe(true);
    expect(raw.result).toMatchObject({ username: 'spiral_bot' });
  });

  it('rejects a wrong token with 401 and an unknown method with 404', async () => {
    const { tg } = await fake();
    const stranger = new Telegraf('123:wrong', { telegram: { apiRoot: tg.url } });
    const unauthorized = await apiError(stranger.telegram.getMe());
    expect(unauthorized.response).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const res = await fetch(`${tg.url}/bot${tg.token}/sendTelepathy`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('reads urlencoded bodies like JSON ones', async () => {
    const { tg } = await fake();
    tg.addUser(ALICE);
    const res = await fetch(`${tg.url}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(ALICE.id), text: 'form', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }) }),
    });
    expect(res.status).toBe(200);
    expect(tg.lastMessage(ALICE.id)).toMatchObject({ text: 'form', buttons: [[{ text: 'Go', data: 'go' }]] });
  });
});

describe('sending and validation', () => {
  it('records sent messages with parse_mode, entities and inline keyboard', async () => {
    const { tg, bot } = await fake();
    tg.addUser(ALICE);
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'q1:yes' }, { text: 'No', callback_data: 'q1:no' }]] };
    const sent = await bot.telegram.sendMessage(ALICE.id, '<b>Question 1 of 3</b> &amp; more', { parse_mode: 'HTML', reply_markup: keyboard });
    expect(sent.text).toBe('Question 1 of 3 & more');
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 15 }]);
    const [stored] = tg.messages(ALICE.id);
    expect(stored).toMatchObject({ message_id: sent.message_id, text: 'Question 1 of 3 & more', raw_text: '<b>Question 1 of 3</b> &amp; more', parse_mode: 'HTML', reply_markup: keyboard });
    expect(stored?.buttons).toEqual([[{ text: 'Yes', data: 'q1:yes' }, { text: 'No', data: 'q1:no' }]]);
  });

  it('answers chat not found for a chat the bot never met', async () => {
    const { bot } = await fake();
    const error = await apiError(bot.telegram.sendMessage(424242, 'hello'));
    expect(error.code).toBe(400);
    expect(error.description).toBe('Bad Request: chat not found');
  });

  it('rejects texts like Telegram: empty, too long in UTF-16 units after parsing', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    expect((await apiError(bot.telegram.sendMessage(ALICE.id, '   '))).description).toBe('Bad Request: message text is empty');
    expect((await apiError(bot.telegram.sendMessage(ALICE.id, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    // 2049 emoji are 4098 UTF-16 units.
    expect((await apiError(bot.telegram.sendMessage(ALICE.id, '🌍'.repeat(2049)))).description).toBe('Bad Request: message is too long');
    // Markup does not count: 4096 visible characters wrapped in tags are fine.
    const ok = await bot.telegram.sendMessage(ALICE.id, `<b>${'x'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(ok.text?.length).toBe(4096);
  });

  it('rejects bad HTML and MarkdownV2 with TDLib wording, accepts lone ampersands', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    const html = (text: string) => apiError(bot.telegram.sendMessage(ALICE.id, text, { parse_mode: 'HTML' }));
    expect((await html('<b>bold')).description).toBe("Bad Request: can't parse entities: Can't find end tag corresponding to start tag b");
    expect((await html('<blink>x</blink>')).description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0');
    expect((await html('1 < 2')).description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
    expect((await html('<b>x</i>')).description).toBe('Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    const amp = await bot.telegram.sendMessage(ALICE.id, 'Tom & Jerry', { parse_mode: 'HTML' });
    expect(amp.text).toBe('Tom & Jerry');
    const md = await apiError(bot.telegram.sendMessage(ALICE.id, 'Step 1. Done!', { parse_mode: 'MarkdownV2' }));
    expect(md.description).toBe("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
    const unclosed = await apiError(bot.telegram.sendMessage(ALICE.id, '*bold', { parse_mode: 'MarkdownV2' }));
    expect(unclosed.description).toBe("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0");
    const escaped = await bot.telegram.sendMessage(ALICE.id, '*Step 1\\.* Done\\!', { parse_mode: 'MarkdownV2' });
    expect(escaped.text).toBe('Step 1. Done!');
    expect(escaped.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
  });

  it('validates reply markup: JSON, shape, callback_data size', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    const send = (reply_markup: unknown) => apiError(bot.telegram.callApi('sendMessage', { chat_id: ALICE.id, text: 'hi', reply_markup } as never));
    expect((await send('{not json')).description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
    expect((await send({ inline_keyboard: [{ text: 'a', callback_data: 'a' }] })).description).toBe(
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    );
    expect((await send({ inline_keyboard: [[{ text: 'a', callback_data: 'é'.repeat(33) }]] })).description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await send({ inline_keyboard: [[{ text: 'plain' }]] })).description).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    const ok = await bot.telegram.sendMessage(ALICE.id, 'fits', { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'x'.repeat(64) }]] } });
    expect(ok.message_id).toBeGreaterThan(0);
  });

  it('edits, refuses no-op edits and unknown messages, deletes', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    const keyboard = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const m = await bot.telegram.sendMessage(ALICE.id, 'Pick one', { reply_markup: keyboard });
    const same = await apiError(bot.telegram.editMessageText(ALICE.id, m.message_id, undefined, 'Pick one', { reply_markup: keyboard }));
    expect(same.description).toMatch(/^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/);
    await bot.telegram.editMessageText(ALICE.id, m.message_id, undefined, 'Picked: A');
    const edited = tg.messages(ALICE.id)[0];
    expect(edited).toMatchObject({ text: 'Picked: A', buttons: [] });
    expect(edited?.reply_markup).toBeUndefined();
    expect(edited?.edits.map((e) => e.previous.text)).toEqual(['Pick one']);
    const missing = await apiError(bot.telegram.editMessageText(ALICE.id, 9999, undefined, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
    await bot.telegram.editMessageReplyMarkup(ALICE.id, m.message_id, undefined, keyboard);
    expect(tg.messages(ALICE.id)[0]?.buttons).toEqual([[{ text: 'A', data: 'a' }]]);
    expect(await bot.telegram.deleteMessage(ALICE.id, m.message_id)).toBe(true);
    expect(tg.messages(ALICE.id)[0]?.deleted).toBe(true);
    expect((await apiError(bot.telegram.deleteMessage(ALICE.id, m.message_id))).description).toBe('Bad Request: message to delete not found');
  });

  it('uploads photos and documents as multipart and keeps size and filename', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    const photo = await bot.telegram.sendPhoto(ALICE.id, { source: PNG_1X1, filename: 'spiral.png' }, { caption: '<i>Your spiral</i>', parse_mode: 'HTML' });
    expect(photo.photo.at(-1)).toMatchObject({ width: 1, height: 1, file_size: PNG_1X1.length });
    expect(photo.caption).toBe('Your spiral');
    const csv = Buffer.from('stop,date\nLyon,2025-05-01\n');
    const doc = await bot.telegram.sendDocument(ALICE.id, { source: csv, filename: 'export.csv' });
    expect(doc.document).toMatchObject({ file_name: 'export.csv', mime_type: 'text/csv', file_size: csv.length });
    const [storedPhoto, storedDoc] = tg.messages(ALICE.id);
    expect(storedPhoto?.photo).toMatchObject({ file_size: PNG_1X1.length, file_name: 'spiral.png', source: 'upload' });
    expect(storedPhoto?.caption).toBe('Your spiral');
    expect(storedDoc?.document?.bytes?.toString()).toBe(csv.toString());
    const again = await bot.telegram.sendPhoto(ALICE.id, photo.photo.at(-1)?.file_id ?? '');
    expect(again.photo.at(-1)?.file_id).toBe(photo.photo.at(-1)?.file_id);
    const notImage = await apiError(bot.telegram.sendPhoto(ALICE.id, { source: Buffer.from('hello'), filename: 'a.png' }));
    expect(notImage.description).toBe('Bad Request: IMAGE_PROCESS_FAILED');
    const longCaption = await apiError(bot.telegram.sendPhoto(ALICE.id, { source: PNG_1X1 }, { caption: 'c'.repeat(1025) }));
    expect(longCaption.description).toBe('Bad Request: message caption is too long');
  });

  it('stores commands per language without fallback', async () => {
    const { tg, bot } = await fake();
    await bot.telegram.setMyCommands([{ command: 'start', description: 'Start' }]);
    await bot.telegram.setMyCommands([{ command: 'start', description: 'Commencer' }], { language_code: 'fr' });
    expect(await bot.telegram.getMyCommands({ language_code: 'fr' })).toEqual([{ command: 'start', description: 'Commencer' }]);
    expect(await bot.telegram.getMyCommands({ language_code: 'de' })).toEqual([]);
    expect(tg.commands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(tg.commands('fr')[0]?.description).toBe('Commencer');
    const bad = await apiError(bot.telegram.setMyCommands([{ command: 'Start-Now', description: 'x' }]));
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });

  it('records reactions and chat actions, refusing unlisted emoji', async () => {
    const { tg, bot } = await fake();
    tg.sendText(ALICE, 'my idea');
    await bot.telegram.setMessageReaction(ALICE.id, 1, [{ type: 'emoji', emoji: '👍' }]);
    expect(tg.reactions(ALICE.id)).toMatchObject([{ message_id: 1, emojis: ['👍'], is_big: false }]);
    const variant = await apiError(bot.telegram.setMessageReaction(ALICE.id, 1, [{ type: 'emoji', emoji: '❤️' as '❤' }]));
    expect(variant.description).toBe('Bad Request: REACTION_INVALID');
    const missing = await apiError(bot.telegram.setMessageReaction(ALICE.id, 77, [{ type: 'emoji', emoji: '👍' }]));
    expect(missing.description).toBe('Bad Request: message to react not found');
    await bot.telegram.sendChatAction(ALICE.id, 'typing');
    expect(tg.chatActions(ALICE.id).map((a) => a.action)).toEqual(['typing']);
  });

  it('refuses to answer unknown or already answered callback queries', async () => {
    const { tg, bot } = await fake();
    tg.addUser(ALICE);
    const m = await bot.telegram.sendMessage(ALICE.id, 'Q', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    tg.pressButton(ALICE, m.message_id, 'a');
    const [query] = tg.callbackQueries();
    expect(await bot.telegram.answerCbQuery(query?.id ?? '', 'Saved')).toBe(true);
    const twice = await apiError(bot.telegram.answerCbQuery(query?.id ?? ''));
    expect(twice.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect(tg.answeredCallbacks()).toMatchObject([{ data: 'a', answer: { text: 'Saved' } }]);
    expect(() => tg.pressButton(ALICE, m.message_id, 'b')).toThrow(/no button with callback_data "b"/);
    expect(tg.pressButton(ALICE, m.message_id, 'forged', { forge: true })).toBeGreaterThan(0);
  });
});

describe('limits, failures and blocked users', () => {
  // The limit tests stop the limiter's clock: on a busy machine a bucket would otherwise refill
  // between two calls, and the call meant to be refused would go through.
  it('answers 429 with an integer retry_after past the private-chat burst', async () => {
    const { tg, bot } = await fake({ limits: { privateBurst: 3, clock: () => 0 } });
    tg.addUser(ALICE);
    for (let i = 0; i < 3; i++) await bot.telegram.sendMessage(ALICE.id, `m${i}`);
    const error = await apiError(bot.telegram.sendMessage(ALICE.id, 'one too many'));
    expect(error.response).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    expect(tg.messages(ALICE.id)).toHaveLength(3);
    expect(tg.counters().tooManyRequests).toBe(1);
  });

  it('scales limits: shorter fractional retry_after, then sending works again', async () => {
    let now = 0;
    const { tg, bot } = await fake({ limits: { scale: 20, privateBurst: 1, clock: () => now } });
    tg.addUser(ALICE);
    await bot.telegram.sendMessage(ALICE.id, 'first');
    const error = await apiError(bot.telegram.sendMessage(ALICE.id, 'second'));
    const retryAfter = error.parameters?.retry_after ?? 0;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(0.05);
    // Waiting exactly what Telegram asked for is enough.
    now += retryAfter * 1000;
    expect((await bot.telegram.sendMessage(ALICE.id, 'second')).text).toBe('second');
  });

  it('limits groups to 20 messages per (scaled) minute, and can be switched off', async () => {
    const { tg, bot } = await fake({ limits: { scale: 60, clock: () => 0 }, privacyMode: false });
    tg.sendText(ALICE, 'hello all', { chat: GROUP });
    for (let i = 0; i < 20; i++) await bot.telegram.sendMessage(GROUP.id, `stop ${i}`);
    expect((await apiError(bot.telegram.sendMessage(GROUP.id, 'stop 21'))).code).toBe(429);
    tg.setLimits(false);
    for (let i = 0; i < 40; i++) await bot.telegram.sendMessage(GROUP.id, `unlimited ${i}`);
    expect(tg.messages(GROUP.id)).toHaveLength(60);
  });

  it('injects 429 storms, 5xx and connection resets', async () => {
    const { tg, bot } = await fake({ limits: false });
    tg.addUser(ALICE);
    tg.failNext(2, { code: 429, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const e = await apiError(bot.telegram.sendMessage(ALICE.id, 'storm'));
      expect(e.parameters).toEqual({ retry_after: 3 });
    }
    expect((await bot.telegram.sendMessage(ALICE.id, 'calm')).text).toBe('calm');
    tg.failNext(1, { code: 502 });
    const gateway = await apiError(bot.telegram.sendMessage(ALICE.id, 'x'));
    expect(gateway.code).toBe(502);
    tg.failNext(1, { code: 'reset', methods: ['sendMessage'] });
    await expect(bot.telegram.sendMessage(ALICE.id, 'lost')).rejects.toThrow(/socket hang up|ECONNRESET/);
    // afterExecute: Telegram delivered the message but the answer never arrived.
    tg.failNext(1, { code: 'reset', afterExecute: true });
    await expect(bot.telegram.sendMessage(ALICE.id, 'delivered anyway')).rejects.toThrow();
    expect(tg.messages(ALICE.id).map((m) => m.text)).toEqual(['calm', 'delivered anyway']);
    const counters = tg.counters();
    expect(counters.tooManyRequests).toBe(2);
    expect(counters.injected).toBe(5);
    expect(tg.calls('sendMessage').filter((c) => c.injected)).toHaveLength(5);
  });

  it('answers 403 for blocked users and reports the block as my_chat_member', async () => {
    const { tg, bot } = await fake();
    tg.addUser(BOB);
    const updateId = tg.blockUser(BOB);
    expect(tg.pendingUpdates().find((u) => u.update_id === updateId)).toMatchObject({
      my_chat_member: { chat: { id: BOB.id, type: 'private' }, new_chat_member: { status: 'kicked' }, old_chat_member: { status: 'member' } },
    });
    const error = await apiError(bot.telegram.sendMessage(BOB.id, 'reminder'));
    expect(error.response).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    tg.sendText(BOB, '/start');
    expect((await bot.telegram.sendMessage(BOB.id, 'welcome back')).text).toBe('welcome back');
  });
});

describe('receiving updates', () => {
  it('round-trips a text and a button press through telegraf long polling', async () => {
    const { tg, bot } = await fake({ limits: { scale: 50 } });
    bot.start(async (ctx) => {
      await ctx.reply(`Welcome ${ctx.from.first_name}, payload=${ctx.payload}`, { reply_markup: { inline_keyboard: [[{ text: 'Begin', callback_data: 'begin' }]] } });
    });
    bot.action('begin', async (ctx) => {
      await ctx.answerCbQuery('Let us go');
      await ctx.editMessageText('Question 1 of 3');
    });
    const running = bot.launch();
    const startId = tg.sendText(ALICE, '/start@together_test_bot campaign42');
    expect(tg.updates().find((u) => u.update_id === startId)).toMatchObject({
      message: { text: '/start@together_test_bot campaign42', entities: [{ type: 'bot_command', offset: 0, length: 24 }], from: { language_code: 'fr' } },
    });
    const welcome = await tg.waitFor((m) => m.text?.startsWith('Welcome') ?? false);
    expect(welcome.text).toBe('Welcome Alice, payload=campaign42');
    const mark = tg.mark();
    tg.pressButton(ALICE, welcome.message_id, 'begin');
    const edited = await tg.waitFor((m) => m.text === 'Question 1 of 3', { since: mark });
    expect(edited.message_id).toBe(welcome.message_id);
    expect(tg.answeredCallbacks()[0]?.answer).toEqual({ text: 'Let us go' });
    await tg.waitForIdle();
    bot.stop('test over');
    await running;
    expect(tg.pendingUpdates()).toEqual([]);
    expect(tg.calls().map((c) => c.method)).toEqual(expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates']));
  });

  it('implements offset confirmation, long-poll wake-up, 409 on concurrent polls, and duplicates', async () => {
    const { tg, bot } = await fake();
    const poll = (params: Record<string, unknown>) => bot.telegram.callApi('getUpdates', params as never) as Promise<Array<{ update_id: number }>>;
    const first = tg.sendText(ALICE, 'one');
    const second = tg.sendText(ALICE, 'two');
    expect((await poll({})).map((u) => u.update_id)).toEqual([first, second]);
    expect((await poll({ offset: second })).map((u) => u.update_id)).toEqual([second]);
    const waiting = poll({ offset: second + 1, timeout: 10 });
    // Nothing is pending once that poll has confirmed `second`: it is then waiting at the fake.
    await tg.waitForIdle();
    const started = Date.now();
    tg.sendText(ALICE, 'three');
    const woke = await waiting;
    expect(woke).toHaveLength(1);
    // Woken by the update, long before the poll's own 10 s timeout.
    expect(Date.now() - started).toBeLessThan(5000);
    const pending = poll({ offset: woke[0]!.update_id + 1, timeout: 5 });
    // The same for the second long poll (it confirms `three`): the rival surely comes after it.
    await tg.waitForIdle();
    const rival = poll({ timeout: 0 });
    const kicked = await apiError(pending);
    expect(kicked.response).toEqual({ ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    expect(await rival).toEqual([]);
    const dup = tg.injectUpdate({ message: { message_id: 50, date: 0, chat: { id: ALICE.id, type: 'private' }, text: 'dup' } });
    tg.injectUpdate({ update_id: dup, message: { message_id: 50, date: 0, chat: { id: ALICE.id, type: 'private' }, text: 'dup' } });
    expect((await poll({})).map((u) => u.update_id)).toEqual([dup, dup]);
    await poll({ offset: dup + 1, allowed_updates: ['callback_query'] });
    tg.sendText(ALICE, 'filtered out');
    expect(await poll({})).toEqual([]);
  });

  it('enforces privacy mode in groups and marks commands addressed to the bot', async () => {
    const { tg } = await fake();
    expect(() => tg.sendText(ALICE, 'just chatting', { chat: GROUP })).toThrow(/privacy mode/);
    expect(() => tg.sendText(ALICE, '/join@other_bot', { chat: GROUP })).toThrow(/privacy mode/);
    const id = tg.sendText(ALICE, '/join@together_test_bot ABC123', { chat: GROUP });
    expect(tg.updates().find((u) => u.update_id === id)).toMatchObject({
      message: { chat: { id: GROUP.id, type: 'group', title: GROUP.title }, entities: [{ type: 'bot_command', offset: 0, length: 23 }] },
    });
  });

  it('delivers to a webhook with the secret header, retries failures and blocks getUpdates', async () => {
    const { tg, bot } = await fake();
    const received: Array<{ headers: IncomingHttpHeaders; body: { update_id: number; message?: { text?: string } } }> = [];
    let failuresLeft = 1;
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
        if (failuresLeft-- > 0) {
          res.writeHead(500).end();
          return;
        }
        // Answering with a method is Telegram's "reply to the webhook" shortcut.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: 'sendMessage', chat_id: ALICE.id, text: 'via webhook reply' }));
      });
    });
    servers.push(hook);
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
    expect(await bot.telegram.setWebhook(hookUrl, { secret_token: 'S3cret_token' })).toBe(true);
    const id = tg.sendText(ALICE, 'hello webhook');
    await tg.waitForIdle();
    expect(received.map((r) => r.body.update_id)).toEqual([id, id]);
    expect(received[1]?.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_token');
    expect(received[1]?.body.message?.text).toBe('hello webhook');
    const info = await bot.telegram.getWebhookInfo();
    expect(info).toMatchObject({ url: hookUrl, pending_update_count: 0, last_error_message: 'Wrong response from the webhook: 500 Internal Server Error' });
    expect((await tg.waitFor((m) => m.text === 'via webhook reply')).chat_id).toBe(ALICE.id);
    const conflict = await apiError(bot.telegram.callApi('getUpdates', {} as never));
    expect(conflict.description).toBe("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    await bot.telegram.deleteWebhook();
    expect(await bot.telegram.callApi('getUpdates', {} as never)).toEqual([]);
  });

  it('explains a waitFor timeout with what the bot did send', async () => {
    const { tg, bot } = await fake();
    tg.addUser(ALICE);
    await bot.telegram.sendMessage(ALICE.id, 'Bonjour Alice');
    await apiError(bot.telegram.sendMessage(ALICE.id, ''));
    const error = await tg.waitFor((m) => m.text === 'Goodbye', 100).catch((e: Error) => e);
    expect(String(error)).toMatch(/timed out after 100ms/);
    expect(String(error)).toContain('"Bonjour Alice"');
    expect(String(error)).toContain('sendMessage -> 400 Bad Request: message text is empty');
  });
});
