// The fake's HTTP front: /api/<method> (auth, injected failures, tier limits, the call log and
// Slack's envelope), the upload URLs, the response_urls, and the Socket Mode upgrade.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Method } from './context.ts';
import { RateLimitedError, SlackError } from './errors.ts';
import { UPLOAD_PATH } from './methods-files.ts';
import { readParams, readUploadBytes, summarize, tokenOf, type Params } from './params.ts';
import type { ResponseUrls } from './responses.ts';
import type { SocketHub } from './socket.ts';

interface Injection {
  remaining: number;
  method?: string;
}

interface Outcome {
  status: number;
  body: Record<string, unknown>;
  retryAfter?: number;
}

export class ApiServer {
  private readonly server: Server;
  private readonly rateLimits: (Injection & { retryAfter: number })[] = [];
  private readonly failures: (Injection & { error: string })[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly methods: Record<string, Method>,
    private readonly tokens: { bot: string; app: string },
    private readonly responses: ResponseUrls,
    private readonly sockets: SocketHub,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        // A bug in the fake must not pass for a Slack answer: say so loudly.
        if (!res.headersSent) write(res, { status: 500, body: { ok: false, error: 'fake_slack_crashed', detail: e instanceof Error ? (e.stack ?? e.message) : String(e) } });
      });
    });
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if (!this.sockets.upgrade(req, socket, head)) socket.destroy();
    });
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`));
    });
  }

  rateLimitNext(count: number, retryAfter: number, method?: string): void {
    if (count > 0) this.rateLimits.push({ remaining: count, retryAfter, ...(method ? { method } : {}) });
  }

  failNext(count: number, error: string, method?: string): void {
    if (count > 0) this.failures.push({ remaining: count, error, ...(method ? { method } : {}) });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    // A Web API call without a query string, most of them, needs no URL object.
    if (raw.startsWith('/api/') && !raw.includes('?')) return this.api(decodeURIComponent(raw.slice('/api/'.length)), new URLSearchParams(), req, res);
    const url = new URL(raw, 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return this.api(decodeURIComponent(url.pathname.slice('/api/'.length)), url.searchParams, req, res);
    if (url.pathname.startsWith(UPLOAD_PATH)) return this.upload(url.pathname.slice(UPLOAD_PATH.length), req, res);
    if (await this.responses.handle(url.pathname, req, res)) return;
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
  }

  private async api(name: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let params: Params = {};
    let outcome: Outcome;
    try {
      const method = this.methods[name];
      if (!method) {
        req.resume();
        throw new SlackError('unknown_method', [], 404);
      }
      params = await readParams(req, query);
      this.authorize(method, tokenOf(req, params));
      outcome = await this.execute(name, method, params);
    } catch (e) {
      outcome = toOutcome(e, name);
    }
    this.ctx.state.logCall({
      method: name,
      params: summarize(params),
      status: outcome.status,
      at: Date.now(),
      ok: outcome.body.ok === true,
      ...(typeof outcome.body.error === 'string' ? { error: outcome.body.error } : {}),
    });
    write(res, outcome);
  }

  private authorize(method: Method, token: string | undefined): void {
    if (!token) throw new SlackError('not_authed');
    const kind = token === this.tokens.bot ? 'bot' : token === this.tokens.app ? 'app' : undefined;
    if (!kind) throw new SlackError('invalid_auth');
    if (kind !== method.token) throw new SlackError('not_allowed_token_type');
  }

  private async execute(name: string, method: Method, params: Params): Promise<Outcome> {
    const limited = take(this.rateLimits, name);
    if (limited) throw new RateLimitedError(limited.retryAfter);
    const failure = take(this.failures, name);
    if (failure) {
      // 'http_503' and the like: Slack's front answering an HTTP error instead of the JSON envelope.
      const http = /^http_(\d{3})$/.exec(failure.error);
      if (http) return { status: Number(http[1]), body: { ok: false, error: failure.error } };
      throw new SlackError(failure.error);
    }
    const wait = this.ctx.limits.method(name);
    if (wait > 0) throw new RateLimitedError(wait);
    const result = await method.handler(params, this.ctx);
    return { status: 200, body: { ok: true, ...result } };
  }

  private async upload(fileId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.ctx.state.files.get(fileId);
    const bytes = await readUploadBytes(req);
    if (!file || file.completed) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    file.bytes = bytes;
    this.ctx.state.changed();
    const text = `OK - ${bytes.length}`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets (fetch keeps them) would hold close() open.
      this.server.closeAllConnections();
    });
  }
}

/** The first pending injection for `method`, charged one use (and dropped once used up). */
function take<T extends Injection>(list: T[], method: string): T | undefined {
  const index = list.findIndex((i) => i.method === undefined || i.method === method);
  const found = list[index];
  if (found && --found.remaining <= 0) list.splice(index, 1);
  return found;
}

function toOutcome(e: unknown, method: string): Outcome {
  if (e instanceof RateLimitedError) return { status: 429, body: { ok: false, error: 'ratelimited' }, retryAfter: e.retryAfter };
  if (e instanceof SlackError) {
    return {
      status: e.httpStatus,
      body: { ok: false, error: e.error, ...(e.error === 'unknown_method' ? { req_method: method } : {}), ...(e.messages.length > 0 ? { response_metadata: { messages: e.messages } } : {}) },
    };
  }
  throw e;
}

function write(res: ServerResponse, outcome: Outcome): void {
  const payload = JSON.stringify(outcome.body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) };
  if (outcome.retryAfter !== undefined) headers['retry-after'] = String(outcome.retryAfter);
  res.writeHead(outcome.status, headers);
  res.end(payload);
}
