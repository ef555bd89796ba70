import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';

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
  const fetch: FetchFunction = (url, init = {}) => {
    const target = typeof url === 'string' ? new URL(url) : url;
    const secure = target.protocol === 'https:';
    if ((init.body !== undefined && typeof init.body !== 'string') || (!secure && target.protocol !== 'http:')) return globalThis.fetch(url, init as RequestInit);
    return call(target, init, secure ? httpsRequest : httpRequest, secure ? https : http);
  };
  const post = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<RawAnswer> => {
    const secure = url.protocol === 'https:';
    return posted(url, headers, body, timeoutMs, secure ? httpsRequest : httpRequest, secure ? https : http);
  };
  return {
    fetch,
    post,
    close: () => {
      http.destroy();
      https.destroy();
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
 * A POST without fetch's machinery: no AbortSignal (its listener on the socket cost a measurable
 * share per call under load), a plain timer for the deadline instead.
 */
function posted(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, send: typeof httpRequest, agent: HttpAgent): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const raw = res.headers;
        const header = (name: string): string | undefined => {
          const v = raw[name];
          return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
        };
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          header,
          headers: () => Object.fromEntries(Object.keys(raw).map((k) => [k, header(k) ?? ''])),
          body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    function fail(e: Error): void {
      clearTimeout(timer);
      reject(e);
    }
    const timer = setTimeout(() => req.destroy(new DOMException(`no answer in ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
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
