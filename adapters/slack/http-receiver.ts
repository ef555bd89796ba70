import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { AuthorizationError, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from '@slack/bolt';

/** Slack signs every request with its time; one older or newer than this is refused (a replay). */
export const SIGNATURE_WINDOW_S = 5 * 60;

export interface SignedReceiverOptions {
  signingSecret: string;
  /** The one endpoint, for events, interactivity and slash commands alike. */
  path: string;
  logger: BoltLogger;
  /** Bodies over this many bytes get 413 (Slack's are a few kB). */
  bodyLimit: number;
  /** A request no listener acknowledged by then gets 404 (Slack gives up at 3 s). */
  unhandledMs: number;
  /**
   * Handles an event itself, without bolt's dispatch, when it returns a promise: the request is
   * answered 200 once that promise settles. undefined leaves the event to bolt.
   */
  direct?: (body: Record<string, unknown>) => Promise<unknown> | undefined;
}

type Answer = { status: number; body?: unknown };

/** How long an idle kept-alive connection stays open (see start()). */
const KEEP_ALIVE_MS = 65_000;

/**
 * HTTP mode's receiver: what bolt's HTTPReceiver does for this app, in one pass over each
 * request. Under load the per-request work around the app (raw-body, a URL object per request,
 * the string copies of the body, a signature compared through two more HMACs and random bytes)
 * cost more CPU than bolt's own dispatch; this keeps the behaviour and drops that work:
 *
 * - only POSTs to `path`; anything else is 404;
 * - a body over `bodyLimit` is 413;
 * - the signature (v0, HMAC-SHA256 of `v0:<timestamp>:<body>`) is compared in constant time,
 *   and a timestamp more than 5 minutes away from now is refused: forged, unsigned or stale
 *   requests get 401 and reach no listener;
 * - an unparsable body, or one that is not an object, is 400; `ssl_check` and
 *   `url_verification` are answered as Slack expects;
 * - the answer waits for bolt to finish with the request (bolt's `processBeforeResponse`), so
 *   the 200 of an idea comes once it is stored; a request no listener acknowledged gets 404 at
 *   `unhandledMs`; Slack's retries carry X-Slack-Retry-Num through to the listeners, whose
 *   update ids make the core process them once.
 */
export class SignedHttpReceiver implements Receiver {
  #app: App | undefined;
  #server: Server | undefined;

  constructor(private readonly options: SignedReceiverOptions) {}

  init(app: App): void {
    this.#app = app;
  }

  start(port: number): Promise<Server> {
    const server = createServer((req, res) => this.#receive(req, res));
    // Whatever sends to this endpoint over kept-alive connections (a proxy, a tunnel, Slack) may
    // reuse one that was idle a while: closing it after Node's default 5 s races with that reuse,
    // and the request sent into the closing socket fails (Slack then sees no 200). Longer than
    // the usual proxies' idle timeouts (60 s), so they close first.
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1000;
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if (req.method !== 'POST' || (query < 0 ? url : url.slice(0, query)) !== this.options.path) {
      req.resume();
      return send(res, { status: 404 });
    }
    const limit = this.options.bodyLimit;
    if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        tooLarge(req, res);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      // The listeners live as long as the request; the bytes need not.
      chunks.length = 0;
      this.#handle(req, res, raw);
    });
    req.on('error', () => res.destroy());
  }

  /**
   * Not async, on purpose: the body, its text and its parsed object are not kept alive while the
   * core works on the event (up to 200 requests in flight, each a few kB the garbage collector
   * would copy at every young-generation collection); only the promise and the response are.
   */
  #handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { logger } = this.options;
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const text = raw.toString('utf8');
    let fields: Record<string, unknown> | undefined;
    if (form) {
      fields = parseForm(text);
      // Slack's SSL check carries nothing to act on: answered without a signature, whatever else the body holds.
      if (fields.ssl_check === '1') return send(res, { status: 200 });
    }
    if (!this.#authentic(req, raw)) {
      logger.warn('slack request refused: missing, forged or stale signature');
      return send(res, { status: 401 });
    }
    let body: unknown;
    try {
      body = form ? (typeof fields!.payload === 'string' ? JSON.parse(fields!.payload) : fields) : JSON.parse(text);
    } catch {
      logger.warn('slack request refused: malformed body');
      return send(res, { status: 400 });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return send(res, { status: 400 });
    const parsed = body as Record<string, unknown>;
    if (parsed.type === 'url_verification') return send(res, { status: 200, body: { challenge: parsed.challenge } });
    if (parsed.type === 'event_callback' && (typeof parsed.event !== 'object' || parsed.event === null)) return send(res, { status: 400 });
    const direct = this.options.direct?.(parsed);
    if (!direct) return void this.#dispatch(req, res, parsed);
    direct.then(
      () => send(res, { status: 200 }),
      (e: unknown) => {
        logger.error('slack request failed', e);
        send(res, { status: 500 });
      },
    );
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const { logger } = this.options;
    let acked = false;
    let response: unknown;
    const unhandled = setTimeout(() => {
      if (acked) return;
      logger.error('a Slack request was not acknowledged in time: answered 404');
      send(res, { status: 404 });
    }, this.options.unhandledMs);
    const retry = req.headers['x-slack-retry-num'];
    const reason = req.headers['x-slack-retry-reason'];
    const event: ReceiverEvent = {
      body,
      ...(typeof retry === 'string' ? { retryNum: Number.parseInt(retry, 10) } : {}),
      ...(typeof reason === 'string' ? { retryReason: reason } : {}),
      ack: async (answer?: unknown) => {
        // A second ack changes nothing: the first answer is the one sent.
        if (acked) return;
        acked = true;
        clearTimeout(unhandled);
        response = answer;
      },
    };
    try {
      await this.#app?.processEvent(event);
      if (acked) send(res, { status: 200, body: response });
    } catch (e) {
      clearTimeout(unhandled);
      logger.error('slack request failed', e);
      send(res, { status: e instanceof AuthorizationError ? 401 : 500 });
    }
  }

  /** The v0 signature checked in constant time, and its timestamp within five minutes of now. */
  #authentic(req: IncomingMessage, raw: Buffer): boolean {
    const timestamp = req.headers['x-slack-request-timestamp'];
    const signature = req.headers['x-slack-signature'];
    if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S) return false;
    const expected = Buffer.from(`v0=${createHmac('sha256', this.options.signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`);
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  send(res, { status: 413 });
}

/** Sends once: a later answer to the same request (the 404 timer after a late ack) is dropped. */
function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.writableEnded) return;
  const { status, body } = answer;
  if (body === undefined || body === '') {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }
}
