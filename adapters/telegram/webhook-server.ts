import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Update } from 'telegraf/types';

/** Telegram's updates are a few kB; anything near this is not from Telegram. */
export const MAX_WEBHOOK_BODY = 2 * 1024 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** The kinds of update the bot subscribes to: when present, each must be an object. */
const KINDS = ['message', 'callback_query', 'my_chat_member'] as const;

export interface WebhookOptions {
  path: string;
  secret: string;
  /** Handles one well-formed update; resolves when the bot has taken it. */
  onUpdate: (update: Update) => Promise<void>;
  maxBytes?: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares secrets in constant time (hashing first makes the lengths equal). */
function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/** A JSON object with a whole, non-negative update_id, whose known parts are objects. */
export function isUpdate(body: unknown): body is Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const u = body as Record<string, unknown>;
  if (!Number.isSafeInteger(u.update_id) || (u.update_id as number) < 0) return false;
  return KINDS.every((k) => !(k in u) || (typeof u[k] === 'object' && u[k] !== null && !Array.isArray(u[k])));
}

function answer(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, close ? { connection: 'close' } : {});
  res.end();
}

/** Reads at most `max` bytes; undefined (after answering 413) when the body is larger. */
function readBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    answer(res, 413, true);
    req.destroy();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        answer(res, 413, true);
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(undefined));
  });
}

/**
 * The local webhook server. Telegram posts updates here; a request must carry the secret
 * (403 otherwise, as telegraf answers), stay under the size cap (413) and be a well-formed
 * update (400), so a forged or broken request can neither crash the bot nor fill its memory.
 */
export function createWebhookServer(options: WebhookOptions): Server {
  const max = options.maxBytes ?? MAX_WEBHOOK_BODY;
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || path !== options.path || !sameSecret(req.headers[SECRET_HEADER], options.secret)) {
        req.resume();
        return answer(res, 403);
      }
      const body = await readBody(req, res, max);
      if (!body) return;
      let update: unknown;
      try {
        update = JSON.parse(body.toString('utf8'));
      } catch {
        return answer(res, 400);
      }
      if (!isUpdate(update)) return answer(res, 400);
      await options.onUpdate(update);
      answer(res, 200);
    })().catch(() => answer(res, 500));
  });
  // A client trickling its headers or body must not hold a connection for minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
