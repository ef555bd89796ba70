// The fake's HTTP front: /api/v10/<route> (the bot token, injected failures, 429s and late or lost
// answers, Discord's buckets and headers, the call log, Discord's error bodies) and the gateway's
// WebSocket upgrade.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer, Ctx, Req, Route } from './context.ts';
import { DiscordError, methodNotAllowed, notFound, RateLimitedError, unauthorized } from './errors.ts';
import type { Gateway } from './gateway.ts';
import { bucketHash, bucketHeaders, rateLimitedAnswer, type RateLimits } from './limits.ts';
import { readBody } from './request.ts';
import { routeMatches } from './route-match.ts';

const API_PREFIX = '/api/v';

interface Injection {
  remaining: number;
  route?: string;
}

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

interface Outcome {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

export class ApiServer {
  private readonly server: Server;
  private readonly routes: Compiled[];
  private readonly rateLimits: (Injection & { retryAfterS: number; global: boolean })[] = [];
  private readonly failures: (Injection & { status: number; code: number })[] = [];
  private readonly lateAnswers: (Injection & { ms: number })[] = [];
  private readonly lostAnswers: Injection[] = [];
  /** Until when a global 429 holds every request but the exempt ones (as Discord does once it said "global"). */
  private globalUntil = 0;

  constructor(
    private readonly ctx: Ctx,
    routes: Route[],
    private readonly token: () => string,
    private readonly limits: RateLimits,
    gateway: Gateway,
  ) {
    this.routes = routes.map(compile);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // A bug in the fake must not pass for a Discord answer: say so loudly.
        if (!res.headersSent) send(res, { status: 500, headers: {}, body: { message: 'fake_discord_crashed', code: 0, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) } });
      });
    });
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if (!gateway.upgrade(req, socket, head)) socket.destroy();
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  rateLimitNext(count: number, retryAfterS: number, route?: string, global = false): void {
    if (count > 0) this.rateLimits.push({ remaining: count, retryAfterS, global, ...(route ? { route } : {}) });
  }

  answerLate(count: number, ms: number, route?: string): void {
    if (count > 0) this.lateAnswers.push({ remaining: count, ms, ...(route ? { route } : {}) });
  }

  loseAnswerNext(count: number, route?: string): void {
    if (count > 0) this.lostAnswers.push({ remaining: count, ...(route ? { route } : {}) });
  }

  failNext(count: number, status: number, code: number, route?: string): void {
    if (count > 0) this.failures.push({ remaining: count, status, code, ...(route ? { route } : {}) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!url.pathname.startsWith(API_PREFIX)) {
      req.resume();
      return send(res, { status: 404, headers: {}, body: notFound().body() });
    }
    const rest = url.pathname.slice(API_PREFIX.length);
    const slash = rest.indexOf('/');
    const version = slash < 0 ? rest : rest.slice(0, slash);
    const path = slash < 0 ? '/' : rest.slice(slash);
    if (version !== '10') {
      req.resume();
      return send(res, { status: 400, headers: {}, body: new DiscordError(400, 50041, 'Invalid API version').body() });
    }
    const found = this.find(method, path);
    let outcome: Outcome;
    let body: Record<string, unknown> = {};
    let files: string[] = [];
    let template = path;
    let late = 0;
    let lost = false;
    try {
      if (!found) {
        req.resume();
        throw this.routes.some((r) => r.pattern.test(path)) ? methodNotAllowed() : notFound();
      }
      template = found.compiled.route.template;
      if (found.compiled.route.auth !== false && !this.authorized(req)) {
        req.resume();
        throw unauthorized();
      }
      const read = await readBody(req);
      body = read.body;
      files = read.files.map((f) => f.filename);
      const r: Req = { method, path, params: found.params, query: url.searchParams, body, files: read.files };
      outcome = await this.execute(found.compiled.route, r);
      // Done on Discord's side (the message exists, the gateway told of it); only the answer is late or lost.
      late = take(this.lateAnswers, found.compiled.route, r)?.ms ?? 0;
      lost = take(this.lostAnswers, found.compiled.route, r) !== undefined;
    } catch (e) {
      outcome = toOutcome(e);
    }
    const code = (outcome.body as { code?: unknown } | undefined)?.code;
    this.ctx.state.logCall({
      method,
      route: template,
      path,
      body: files.length > 0 ? { ...body, files } : body,
      status: outcome.status,
      at: Date.now(),
      ...(typeof code === 'number' && outcome.status >= 400 ? { code } : {}),
    });
    if (lost) {
      res.socket?.destroy();
      return;
    }
    if (late > 0) await new Promise((r) => setTimeout(r, late));
    send(res, outcome);
  }

  private authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bot ${this.token()}`;
  }

  private find(method: string, path: string): { compiled: Compiled; params: Record<string, string> } | undefined {
    for (const compiled of this.routes) {
      if (compiled.route.method !== method) continue;
      const m = compiled.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      compiled.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { compiled, params };
    }
    return undefined;
  }

  private async execute(route: Route, req: Req): Promise<Outcome> {
    const interactionRoute = route.auth === false;
    const now = Date.now();
    if (!interactionRoute && now < this.globalUntil) {
      this.limits.countInjected();
      throw new RateLimitedError((this.globalUntil - now) / 1000, true);
    }
    const limited = take(this.rateLimits, route, req);
    if (limited) {
      this.limits.countInjected();
      if (limited.global) {
        this.globalUntil = now + limited.retryAfterS * 1000;
        throw new RateLimitedError(limited.retryAfterS, true);
      }
      throw new RateLimitedError(limited.retryAfterS, false, { limit: 5, hash: bucketHash(`${route.method} ${route.template}`) });
    }
    const failure = take(this.failures, route, req);
    if (failure) throw new DiscordError(failure.status, failure.code, failureMessage(failure.status, failure.code));
    const bucket = this.limitsFor(route, req, interactionRoute);
    const answer: Answer = await route.handler(req, this.ctx);
    return { status: answer.status, body: answer.body, headers: bucket ? bucketHeaders(bucket) : {} };
  }

  private limitsFor(route: Route, req: Req, exempt: boolean): ReturnType<RateLimits['take']> {
    const major = route.major ? req.params[route.major] : undefined;
    return this.limits.take(`${route.method} ${route.template}`, major, exempt);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets (undici keeps them) would hold close() open.
      this.server.closeAllConnections();
    });
  }
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
    names.push(name.replace(/\\/g, ''));
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** The first pending injection for this call, charged one use (and dropped once used up). */
function take<T extends Injection>(list: T[], route: Route, req: Req): T | undefined {
  const index = list.findIndex((i) => i.route === undefined || routeMatches(i.route, route.method, route.template, req.path));
  const found = list[index];
  if (found && --found.remaining <= 0) list.splice(index, 1);
  return found;
}

const KNOWN: Record<number, string> = {
  0: 'General error',
  10003: 'Unknown Channel',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10062: 'Unknown interaction',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50007: 'Cannot send messages to this user',
  50013: 'Missing Permissions',
  50035: 'Invalid Form Body',
};

function failureMessage(status: number, code: number): string {
  if (code === 0) return `${status}: ${status >= 500 ? 'Internal Server Error' : 'Error'}`;
  return KNOWN[code] ?? `Fake failure ${code}`;
}

function toOutcome(e: unknown): Outcome {
  if (e instanceof RateLimitedError) {
    const { headers, body } = rateLimitedAnswer(e);
    return { status: 429, headers, body };
  }
  if (e instanceof DiscordError) return { status: e.status, headers: {}, body: e.body() };
  throw e;
}

function send(res: ServerResponse, outcome: Outcome): void {
  const headers: Record<string, string | number> = { ...outcome.headers };
  if (outcome.status === 204 || outcome.body === undefined) {
    res.writeHead(outcome.status === 200 ? 204 : outcome.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(outcome.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(outcome.status, headers);
  res.end(payload);
}
