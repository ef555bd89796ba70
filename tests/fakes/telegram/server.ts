// HTTP front of the fake: routing (/bot<token>/<method>, method names are
// case-insensitive like Telegram's), the response envelope, failure injection and
// the call log. Business rules live in the method files.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Handler } from './context.ts';
import { ApiError, Described } from './errors.ts';
import { readParams, summarize, type Params } from './params.ts';
import type { FailSpec } from './types.ts';

interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

interface PendingFailure {
  remaining: number;
  spec: FailSpec;
}

/** Calls that get no answer at all (a hung API), until released or the client gives up. */
export interface HangSpec {
  /** Only calls to these chats (chat_id); all chats when absent. */
  chatIds?: number[];
  /** Only these methods; every method but getUpdates when absent. */
  methods?: string[];
}

export class ApiServer {
  private readonly server: Server;
  private readonly handlers = new Map<string, { name: string; handler: Handler }>();
  private failures: PendingFailure[] = [];
  private hangs: { spec: HangSpec; released: Promise<void> }[] = [];
  /** Calls being held unanswered right now. */
  hanging = 0;

  constructor(
    private readonly token: string,
    private readonly ctx: Omit<Ctx, 'signal'>,
    methods: Record<string, Handler>,
  ) {
    for (const [name, handler] of Object.entries(methods)) this.handlers.set(name.toLowerCase(), { name, handler });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.write(res, { status: 500, body: { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` } });
      });
    });
    // Long polls can outlive Node's default request timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        resolve(`http://127.0.0.1:${port}`);
      });
    });
  }

  /** Queues `count` failures for the next calls of `spec.methods` (default: all but getUpdates). */
  failNext(count: number, spec: FailSpec): void {
    this.failures.push({ remaining: count, spec });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Holds matching calls unanswered until the returned function is called. */
  hang(spec: HangSpec): () => void {
    let release = (): void => {};
    const entry = { spec, released: new Promise<void>((r) => (release = r)) };
    this.hangs.push(entry);
    return () => {
      this.hangs = this.hangs.filter((h) => h !== entry);
      release();
    };
  }

  private hangFor(method: string, params: Params): Promise<void> | undefined {
    const chatId = Number(params.chat_id);
    return this.hangs.find(
      ({ spec }) =>
        (spec.methods ? spec.methods.includes(method) : method !== 'getUpdates') &&
        (!spec.chatIds || spec.chatIds.includes(chatId)),
    )?.released;
  }

  private takeFailure(method: string): FailSpec | undefined {
    const found = this.failures.find((f) => (f.spec.methods ? f.spec.methods.includes(method) : method !== 'getUpdates'));
    if (!found) return undefined;
    if (--found.remaining <= 0) this.failures = this.failures.filter((f) => f !== found);
    return found.spec;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (!route) {
      req.resume();
      return this.write(res, error(404, 'Not Found'));
    }
    const token = decodeURIComponent(route[1] ?? '');
    const methodName = route[2] ?? '';
    const entry = this.handlers.get(methodName.toLowerCase());
    if (token !== this.token || !entry) {
      req.resume();
      const outcome = token !== this.token ? error(401, 'Unauthorized') : error(404, 'Not Found');
      this.log(methodName, {}, outcome);
      return this.write(res, outcome);
    }
    let params: Params;
    try {
      params = await readParams(req, url.searchParams);
    } catch (e) {
      const outcome = toOutcome(e);
      this.log(entry.name, {}, outcome);
      return this.write(res, outcome);
    }
    const failure = this.takeFailure(entry.name);
    if (failure && !failure.afterExecute) return this.fail(res, entry.name, params, failure);
    const closed = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) closed.abort();
    });
    const hung = this.hangFor(entry.name, params);
    if (hung) {
      // Nothing is executed: a hung front end never reaches Telegram's back end.
      this.hanging++;
      this.ctx.state.changed();
      await Promise.race([hung, new Promise((r) => closed.signal.addEventListener('abort', r))]);
      this.hanging--;
      this.ctx.state.changed();
      if (closed.signal.aborted || res.destroyed) {
        this.log(entry.name, params, { status: 0, body: { ok: false, description: 'client gave up on a hung call' } }, true);
        return;
      }
    }
    const outcome = await this.execute(entry.handler, params, closed.signal);
    // afterExecute: the work is done but the bot never learns it (lost response).
    if (failure) return this.fail(res, entry.name, params, failure);
    if (closed.signal.aborted || res.destroyed) {
      this.log(entry.name, params, { status: 0, body: { ok: false, description: 'client closed the connection' } });
      return;
    }
    this.log(entry.name, params, outcome);
    this.write(res, outcome);
  }

  private async execute(handler: Handler, params: Params, signal: AbortSignal): Promise<Outcome> {
    try {
      const result = await handler(params, { ...this.ctx, signal });
      if (result instanceof Described) return { status: 200, body: { ok: true, result: result.result, description: result.description } };
      return { status: 200, body: { ok: true, result } };
    } catch (e) {
      return toOutcome(e);
    }
  }

  /** Runs a method outside HTTP (a method returned in a webhook response body). */
  async run(method: string, params: Params): Promise<Outcome> {
    const entry = this.handlers.get(method.toLowerCase());
    const outcome = entry ? await this.execute(entry.handler, params, new AbortController().signal) : error(404, 'Not Found');
    this.log(entry?.name ?? method, params, outcome);
    return outcome;
  }

  private fail(res: ServerResponse, method: string, params: Params, spec: FailSpec): void {
    if (spec.code === 'reset') {
      this.log(method, params, { status: 0, body: { ok: false, description: 'connection reset (injected)' } }, true);
      res.socket?.destroy();
      return;
    }
    let outcome: Outcome;
    if (spec.code === 429) {
      const retryAfter = 'retryAfter' in spec && spec.retryAfter !== undefined ? spec.retryAfter : 1;
      outcome = error(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    } else {
      const description = 'description' in spec && spec.description ? spec.description : (STATUS_CODES[spec.code] ?? 'Error');
      outcome = error(spec.code, description);
    }
    this.log(method, params, outcome, true);
    if (outcome.status >= 502 && outcome.status <= 504) {
      // Telegram's front nginx answers these with an HTML page, not the JSON envelope.
      const html = `<html>\r\n<head><title>${outcome.status} ${STATUS_CODES[outcome.status]}</title></head>\r\n<body>\r\n<center><h1>${outcome.status} ${STATUS_CODES[outcome.status]}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      res.writeHead(outcome.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
      res.end(html);
      return;
    }
    this.write(res, outcome);
  }

  private log(method: string, params: Params, outcome: Outcome, injected = false): void {
    const body = outcome.body;
    this.ctx.state.logCall({
      method,
      params: summarize(params),
      http_status: outcome.status,
      ok: body.ok === true,
      ...(typeof body.error_code === 'number' ? { error_code: body.error_code } : {}),
      ...(body.ok !== true && typeof body.description === 'string' ? { description: body.description } : {}),
      ...(injected ? { injected: true } : {}),
    });
  }

  private write(res: ServerResponse, outcome: Outcome): void {
    if (res.destroyed || res.writableEnded) return;
    const payload = JSON.stringify(outcome.body);
    res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets (Node 20 clients keep them) would hold close() open forever.
      this.server.closeAllConnections();
    });
  }
}

function error(code: number, description: string, parameters?: Record<string, unknown>): Outcome {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

function toOutcome(e: unknown): Outcome {
  if (e instanceof ApiError) return error(e.code, e.description, e.parameters);
  // A bug in the fake must not look like a Telegram answer: say so loudly.
  return error(500, `Internal Server Error: fake Telegram crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
