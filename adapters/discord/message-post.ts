import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DefaultUserAgent, DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import { Bounded } from './people.ts';

/** Idle connections to Discord are closed after this long. */
const IDLE_MS = 30_000;
/** What @discordjs/rest adds to every reset Discord announces, so a bucket is surely refilled. */
const RESET_OFFSET_MS = 50;
const ROUTE = '/channels/:id/messages';

interface Bucket {
  remaining: number;
  resetAt: number;
  limit: number;
  hash: string;
}

/**
 * The outbox's sends (a JSON message posted to a channel: every reply but uploads and marks)
 * on node:http(s) with kept-alive connections, beside the REST client that makes every other
 * call. @discordjs/rest costs about twice the CPU per call of a plain request (its queues,
 * route hashing, abort controllers, response objects), and every reply is a call: under load it
 * was the bot's largest single cost.
 *
 * The REST client's rules are kept: never a retry (the outbox retries, so each message is sent
 * by one queue), a refusal instead of a wait when a channel's bucket is known to be empty or
 * the bot is globally limited (the outbox waits and sends again), the global requests per
 * second counted in the REST client's own window, so both share Discord's 50 a second, and the
 * same errors (RateLimitError, DiscordAPIError, HTTPError) for the adapter to map.
 */
export class MessagePoster {
  readonly #http = new HttpAgent({ keepAlive: true, timeout: IDLE_MS });
  readonly #https = new HttpsAgent({ keepAlive: true, timeout: IDLE_MS });
  /** Per channel: what Discord said of its bucket at the last answer. */
  readonly #buckets = new Bounded<Bucket>(10_000);
  readonly #headers: Record<string, string>;

  constructor(
    private readonly options: {
      /** REST root without the version. */
      api: string;
      token: string;
      timeoutMs: number;
      /** The REST client whose global window this shares. */
      rest: REST;
    },
  ) {
    this.#headers = {
      authorization: `Bot ${options.token}`,
      'user-agent': DefaultUserAgent,
      'content-type': 'application/json',
    };
  }

  /** Posts `body` to the channel; resolves once Discord created the message. */
  async post(channelId: string, body: Record<string, unknown>): Promise<void> {
    const url = `${this.options.api}/v10/channels/${channelId}/messages`;
    this.#admit(channelId, url);
    const res = await this.#send(new URL(url), JSON.stringify(body));
    this.#learn(channelId, res.headers);
    if (res.status >= 200 && res.status < 300) return;
    const data = { body, files: undefined };
    if (res.status === 429) {
      const retryAfter = Number(res.headers['retry-after'] ?? 1) * 1000 + RESET_OFFSET_MS;
      const global = res.headers['x-ratelimit-global'] !== undefined;
      if (global) this.#globalPause(retryAfter);
      throw this.#limited(channelId, url, global, retryAfter);
    }
    if (res.status >= 500) throw new HTTPError(res.status, res.statusText, 'POST', url, data);
    let raw: unknown;
    try {
      raw = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new HTTPError(res.status, res.statusText, 'POST', url, data);
    }
    const error = (typeof raw === 'object' && raw !== null ? raw : {}) as { code?: number; message?: string; error?: string };
    throw new DiscordAPIError(error as never, 'code' in error ? (error.code ?? 0) : (error.error ?? ''), res.status, 'POST', url, data);
  }

  /** Refuses a send Discord would answer 429 (an empty bucket, a global pause); counts it in the global window. */
  #admit(channelId: string, url: string): void {
    const rest = this.options.rest;
    const now = Date.now();
    if (rest.globalRemaining <= 0 && now < rest.globalReset) throw this.#limited(channelId, url, true, rest.globalReset - now);
    const bucket = this.#buckets.get(channelId);
    if (bucket && bucket.remaining <= 0 && now < bucket.resetAt) throw this.#limited(channelId, url, false, bucket.resetAt - now);
    if (!rest.globalReset || rest.globalReset < now) {
      rest.globalReset = now + 1000;
      rest.globalRemaining = rest.options.globalRequestsPerSecond;
    }
    rest.globalRemaining--;
  }

  #globalPause(ms: number): void {
    this.options.rest.globalRemaining = 0;
    this.options.rest.globalReset = Date.now() + ms;
  }

  #learn(channelId: string, headers: IncomingMessage['headers']): void {
    const remaining = headers['x-ratelimit-remaining'];
    const resetAfter = headers['x-ratelimit-reset-after'];
    if (remaining === undefined || resetAfter === undefined) return;
    this.#buckets.set(channelId, {
      remaining: Number(remaining),
      resetAt: Date.now() + Number(resetAfter) * 1000 + RESET_OFFSET_MS,
      limit: Number(headers['x-ratelimit-limit'] ?? Infinity),
      hash: String(headers['x-ratelimit-bucket'] ?? ''),
    });
  }

  #limited(channelId: string, url: string, global: boolean, ms: number): RateLimitError {
    const bucket = this.#buckets.get(channelId);
    return new RateLimitError({
      timeToReset: ms,
      retryAfter: ms,
      limit: global ? this.options.rest.options.globalRequestsPerSecond : (bucket?.limit ?? Infinity),
      method: 'POST',
      hash: bucket?.hash ?? '',
      url,
      route: ROUTE,
      majorParameter: channelId,
      global,
      sublimitTimeout: 0,
      scope: 'user',
    });
  }

  #send(url: URL, body: string): Promise<{ status: number; statusText: string; headers: IncomingMessage['headers']; body: Buffer }> {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', agent: secure ? this.#https : this.#http, headers: { ...this.#headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      // No answer in time: an error the adapter maps to "transient"; the message's nonce keeps the outbox's retry from doubling it.
      const timer = setTimeout(() => req.destroy(new Error(`POST ${url.pathname}: no answer in ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      function fail(e: Error) {
        clearTimeout(timer);
        reject(e);
      }
      req.on('error', fail);
      req.end(body);
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}
