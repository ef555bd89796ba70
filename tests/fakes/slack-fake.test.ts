// Self-test of the fake Slack, driven by Slack's own clients (@slack/web-api's WebClient,
// @slack/socket-mode's SocketModeClient, a @slack/bolt App) so that what passes here is what an
// adapter built on them will see.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient, type ActionsBlock, type Button, type SectionBlock, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './slack/index.ts';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0002';

const cleanup: (() => Promise<unknown> | unknown)[] = [];

/** WebClient logs Slack's '[ERROR] …' explanations; the tests assert on them instead. */
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fake(options: FakeSlackOptions = {}): Promise<{ slack: FakeSlack; client: WebClient }> {
  const slack = await startFakeSlack(options);
  cleanup.push(() => slack.close());
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silent });
  return { slack, client };
}

/** The error code of a failed WebClient call. */
async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if ((error as { code?: string } | undefined)?.code !== ErrorCode.PlatformError) throw new Error(`expected a platform error, got ${String(error)}`);
  return error as WebAPIPlatformError;
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, text: string, value: string): Button => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value });
const actions = (elements: Button[], blockId?: string): ActionsBlock => ({ type: 'actions', elements, ...(blockId ? { block_id: blockId } : {}) });

describe('Web API envelope and auth', () => {
  it('answers auth.test with the bot identity, and refuses missing or wrong tokens', async () => {
    const { slack, client } = await fake({ teamId: 'T0TOGETHER' });
    expect(await client.auth.test()).toMatchObject({ ok: true, team_id: 'T0TOGETHER', user_id: slack.botUserId, bot_id: slack.botId });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect((await slackError(stranger.auth.test())).data.error).toBe('invalid_auth');
    const raw = (await (await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' })).json()) as Record<string, unknown>;
    expect(raw).toEqual({ ok: false, error: 'not_authed' });
    const appLevel = new WebClient(slack.appToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect((await slackError(appLevel.auth.test())).data.error).toBe('not_allowed_token_type');
  });

  it('answers an unknown method with 404 unknown_method', async () => {
    const { slack } = await fake();
    const res = await fetch(`${slack.apiUrl}chat.telepathy`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'unknown_method', req_method: 'chat.telepathy' });
  });

  it('reads JSON bodies like form-encoded ones, and takes the token as an argument too', async () => {
    const { slack } = await fake();
    slack.addUser({ id: ALICE });
    const channel = slack.dmOf(ALICE);
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, text: 'json', blocks: [section('*json*')] }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel });
    const form = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: slack.botToken, channel, text: 'form', blocks: JSON.stringify([section('*form*')]) }),
    });
    expect(await form.json()).toMatchObject({ ok: true, channel });
    expect(slack.messages(channel).map((m) => [m.text, (m.blocks?.[0] as { text: { text: string } }).text.text])).toEqual([
      ['json', '*json*'],
      ['form', '*form*'],
    ]);
    expect(slack.calls('chat.postMessage')[1]?.params).not.toHaveProperty('token');
  });
});

describe('messages', () => {
  it('posts, updates, posts ephemerals and deletes, with increasing Slack-shaped ts', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE, name: 'alice' });
    const opened = await client.conversations.open({ users: ALICE });
    const dm = opened.channel?.id as string;
    expect(dm).toBe(slack.dmOf(ALICE));
    const first = await client.chat.postMessage({ channel: dm, text: 'Question 1', blocks: [section('Question 1'), actions([button('q1:yes', 'Yes', 'yes')])] });
    expect(first.message).toMatchObject({ user: slack.botUserId, bot_id: slack.botId, text: 'Question 1' });
    // A user id stands for the DM with that user, as Slack allows.
    const second = await client.chat.postMessage({ channel: ALICE, text: 'Question 2' });
    expect(second.channel).toBe(dm);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    await client.chat.update({ channel: dm, ts: first.ts as string, text: 'Question 1 (answered)' });
    const eph = await client.chat.postEphemeral({ channel: dm, user: ALICE, text: 'only you' });
    await client.chat.delete({ channel: dm, ts: second.ts as string });

    const [seen] = slack.messages(dm);
    expect(slack.messages(dm)).toHaveLength(1);
    expect(seen).toMatchObject({ ts: first.ts, text: 'Question 1 (answered)', edited: true, user: slack.botUserId });
    // Blocks were kept by an update without `blocks`, and carry the block_id Slack assigns.
    expect(seen?.blocks).toHaveLength(2);
    expect((seen?.blocks?.[1] as { block_id?: string }).block_id).toEqual(expect.any(String));
    expect(slack.ephemerals(dm, ALICE)).toMatchObject([{ ts: eph.message_ts, text: 'only you', to: ALICE }]);
    expect(slack.ephemerals(dm, BOB)).toEqual([]);
  });

  it('refuses what Slack refuses, with Slack error codes', async () => {
    const { slack, client } = await fake({ limits: false });
    slack.addUser({ id: ALICE });
    const dm = slack.dmOf(ALICE);
    const code = async (call: Promise<unknown>): Promise<string> => (await slackError(call)).data.error;
    expect(await code(client.apiCall('chat.postMessage', { text: 'nowhere' }))).toBe('channel_not_found');
    expect(await code(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await code(client.apiCall('chat.postMessage', { channel: dm }))).toBe('no_text');
    expect(await code(client.chat.postMessage({ channel: dm, text: 'x'.repeat(40_001) }))).toBe('msg_too_long');
    const blocks = async (b: unknown[]): Promise<WebAPIPlatformError> => slackError(client.chat.postMessage({ channel: dm, text: 'fallback', blocks: b as never }));
    expect((await blocks(Array.from({ length: 51 }, () => ({ type: 'divider' })))).data.error).toBe('invalid_blocks');
    expect((await blocks([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`, 'b', 'v')) }])).data.error).toBe('invalid_blocks');
    expect((await blocks([{ type: 'actions', elements: [button('a', 'x'.repeat(76), 'v')] }])).data.error).toBe('invalid_blocks');
    expect((await blocks([{ type: 'actions', elements: [button('a'.repeat(256), 'b', 'v')] }])).data.error).toBe('invalid_blocks');
    expect((await blocks([{ type: 'actions', elements: [button('a', 'b', 'v'.repeat(2001))] }])).data.error).toBe('invalid_blocks');
    const long = await blocks([section('ok'), section('x'.repeat(3001))]);
    expect(long.data).toMatchObject({ error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]'] } });
    // At the limits, everything passes.
    await client.chat.postMessage({ channel: dm, text: 'x'.repeat(40_000), blocks: [section('x'.repeat(3000)), actions(Array.from({ length: 25 }, (_, i) => button(`a${i}`, 'x'.repeat(75), 'v'.repeat(2000))))] });
    expect(await code(client.chat.update({ channel: dm, ts: '1700000000.000100', text: 'x' }))).toBe('message_not_found');
    expect(await code(client.chat.postEphemeral({ channel: dm, user: BOB, text: 'x' }))).toBe('user_not_in_channel');
    expect(slack.messages(dm)).toHaveLength(1);
  });

  it('knows deactivated people: users.info says deleted, their DM refuses messages, conversations.open does not find them', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE, name: 'alice', locale: 'fr-FR', tz: 'Europe/Paris' });
    const info = await client.users.info({ user: ALICE, include_locale: true });
    expect(info.user).toMatchObject({ id: ALICE, name: 'alice', deleted: false, locale: 'fr-FR', tz: 'Europe/Paris' });
    expect(typeof info.user?.tz_offset).toBe('number');
    const dm = slack.dmOf(ALICE);
    slack.deactivate(ALICE);
    expect((await client.users.info({ user: ALICE })).user?.deleted).toBe(true);
    expect((await slackError(client.chat.postMessage({ channel: dm, text: 'still there?' }))).data.error).toBe('account_inactive');
    expect((await slackError(client.conversations.open({ users: ALICE }))).data.error).toBe('user_not_found');
    expect((await slackError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
  });

  it('injects failures: Slack error codes and HTTP errors', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE });
    slack.failNext(1, 'internal_error', 'chat.postMessage');
    expect((await slackError(client.chat.postMessage({ channel: ALICE, text: 'a' }))).data.error).toBe('internal_error');
    slack.failNext(1, 'http_503');
    const http = await client.chat.postMessage({ channel: ALICE, text: 'b' }).catch((e: unknown) => e as { code: string; statusCode: number });
    expect(http).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    await client.chat.postMessage({ channel: ALICE, text: 'c' });
    expect(slack.messages(ALICE).map((m) => m.text)).toEqual(['c']);
    expect(slack.calls('chat.postMessage').map((c) => [c.status, c.error])).toEqual([
      [200, 'internal_error'],
      [503, 'http_503'],
      [200, undefined],
    ]);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After for injected limits', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE });
    slack.rateLimitNext(1, 7, 'chat.postMessage');
    const error = (await client.chat.postMessage({ channel: ALICE, text: 'a' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    const raw = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}` } });
    expect(raw.status).toBe(200);
    slack.rateLimitNext(1, 2);
    const limited = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}` } });
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, '2', { ok: false, error: 'ratelimited' }]);
    expect(slack.rateLimited()).toBe(2);
    expect(slack.messages(ALICE)).toEqual([]);
  });

  it('paces chat.postMessage per conversation: a short burst, then about one per second', async () => {
    let now = 0;
    const { slack, client } = await fake({ limits: { conversationBurst: 2, perConversationPerSecond: 1, clock: () => now } });
    slack.addUser({ id: ALICE });
    slack.addUser({ id: BOB });
    await client.chat.postMessage({ channel: ALICE, text: '1' });
    await client.chat.postMessage({ channel: ALICE, text: '2' });
    const third = (await client.chat.postMessage({ channel: ALICE, text: '3' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect([third.code, third.retryAfter]).toEqual([ErrorCode.RateLimitedError, 1]);
    // Another conversation has its own allowance.
    await client.chat.postMessage({ channel: BOB, text: 'b1' });
    now += 1000;
    await client.chat.postMessage({ channel: ALICE, text: '3' });
    expect(slack.messages(ALICE).map((m) => m.text)).toEqual(['1', '2', '3']);
    const calls = slack.calls('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([200, 200, 429, 200, 200]);
    expect(calls.every((c, i) => i === 0 || c.at >= (calls[i - 1]?.at ?? 0))).toBe(true);
  });

  it('limits per-method tiers (chat.update is Tier 3: 50 a minute)', async () => {
    let now = 0;
    const { slack, client } = await fake({ limits: { clock: () => now } });
    slack.addUser({ id: ALICE });
    const { ts } = await client.chat.postMessage({ channel: ALICE, text: 'v0' });
    for (let i = 1; i <= 50; i++) await client.chat.update({ channel: ALICE, ts: ts as string, text: `v${i}` });
    const over = (await client.chat.update({ channel: ALICE, ts: ts as string, text: 'v51' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(over.retryAfter).toBe(2);
    now += 2000;
    await client.chat.update({ channel: ALICE, ts: ts as string, text: 'v51' });
    expect(slack.messages(ALICE)[0]?.text).toBe('v51');
  });
});

describe('files and the Home tab', () => {
  it('runs the external upload flow of files.uploadV2 and shares the file into the DM', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE });
    const dm = slack.dmOf(ALICE);
    const bytes = Buffer.from('\x89PNG fake image bytes');
    await client.filesUploadV2({ channel_id: dm, file: bytes, filename: 'spiral.png', title: 'Your SPIRAL', initial_comment: 'Here it is' });
    expect(slack.uploads(dm)).toMatchObject([{ filename: 'spiral.png', title: 'Your SPIRAL', initialComment: 'Here it is' }]);
    expect(slack.uploads(dm)[0]?.bytes.equals(bytes)).toBe(true);
    expect(slack.calls().map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(slack.calls('files.getUploadURLExternal')[0]?.params).toMatchObject({ filename: 'spiral.png', length: String(bytes.length) });
    // Completing a file whose bytes never came finds nothing to share.
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: file_id as string }], channel_id: dm }))).data.error).toBe('file_not_found');
  });

  it('publishes a home view and validates its blocks', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE });
    await client.views.publish({ user_id: ALICE, view: { type: 'home', blocks: [section('Welcome home')] } });
    expect(slack.homeView(ALICE)).toMatchObject({ type: 'home', blocks: [{ type: 'section', text: { text: 'Welcome home' } }] });
    const tooMany = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect((await slackError(client.views.publish({ user_id: ALICE, view: { type: 'home', blocks: tooMany as never } }))).data.error).toBe('invalid_arguments');
    expect(slack.homeView(BOB)).toBeUndefined();
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in app: records what Slack sends and answers with `reply`. */
async function appServer(reply: (r: Received) => { status?: number; body?: string } = () => ({})): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const answer = reply(r);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received };
}

/** Slack's v0 signature check, written out independently of the fake. */
function signedBy(secret: string, r: Received): boolean {
  const timestamp = String(r.headers['x-slack-request-timestamp']);
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${r.body}`).digest('hex')}`;
  const given = String(r.headers['x-slack-signature']);
  return Math.abs(Date.now() / 1000 - Number(timestamp)) < 300 && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe('HTTP mode senders', () => {
  it('signs and posts a message.im event_callback, and resends it as a retry', async () => {
    const { slack } = await fake();
    const app = await appServer();
    slack.setRequestUrl(app.url);
    const ack = await slack.sendMessage(ALICE, 'hello bot', { eventId: 'Ev0TEST01' });
    expect(ack).toMatchObject({ status: 200, body: '', eventId: 'Ev0TEST01' });
    expect(ack.ms).toEqual(expect.any(Number));
    const [first] = app.received;
    expect(first && signedBy(slack.signingSecret, first)).toBe(true);
    expect(first?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(first?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'event_callback',
      team_id: slack.teamId,
      event_id: 'Ev0TEST01',
      event: { type: 'message', channel_type: 'im', user: ALICE, text: 'hello bot', channel: slack.dmOf(ALICE) },
    });
    const event = body.event as Record<string, string>;
    expect(event.ts).toBe(event.event_ts);
    expect(event.client_msg_id).toEqual(expect.any(String));
    expect(slack.history(slack.dmOf(ALICE))).toMatchObject([{ text: 'hello bot', user: ALICE }]);
    expect(slack.messages(slack.dmOf(ALICE))).toEqual([]);

    await slack.resend(ack);
    const retry = app.received[1];
    expect(retry?.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry && signedBy(slack.signingSecret, retry)).toBe(true);
    expect((JSON.parse(retry?.body ?? '{}') as { event_id: string }).event_id).toBe('Ev0TEST01');
  });

  it('posts a slash command form-encoded, shows its immediate answer, and serves its response_url', async () => {
    const { slack } = await fake();
    const app = await appServer(() => ({ body: JSON.stringify({ text: 'Working on it' }) }));
    slack.setRequestUrl(app.url);
    const ack = await slack.sendCommand(ALICE, '/together', 'help');
    expect(ack.status).toBe(200);
    const [req] = app.received;
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req && signedBy(slack.signingSecret, req)).toBe(true);
    const form = Object.fromEntries(new URLSearchParams(req?.body));
    expect(form).toMatchObject({ command: '/together', text: 'help', user_id: ALICE, channel_id: slack.dmOf(ALICE), channel_name: 'directmessage', team_id: slack.teamId, api_app_id: slack.appId });
    expect(form.trigger_id).toEqual(expect.any(String));
    const dm = slack.dmOf(ALICE);
    expect(slack.ephemerals(dm, ALICE).map((m) => m.text)).toEqual(['Working on it']);

    const later = await fetch(form.response_url as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'Done' }) });
    expect(later.status).toBe(200);
    expect(slack.messages(dm).map((m) => m.text)).toEqual(['Done']);
    expect(slack.calls('response_url')).toHaveLength(1);
  });

  it('posts block_actions as payload=<json> with the message and its button, and app_home_opened', async () => {
    const { slack, client } = await fake();
    slack.addUser({ id: ALICE, name: 'alice' });
    const app = await appServer();
    slack.setRequestUrl(app.url);
    const dm = slack.dmOf(ALICE);
    const { ts } = await client.chat.postMessage({ channel: dm, text: 'Q1', blocks: [section('Q1'), actions([button('answer', 'Yes', 'q1:yes')], 'q1')] });
    await slack.pressButton(ALICE, ts as string, 'answer');
    const [press] = app.received;
    expect(press && signedBy(slack.signingSecret, press)).toBe(true);
    const payload = JSON.parse(new URLSearchParams(press?.body).get('payload') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ALICE, username: 'alice', team_id: slack.teamId },
      channel: { id: dm },
      container: { type: 'message', message_ts: ts, channel_id: dm },
      message: { ts, text: 'Q1' },
      actions: [{ action_id: 'answer', block_id: 'q1', value: 'q1:yes', type: 'button', text: { type: 'plain_text', text: 'Yes' } }],
    });
    await expect(slack.pressButton(ALICE, ts as string, 'no-such-button')).rejects.toThrow(/no button/);

    // Answering through the response_url can replace the original message.
    await fetch(payload.response_url as string, { method: 'POST', body: JSON.stringify({ replace_original: true, text: 'Q1: yes' }) });
    expect(slack.messages(dm)).toMatchObject([{ ts, text: 'Q1: yes', edited: true }]);

    // Buttons on ephemerals come without the message, flagged is_ephemeral.
    const { message_ts } = await client.chat.postEphemeral({ channel: dm, user: ALICE, text: 'E', blocks: [actions([button('eph', 'Go', 'go')])] });
    await slack.pressButton(ALICE, message_ts as string, 'eph');
    const ephPayload = JSON.parse(new URLSearchParams(app.received[1]?.body).get('payload') ?? '{}') as Record<string, unknown>;
    expect(ephPayload).toMatchObject({ container: { message_ts, is_ephemeral: true }, actions: [{ action_id: 'eph', value: 'go' }] });
    expect(ephPayload).not.toHaveProperty('message');

    await slack.openHome(ALICE);
    const home = JSON.parse(app.received[2]?.body ?? '{}') as { event: Record<string, unknown> };
    expect(home.event).toMatchObject({ type: 'app_home_opened', user: ALICE, channel: dm, tab: 'home' });
  });

  it('sends raw requests as given (forged signatures are the app\'s to refuse)', async () => {
    const { slack } = await fake();
    const app = await appServer((r) => ({ status: signedBy(slack.signingSecret, r) ? 200 : 401 }));
    slack.setRequestUrl(app.url);
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'message' } });
    expect((await slack.sendRaw(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=forged' })).status).toBe(401);
    expect((await slack.sendRaw(body, { 'content-type': 'application/json', ...slack.signatureHeaders(body, Math.floor(Date.now() / 1000) - 600) })).status).toBe(401);
    expect((await slack.sendRaw(body, { 'content-type': 'application/json', ...slack.signatureHeaders(body) })).status).toBe(200);
  });
});

describe('Socket Mode', () => {
  it('opens a connection with hello, pushes an events_api envelope and receives the ack', async () => {
    const { slack } = await fake();
    const socket = new SocketModeClient({ appToken: slack.appToken, clientOptions: { slackApiUrl: slack.apiUrl }, logger: silent, clientPingTimeout: 1000 });
    cleanup.push(() => socket.disconnect());
    const seen: Record<string, unknown>[] = [];
    socket.on('message', async ({ event, ack, retry_num }: { event: Record<string, unknown>; ack: () => Promise<void>; retry_num?: number }) => {
      seen.push({ ...event, retry_num });
      await ack();
    });
    await socket.start();
    expect(slack.socketConnected()).toBe(true);
    expect(slack.calls('apps.connections.open')).toMatchObject([{ ok: true }]);

    const ack = await slack.sendMessage(ALICE, 'over the socket', { eventId: 'Ev0SOCK01' });
    expect(ack).toMatchObject({ status: 'acked', body: '', eventId: 'Ev0SOCK01' });
    expect(ack.envelopeId).toEqual(expect.any(String));
    expect(seen).toMatchObject([{ type: 'message', text: 'over the socket', user: ALICE, channel_type: 'im', retry_num: 0 }]);
    await slack.resend(ack);
    expect(seen[1]).toMatchObject({ text: 'over the socket', retry_num: 1 });
  });

  it('takes a slash command ack payload as the immediate answer, and survives a refresh', async () => {
    const { slack } = await fake();
    const socket = new SocketModeClient({ appToken: slack.appToken, clientOptions: { slackApiUrl: slack.apiUrl }, logger: silent, clientPingTimeout: 1000 });
    cleanup.push(() => socket.disconnect());
    socket.on('slash_commands', async ({ body, ack }: { body: Record<string, string>; ack: (r?: Record<string, unknown>) => Promise<void> }) => {
      await ack({ text: `You said ${body.text}` });
    });
    await socket.start();
    const ack = await slack.sendCommand(ALICE, '/together', 'hi');
    expect(ack).toMatchObject({ status: 'acked', body: JSON.stringify({ text: 'You said hi' }) });
    expect(slack.ephemerals(slack.dmOf(ALICE), ALICE).map((m) => m.text)).toEqual(['You said hi']);

    slack.dropSocket();
    await slack.waitFor(() => (slack.calls('apps.connections.open').length >= 2 && slack.socketConnected() ? true : undefined), 10_000, 'a reconnection');
    const again = await slack.sendCommand(ALICE, '/together', 'again');
    expect(again.status).toBe('acked');

    // A cut without a word: the client notices the closed socket and reconnects too.
    slack.dropSocket({ abrupt: true });
    await slack.waitFor(() => (slack.calls('apps.connections.open').length >= 3 && slack.socketConnected() ? true : undefined), 10_000, 'a second reconnection');
    expect((await slack.sendCommand(ALICE, '/together', 'third')).status).toBe('acked');
  });
});

describe('with a real Bolt app', () => {
  it('passes Bolt\'s HTTP receiver (signature, parsing) and sees its replies', async () => {
    const { slack } = await fake();
    const app = new App({ token: slack.botToken, signingSecret: slack.signingSecret, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });
    app.message(async ({ message, say }) => {
      if ('text' in message) await say(`echo: ${message.text ?? ''}`);
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    cleanup.push(() => app.stop());
    slack.setRequestUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    const ack = await slack.sendMessage(ALICE, 'ping');
    expect(ack.status).toBe(200);
    const reply = await slack.waitForMessage(slack.dmOf(ALICE), (m) => m.text === 'echo: ping');
    expect(reply.user).toBe(slack.botUserId);
    const forged = await slack.sendRaw('{"type":"event_callback"}', { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=00' });
    expect(forged.status).toBe(401);
  });

  it('serves Bolt in Socket Mode: connection, envelope, ack, reply', async () => {
    const { slack } = await fake();
    const app = new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }, logger: silent });
    app.message(async ({ message, say }) => {
      if ('text' in message) await say(`echo: ${message.text ?? ''}`);
    });
    await app.start();
    cleanup.push(() => app.stop());
    expect(slack.socketConnected()).toBe(true);
    const ack = await slack.sendMessage(ALICE, 'ping');
    expect(ack.status).toBe('acked');
    expect((await slack.waitForMessage(slack.dmOf(ALICE))).text).toBe('echo: ping');
  });
});
