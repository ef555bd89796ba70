// Posting to the app's Request URL as Slack does: one signed POST per event, command or action,
// measured until the app answers. Slack itself stops waiting after 3 seconds and retries later;
// the fake waits longer (the test asserts on `ms`) and leaves retries to resend().
import { request } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { Ack } from './types.ts';

export interface HttpRequestSpec {
  url: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** The Request URL as node:http takes it, parsed once (the benchmark posts thousands of events to one URL). */
const targets = new Map<string, { hostname: string; port: string; path: string }>();
function target(url: string): { hostname: string; port: string; path: string } {
  let found = targets.get(url);
  if (!found) {
    const u = new URL(url);
    targets.set(url, (found = { hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}` }));
  }
  return found;
}

/** Posts over a new connection per request. */
export function postToApp(spec: HttpRequestSpec, timeoutMs: number): Promise<Ack> {
  const started = Date.now();
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : spec.body;
  return new Promise<Ack>((resolve) => {
    const done = (status: number, text: string): void => resolve({ status, body: text, ms: Date.now() - started });
    const req = request(
      { ...target(spec.url), method: 'POST', headers: { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...spec.headers, 'content-length': String(body.length) }, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => done(0, e.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (e) => done(0, e.message));
    req.end(body);
  });
}

/**
 * Kept-alive connections to the app (benchmarks: what a proxy or tunnel in front of the bot
 * does), as many as there are requests in flight. Sent through undici's callback interface: the
 * bench's people run in the same process as the fake, and node:http's client cost about twice
 * the CPU per request, taken from the cores the bot runs on. The request is the same: the same
 * method, path, headers and body, one POST per delivery, never sent again by the client.
 */
export class KeptAlive {
  readonly #pools = new Map<string, Pool>();

  post(spec: HttpRequestSpec, timeoutMs: number): Promise<Ack> {
    const { hostname, port, path } = target(spec.url);
    const origin = `http://${hostname}${port ? `:${port}` : ''}`;
    let pool = this.#pools.get(origin);
    if (!pool) this.#pools.set(origin, (pool = new Pool(origin, { connections: null, keepAliveTimeout: 60_000 })));
    const started = Date.now();
    return new Promise<Ack>((resolve) => {
      pool.dispatch(
        {
          origin,
          path,
          method: 'POST',
          headers: { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...spec.headers },
          body: spec.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        new Delivery(started, resolve),
      );
    });
  }

  close(): void {
    for (const pool of this.#pools.values()) void pool.destroy().catch(() => undefined);
    this.#pools.clear();
  }
}

/** One delivery's answer, gathered as undici hands it over. */
class Delivery implements Dispatcher.DispatchHandler {
  status = 0;
  readonly chunks: Buffer[] = [];

  constructor(
    readonly started: number,
    readonly resolve: (ack: Ack) => void,
  ) {}

  /** undici takes a handler for its current interface by this method. */
  onRequestStart(): void {}

  onResponseStart(_c: Dispatcher.DispatchController, status: number): void {
    this.status = status;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.resolve({ status: this.status, body: Buffer.concat(this.chunks).toString('utf8'), ms: Date.now() - this.started });
  }

  onResponseError(_c: Dispatcher.DispatchController, e: Error): void {
    this.resolve({ status: 0, body: e.message, ms: Date.now() - this.started });
  }
}
