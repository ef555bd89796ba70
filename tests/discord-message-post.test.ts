// The Discord adapter's own sender of plain messages (adapters/discord/message-post.ts): what it
// sends, the REST client's rate-limit rules it keeps (a known-empty bucket or a global pause is
// refused before any request, never waited out or retried), and the errors the adapter maps.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, RateLimitError, REST } from 'discord.js';
import { MessagePoster } from '../adapters/discord/message-post.ts';
import { isDmClosed, toDeliveryError } from '../adapters/discord/errors.ts';

type Answer = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('Discord message poster', () => {
  let server: Server;
  let answer: Answer;
  const seen: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let api = '';

  beforeEach(async () => {
    seen.length = 0;
    answer = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        answer(req, body, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const poster = (o: { timeoutMs?: number; rest?: REST } = {}) => new MessagePoster({ api, token: 'tok.en', timeoutMs: o.timeoutMs ?? 5000, rest: o.rest ?? new REST() });
  const caught = (p: Promise<unknown>) => p.then(() => new Error('resolved'), (e: unknown) => e);

  it('posts the JSON body to the channel route with the bot token', async () => {
    const p = poster();
    await p.post('111', { content: 'hello', nonce: 'n1', enforce_nonce: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/v10/channels/111/messages');
    expect(seen[0]!.headers.authorization).toBe('Bot tok.en');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({ content: 'hello', nonce: 'n1', enforce_nonce: true });
    p.close();
  });

  it('refuses a send into a bucket Discord said is empty, without a request; other channels go on', async () => {
    answer = (_req, _body, res) => res.writeHead(200, { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '3', 'x-ratelimit-bucket': 'h1' }).end('{}');
    const p = poster();
    await p.post('111', { content: 'a' });
    const e = await caught(p.post('111', { content: 'b' }));
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as RateLimitError).global).toBe(false);
    expect((e as RateLimitError).retryAfter).toBeGreaterThan(2000);
    expect(toDeliveryError(e).failure).toBe('rate_limited');
    expect(seen).toHaveLength(1);
    await p.post('222', { content: 'c' });
    expect(seen).toHaveLength(2);
    p.close();
  });

  it('a global 429 pauses every channel, in the REST client\'s window too', async () => {
    answer = (_req, _body, res) => res.writeHead(429, { 'retry-after': '2', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }).end('{"message":"You are being rate limited.","retry_after":1.5,"global":true}');
    const rest = new REST();
    const p = poster({ rest });
    const first = await caught(p.post('111', { content: 'a' }));
    expect(first).toBeInstanceOf(RateLimitError);
    expect((first as RateLimitError).global).toBe(true);
    expect(toDeliveryError(first).retryAfterMs).toBeGreaterThanOrEqual(2000);
    const other = await caught(p.post('222', { content: 'b' }));
    expect(other).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(1);
    expect(rest.globalRemaining).toBe(0);
    expect(rest.globalReset).toBeGreaterThan(Date.now());
    p.close();
  });

  it('counts its sends in the REST client\'s global requests per second', async () => {
    const rest = new REST({ globalRequestsPerSecond: 2 });
    const p = poster({ rest });
    await p.post('1', { content: 'a' });
    await p.post('2', { content: 'b' });
    expect(await caught(p.post('3', { content: 'c' }))).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(2);
    p.close();
  });

  it('maps Discord\'s JSON errors and 5xx as the REST client does', async () => {
    answer = (_req, _body, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Cannot send messages to this user","code":50007}');
    const p = poster();
    const closed = await caught(p.post('111', { content: 'a' }));
    expect(closed).toBeInstanceOf(DiscordAPIError);
    expect(isDmClosed(closed)).toBe(true);
    expect(toDeliveryError(closed).failure).toBe('blocked');
    answer = (_req, _body, res) => res.writeHead(502).end('bad gateway');
    const down = await caught(p.post('111', { content: 'a' }));
    expect(down).toBeInstanceOf(HTTPError);
    expect(toDeliveryError(down).failure).toBe('transient');
    p.close();
  });

  it('gives up on a request without an answer in time, as a transient failure', async () => {
    answer = () => {};
    const p = poster({ timeoutMs: 100 });
    const e = await caught(p.post('111', { content: 'a' }));
    expect(e).toBeInstanceOf(Error);
    expect(toDeliveryError(e).failure).toBe('transient');
    p.close();
  });
});
