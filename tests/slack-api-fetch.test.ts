// The adapter's own Web API calls (adapters/slack/web-api.ts) and the HTTP under them and under
// the WebClient's uploads (adapters/slack/api-fetch.ts): the bodies Slack takes, kept-alive
// connections, and the failures the outbox tells apart.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { apiFetch, MAX_CONNECTIONS } from '../adapters/slack/api-fetch.ts';
import { boltLogger } from '../adapters/slack/bolt-logger.ts';
import { slackError, toDeliveryError } from '../adapters/slack/errors.ts';
import { startFailure } from '../adapters/slack/start-error.ts';
import { SlackApi } from '../adapters/slack/web-api.ts';
import { silentLogger } from '../src/log/logger.ts';

interface Seen {
  method: string;
  url: string;
  type: string;
  auth: string;
  body: string;
}

type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};

const servers: Server[] = [];
const clients: ReturnType<typeof apiFetch>[] = [];

/** A local Web API that records what it got and answers with `answer`; counts TCP connections. */
async function api(answer: Answer): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'] ?? '', auth: req.headers.authorization ?? '', body });
      answer(req, res, body);
    });
  });
  servers.push(server);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, seen, connections: () => connections };
}

function lean(): ReturnType<typeof apiFetch> {
  const http = apiFetch();
  clients.push(http);
  return http;
}

function client(url: string, timeout = 5000): webApi.WebClient {
  return new webApi.WebClient('xoxb-test', { slackApiUrl: url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout, fetch: lean().fetch, logger: boltLogger(silentLogger()) });
}

afterEach(async () => {
  for (const http of clients.splice(0)) http.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function slackApi(url: string, timeout = 5000): SlackApi {
  return new SlackApi(url, 'xoxb-test', lean(), timeout);
}

describe('the adapter\'s Web API calls', () => {
  it('posts chat.postMessage as JSON with the bot token and a form to methods that take no JSON, over kept-alive connections', async () => {
    const local = await api((req, res) => json(res, 200, req.url?.endsWith('users.info') ? { ok: true, user: { id: 'U1', locale: 'fr-FR' } } : { ok: true, channel: 'D1', ts: '1700000000.000100' }));
    const web = slackApi(local.url.slice(0, -1));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'a &amp; b' } }];
    const posted = await web.call('chat.postMessage', { channel: 'D1', text: 'a & b', blocks, unfurl_links: false, thread_ts: undefined });
    const person = await web.call('users.info', { user: 'U1', include_locale: true });
    expect(posted).toMatchObject({ ok: true, channel: 'D1', ts: '1700000000.000100' });
    expect(person).toMatchObject({ user: { locale: 'fr-FR' } });
    expect(local.seen[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', type: 'application/json; charset=utf-8', auth: 'Bearer xoxb-test' });
    expect(JSON.parse(local.seen[0]!.body)).toEqual({ channel: 'D1', text: 'a & b', blocks, unfurl_links: false });
    expect(local.seen[1]).toMatchObject({ url: '/api/users.info', type: 'application/x-www-form-urlencoded', auth: 'Bearer xoxb-test' });
    expect(Object.fromEntries(new URLSearchParams(local.seen[1]!.body))).toEqual({ user: 'U1', include_locale: 'true' });
    // undici hands a connection back one event-loop turn after its answer, so a call made at
    // once after another may open a second one; later calls reuse them rather than open more.
    for (let i = 0; i < 6; i++) await web.call('users.info', { user: 'U1' });
    expect(local.seen).toHaveLength(8);
    expect(local.connections()).toBeLessThanOrEqual(2);
  });

  it('an answer the caller does not read is not parsed when it starts as a success, and still fails as any other', async () => {
    const answers = ['{"ok":true,"channel":"D1","ts":"1.2","message":{"text":"x"}}', '{"ok":false,"error":"account_inactive"}', '{ "ok": true }'];
    const local = await api((_q, res) => {
      const body = answers.shift()!;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    const web = slackApi(local.url);
    expect(await web.call('chat.postMessage', { channel: 'D1', text: 'x' }, { read: false })).toEqual({ ok: true });
    const inactive = await web.call('chat.postMessage', { channel: 'D1', text: 'x' }, { read: false }).then(() => undefined, (e: unknown) => e);
    expect(toDeliveryError(inactive).failure).toBe('blocked');
    // Another way to write success is parsed, and is one.
    expect(await web.call('chat.postMessage', { channel: 'D1', text: 'x' }, { read: false })).toEqual({ ok: true });
  });

  it('many calls at once share a bounded number of connections, and every one is answered', async () => {
    const local = await api((_q, res) => setTimeout(() => json(res, 200, { ok: true }), 5));
    const web = slackApi(local.url);
    const answers = await Promise.all(Array.from({ length: 3 * MAX_CONNECTIONS }, (_, i) => web.call('chat.postMessage', { channel: `D${i}`, text: 'x' })));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(local.seen).toHaveLength(3 * MAX_CONNECTIONS);
    expect(local.connections()).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });

  it('fails as the WebClient does: a 429 is handed back with its Retry-After and not sent again, Slack\'s errors are mapped', async () => {
    const answers: Answer[] = [
      (_q, res) => json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' }),
      (_q, res) => json(res, 200, { ok: false, error: 'account_inactive' }),
      (_q, res) => json(res, 200, { ok: false, error: 'invalid_blocks' }),
      (_q, res) => json(res, 503, { ok: false }),
      (_q, res) => json(res, 429, { ok: false, error: 'ratelimited' }),
      (_q, res) => void res.end('<html>'),
    ];
    const local = await api((req, res, body) => answers.shift()!(req, res, body));
    const web = slackApi(local.url);
    const errors: unknown[] = [];
    for (let i = 0; i < 6; i++) errors.push(await web.call('chat.postMessage', { channel: 'D1', text: 'x' }).then(() => undefined, (e: unknown) => e));
    const failures = errors.map((e) => toDeliveryError(e));
    expect(failures.map((f) => f.failure)).toEqual(['rate_limited', 'blocked', 'rejected', 'transient', 'transient', 'transient']);
    expect(failures[0]!.retryAfterMs).toBe(7000);
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      'slack_webapi_rate_limited_error',
      'slack_webapi_platform_error',
      'slack_webapi_platform_error',
      'slack_webapi_http_error',
      undefined,
      'slack_webapi_request_error',
    ]);
    expect(slackError(errors[1])).toBe('account_inactive');
    expect(failures[2]!.message).toContain('invalid_blocks');
    // Six calls, six requests: nothing was retried behind the outbox's back.
    expect(local.seen).toHaveLength(6);
  });

  it('a call with no answer in time, or no Web API at the address, is a transient failure; a refused token stops the start', async () => {
    const local = await api(() => {});
    const late = await slackApi(local.url, 100).call('chat.postMessage', { channel: 'D1', text: 'x' }).then(() => undefined, (e: unknown) => e as { code?: string });
    expect(late?.code).toBe('slack_webapi_request_error');
    expect(toDeliveryError(late).failure).toBe('transient');
    const closed = await api(() => {});
    const port = new URL(closed.url).port;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const gone = await slackApi(`http://127.0.0.1:${port}/api/`).call('auth.test').then(() => undefined, (e: unknown) => e);
    expect(toDeliveryError(gone).failure).toBe('transient');
    expect(startFailure(gone, 'auth.test', 'SLACK_BOT_TOKEN', 'http://x/api/').message).toMatch(/could not reach SLACK_API_URL/);
    const refusing = await api((_q, res) => json(res, 200, { ok: false, error: 'invalid_auth' }));
    const refused = await slackApi(refusing.url).call('auth.test').then(() => undefined, (e: unknown) => e);
    expect(startFailure(refused, 'auth.test', 'SLACK_BOT_TOKEN', refusing.url).message).toMatch(/SLACK_BOT_TOKEN was refused by Slack at auth.test \(invalid_auth\)/);
  });
});

describe('Slack Web API calls over kept-alive connections', () => {
  it('posts the form the WebClient builds, with its token, and gives back the answer; calls share one connection', async () => {
    const local = await api((_req, res) => json(res, 200, { ok: true, channel: 'D1', ts: '1700000000.000100' }));
    const web = client(local.url);
    const first = await web.chat.postMessage({ channel: 'D1', text: 'a & b', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a &amp; b' } }] });
    await web.chat.postMessage({ channel: 'D1', text: 'again' });
    expect(first).toMatchObject({ ok: true, channel: 'D1', ts: '1700000000.000100' });
    expect(local.seen).toHaveLength(2);
    expect(local.seen[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', type: 'application/x-www-form-urlencoded', auth: 'Bearer xoxb-test' });
    const form = new URLSearchParams(local.seen[0]!.body);
    expect(form.get('text')).toBe('a & b');
    expect(JSON.parse(form.get('blocks')!)).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'a &amp; b' } }]);
    expect(local.connections()).toBe(1);
  });

  it('a Slack error, a 429 with Retry-After and an HTTP 503 reach the outbox as rejected, rate limited and transient', async () => {
    const answers: Answer[] = [
      (_q, res) => json(res, 200, { ok: false, error: 'invalid_blocks' }),
      (_q, res) => json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' }),
      (_q, res) => json(res, 503, { ok: false }),
    ];
    const local = await api((req, res, body) => answers.shift()!(req, res, body));
    const web = client(local.url);
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await web.chat.postMessage({ channel: 'D1', text: 'x' }).then(() => undefined, (e: unknown) => toDeliveryError(e)));
    expect(failures.map((f) => f?.failure)).toEqual(['rejected', 'rate_limited', 'transient']);
    expect(failures[0]!.message).toContain('invalid_blocks');
    expect(failures[1]!.retryAfterMs).toBe(7000);
    expect(local.seen).toHaveLength(3);
  });

  it('a Web API that does not answer in time, or cannot be reached, is a transient failure', async () => {
    const local = await api(() => {});
    const slow = client(local.url, 100);
    const late = await slow.chat.postMessage({ channel: 'D1', text: 'x' }).then(() => undefined, (e: unknown) => e as { code?: string });
    expect(late?.code).toBe('slack_webapi_request_error');
    expect(toDeliveryError(late).failure).toBe('transient');
    const closed = await api(() => {});
    const port = new URL(closed.url).port;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const gone = await client(`http://127.0.0.1:${port}/api/`).chat.postMessage({ channel: 'D1', text: 'x' }).then(() => undefined, (e: unknown) => e as { code?: string });
    expect(gone?.code).toBe('slack_webapi_request_error');
    expect(toDeliveryError(gone).failure).toBe('transient');
  });

  it('a body that is not a form string (a file upload) goes through the global fetch', async () => {
    const local = await api((_req, res) => json(res, 200, { ok: true }));
    const http = lean();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'chart.png');
    const answer = await http.fetch(`${local.url}files.upload`, { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    expect(local.seen[0]!.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(local.seen[0]!.body).toContain('filename="chart.png"');
  });
});
