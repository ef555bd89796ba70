import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';
import { Pool, type Dispatcher } from 'undici';

type FetchFunction = webApi.FetchFunction;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type FetchInit = Parameters<FetchFunction>[1];

/** Idle connections to the Web API are closed after this long (Slack closes its side too). */
const IDLE_MS = 30_000;

/**
 * At most this many connections to the Web API at once; more calls wait for a free one. With a
 * connection per call, 200 answers at once opened 200 connections (a TLS handshake each towards
 * Slack), and in the Slack bench the acknowledgements of incoming events waited behind them:
 * with 32, p50 of the 200s fell from about 60 to 40 ms and their p99 after each person's first
 * idea from about 190 to 110 ms, at the same rate and the same answer times.
 */
export const MAX_CONNECTIONS = 32;

/**
 * The Web API client's HTTP calls, on node:http with kept-alive connections. The WebClient's
 * default, the global fetch, costs about four times the CPU per call (its streams, its Request
 * and Response objects), and every reply is a call: under load that was the bot's largest cost
 * after the core's own work. A call here is what Slack's calls are: a POST of a form-encoded
 * string, a small JSON answer. Anything else (a file upload's multipart body) goes to the
 * global fetch unchanged.
 */
export interface ApiHttp {
  fetch: FetchFunction;
  /** One POST over the kept-alive connections, with a deadline of its own; rejects as fetch does (a TimeoutError past it). */
  post: (url: URL, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<RawAnswer>;
  close: () => void;
}

/** What a Web API call answered: status, headers, body. */
export interface RawAnswer {
  status: number;
  statusText: string;
  header: (name: string) => string | undefined;
  headers: () => Record<string, string>;
  body: string;
}

export function apiFetch(): ApiHttp {
  const http = new HttpAgent({ keepAlive: true, timeout: IDLE_MS, maxSockets: MAX_CONNECTIONS });
  const https = new HttpsAgent({ keepAlive: true, timeout: IDLE_MS, maxSockets: MAX_CONNECTIONS });
  // One pool per origin (Slack's, or a test fake's): the adapter's own calls go through them.
  const pools = new Map<string, Pool>();
  const poolOf = (url: URL): Pool => {
    let pool = pools.get(url.origin);
    if (!pool) pools.set(url.origin, (pool = new Pool(url.origin, { connections: MAX_CONNECTIONS, keepAliveTimeout: IDLE_MS, keepAliveMaxTimeout: IDLE_MS })));
    return pool;
  };
  const fetch: FetchFunction = (url, init = {}) => {
    const target = typeof url === 'string' ? new URL(url) : url;
    const secure = target.protocol === 'https:';
    if ((init.body !== undefined && typeof init.body !== 'string') || (!secure && target.protocol !== 'http:')) return globalThis.fetch(url, init as RequestInit);
    return call(target, init, secure ? httpsRequest : httpRequest, secure ? https : http);
  };
  const post = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<RawAnswer> => posted(poolOf(url), url, headers, body, timeoutMs);
  return {
    fetch,
    post,
    close: () => {
      http.destroy();
      https.destroy();
      for (const pool of pools.values()) void pool.destroy().catch(() => undefined);
      pools.clear();
    },
  };
}

function call(url: URL, init: NonNullable<FetchInit>, send: typeof httpRequest, agent: HttpAgent): Promise<FetchResponse> {
  const { signal } = init;
  return new Promise<FetchResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const body = init.body as string | undefined;
    const headers: Record<string, string | number> = { ...init.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const req = send(url, { method: init.method ?? 'GET', headers, agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve(response(url, res, Buffer.concat(chunks))));
    });
    // An aborted request rejects with the signal's reason (a TimeoutError for AbortSignal.timeout), as fetch does.
    req.on('error', (e) => reject(signal?.aborted ? abortReason(signal) : e));
    req.end(body);
  });
}

/**
 * A POST on undici's pool, through its callback interface: no AbortSignal, no response stream
 * or promise of its own, one plain timer for the deadline. Every reply is one such call: against
 * node:http's ClientRequest it costs the bot about a third less CPU per call (its request and
 * response objects, header validation and stream machinery). undici never sends a POST again on
 * its own (it retries idempotent requests only), so a call is sent at most once.
 */
function posted(pool: Pool, url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    const call = new PostCall(resolve, reject);
    call.timer = setTimeout(late, timeoutMs, call, timeoutMs);
    pool.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'POST', headers, body, headersTimeout: null, bodyTimeout: null }, call);
  });
}

/**
 * One call's state and undici's callbacks, as one object with methods on its prototype: the
 * closures a call would otherwise create each cost a property definition under tsx (which keeps
 * function names), on the path of every reply.
 */
class PostCall implements Dispatcher.DispatchHandler {
  timer: NodeJS.Timeout | undefined;
  controller: Dispatcher.DispatchController | undefined;
  late: Error | undefined;
  status = 0;
  statusText = '';
  raw: Record<string, string | string[] | undefined> = {};
  readonly chunks: Buffer[] = [];

  constructor(
    readonly resolve: (answer: RawAnswer) => void,
    readonly reject: (e: unknown) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.late) controller.abort(this.late);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>, message?: string): void {
    this.status = status;
    this.statusText = message ?? '';
    this.raw = headers;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    clearTimeout(this.timer);
    const { chunks } = this;
    this.resolve(new Answer(this.status, this.statusText, this.raw, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
  }

  onResponseError(_c: Dispatcher.DispatchController, e: Error): void {
    clearTimeout(this.timer);
    this.reject(this.late ?? e);
  }
}

/** The deadline of a call: a call still waiting for a connection is dropped when it gets one, before anything is sent. */
function late(call: PostCall, timeoutMs: number): void {
  call.late = new DOMException(`no answer in ${timeoutMs} ms`, 'TimeoutError') as unknown as Error;
  call.controller?.abort(call.late);
  call.reject(call.late);
}

class Answer implements RawAnswer {
  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly raw: Record<string, string | string[] | undefined>,
    readonly body: string,
  ) {}

  header(name: string): string | undefined {
    const v = this.raw[name];
    return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
  }

  headers(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.raw).map((k) => [k, this.header(k) ?? '']));
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** What the WebClient reads of an answer: status, headers, the body as text or bytes. */
function response(url: URL, res: IncomingMessage, bytes: Buffer): FetchResponse {
  const status = res.statusCode ?? 0;
  const raw = res.headers;
  const value = (name: string): string | null => {
    const v = raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url: url.href,
    headers: {
      get: value,
      entries: () => Object.keys(raw).map((k): [string, string] => [k, value(k) ?? '']),
    },
    text: async () => bytes.toString('utf8'),
    json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}
