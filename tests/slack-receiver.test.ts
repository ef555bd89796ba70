// HTTP mode's receiver (adapters/slack/http-receiver.ts) on its own, with a stand-in for bolt's
// App: what reaches the app, and what Slack (or anyone else) gets back.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, ReceiverEvent } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { boltLogger } from '../adapters/slack/bolt-logger.ts';
import { SignedHttpReceiver } from '../adapters/slack/http-receiver.ts';
import { signatureHeaders } from './fakes/slack/signing.ts';
import { silentLogger } from '../src/log/logger.ts';

const SECRET = 'receiver-test-secret';
const now = () => Math.floor(Date.now() / 1000);

type Handler = (event: ReceiverEvent) => Promise<void>;
const receivers: SignedHttpReceiver[] = [];

type Direct = (body: Record<string, unknown>) => Promise<unknown> | undefined;

async function start(handler: Handler, o: { unhandledMs?: number; bodyLimit?: number; direct?: Direct } = {}): Promise<{ url: string; seen: ReceiverEvent[]; server: Server }> {
  const seen: ReceiverEvent[] = [];
  const receiver = new SignedHttpReceiver({
    signingSecret: SECRET,
    path: '/slack/events',
    logger: boltLogger(silentLogger()),
    bodyLimit: o.bodyLimit ?? 1024 * 1024,
    unhandledMs: o.unhandledMs ?? 2900,
    ...(o.direct ? { direct: o.direct } : {}),
  });
  receiver.init({
    processEvent: async (event: ReceiverEvent) => {
      seen.push(event);
      await handler(event);
    },
  } as unknown as App);
  const server = await receiver.start(0);
  receivers.push(receiver);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, seen, server };
}

async function post(url: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  return { status: res.status, body: await res.text() };
}

const signed = (body: string, type = 'application/json', at = now()): Record<string, string> => ({ 'content-type': type, ...signatureHeaders(SECRET, body, at) });
const ackNow: Handler = async (event) => event.ack();

afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

describe('the Slack HTTP receiver', () => {
  const event = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'message', text: 'hello' } });

  it('hands a signed request to the app and answers 200 once the app is done with it', async () => {
    let release!: () => void;
    const { url, seen } = await start(async (e) => {
      await e.ack();
      await new Promise<void>((resolve) => (release = resolve));
    });
    let answered = false;
    const answer = post(url, event, signed(event)).then((a) => ((answered = true), a));
    await expect.poll(() => seen.length).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    expect((await answer).status).toBe(200);
    expect(seen[0]!.body).toMatchObject({ event_id: 'Ev1', event: { text: 'hello' } });
    expect(seen[0]!.retryNum).toBeUndefined();
  });

  it('refuses forged, unsigned, stale and future-dated requests with 401; none reaches the app', async () => {
    const { url, seen } = await start(ackNow);
    const right = signed(event);
    const cases: Record<string, string>[] = [
      { ...right, 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      { ...right, 'x-slack-signature': right['x-slack-signature']!.slice(0, -1) },
      { ...right, 'x-slack-signature': right['x-slack-signature']!.replace('v0=', 'v1=') },
      { 'content-type': 'application/json' },
      { ...right, 'x-slack-request-timestamp': 'soon' },
      signed(event, 'application/json', now() - 6 * 60),
      signed(event, 'application/json', now() + 6 * 60),
    ];
    for (const headers of cases) expect((await post(url, event, headers)).status).toBe(401);
    // The signature of another body does not carry over.
    expect((await post(url, event.replace('hello', 'hellO'), right)).status).toBe(401);
    expect(seen).toEqual([]);
    // Within the window, either way, is taken.
    expect((await post(url, event, signed(event, 'application/json', now() - 4 * 60))).status).toBe(200);
    expect((await post(url, event, signed(event, 'application/json', now() + 4 * 60))).status).toBe(200);
  });

  it('answers 404 off its path or method, 413 over the body limit, 400 to a body that is no Slack request', async () => {
    const { url, seen } = await start(ackNow, { bodyLimit: 2000 });
    expect((await post(url.replace('/slack/events', '/other'), event, signed(event))).status).toBe(404);
    expect((await post(url, '', {}, 'GET')).status).toBe(404);
    const huge = JSON.stringify({ type: 'event_callback', event: { type: 'message', text: 'x'.repeat(5000) } });
    expect((await post(url, huge, signed(huge))).status).toBe(413);
    for (const [type, body] of [
      ['application/json', 'not json'],
      ['application/json', '[]'],
      ['application/json', '"text"'],
      ['application/json', '{"type":"event_callback"}'],
      ['application/x-www-form-urlencoded', 'payload=%7Bnot-json'],
      ['text/plain', 'hello'],
    ] as const) {
      expect((await post(url, body, signed(body, type))).status, `${type} ${body}`).toBe(400);
    }
    expect(seen).toEqual([]);
  });

  it('answers url_verification and ssl_check itself', async () => {
    const { url, seen } = await start(ackNow);
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'c-123' });
    const answer = await post(url, challenge, signed(challenge));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: 'c-123' });
    expect((await post(url, 'ssl_check=1&token=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    expect(seen).toEqual([]);
  });

  it('reads slash commands and interactivity forms, passes Slack\'s retry headers, and answers with what was acknowledged', async () => {
    const { url, seen } = await start(async (e) => {
      await e.ack(e.body.command ? { response_type: 'ephemeral', text: 'noted' } : undefined);
      await e.ack('a second ack changes nothing');
    });
    const command = 'command=%2Ftogether&text=help&user_id=U1';
    const commandAnswer = await post(url, command, { ...signed(command, 'application/x-www-form-urlencoded'), 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    expect(commandAnswer.status).toBe(200);
    expect(JSON.parse(commandAnswer.body)).toEqual({ response_type: 'ephemeral', text: 'noted' });
    const press = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ value: 'v' }] }))}`;
    const pressAnswer = await post(url, press, signed(press, 'application/x-www-form-urlencoded'));
    expect(pressAnswer).toEqual({ status: 200, body: '' });
    expect(seen.map((e) => e.body)).toEqual([{ command: '/together', text: 'help', user_id: 'U1' }, { type: 'block_actions', actions: [{ value: 'v' }] }]);
    expect(seen[0]).toMatchObject({ retryNum: 2, retryReason: 'http_timeout' });
  });

  it('an event taken directly skips the app and is answered 200 once its handling settles; other requests still reach the app', async () => {
    const direct: Record<string, unknown>[] = [];
    let release!: () => void;
    const { url, seen } = await start(ackNow, {
      direct: (body) => {
        if ((body.event as { type?: string } | undefined)?.type !== 'message') return undefined;
        direct.push(body);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    let answered = false;
    const answer = post(url, event, signed(event)).then((a) => ((answered = true), a));
    await expect.poll(() => direct.length).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    expect((await answer).status).toBe(200);
    const mention = JSON.stringify({ type: 'event_callback', event_id: 'Ev2', event: { type: 'app_mention' } });
    expect((await post(url, mention, signed(mention))).status).toBe(200);
    // Forged requests never reach the direct path either.
    expect((await post(url, event, { ...signed(event), 'x-slack-signature': `v0=${'1'.repeat(64)}` })).status).toBe(401);
    expect(direct.map((b) => b.event_id)).toEqual(['Ev1']);
    expect(seen.map((e) => e.body.event_id)).toEqual(['Ev2']);
  });

  it('keeps an idle connection open longer than the usual proxies do, so it is never closed under a request being sent', async () => {
    const { server } = await start(ackNow);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('answers 404 to a request nobody acknowledges in time, and 500 when the app fails', async () => {
    const quiet = await start(async () => {}, { unhandledMs: 100 });
    expect((await post(quiet.url, event, signed(event))).status).toBe(404);
    const failing = await start(async () => {
      throw new Error('listener broke');
    });
    expect((await post(failing.url, event, signed(event))).status).toBe(500);
  });
});
