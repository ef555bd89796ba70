// Webhook delivery: one update at a time, in order, POSTed as JSON with the
// secret header; a non-2xx answer is retried with backoff (bounded, unlike Telegram,
// so a broken test fails instead of hanging) and recorded for getWebhookInfo.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { UpdateQueue } from './updates.ts';
import type { Update, WebhookOptions } from './types.ts';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  ipAddress?: string;
}

export interface Delivery {
  update_id: number;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
}

/** Runs a method found in a webhook response body ("reply to the webhook" optimisation). */
export type ReplyRunner = (method: string, params: Record<string, unknown>) => Promise<void>;

export class WebhookDelivery {
  config: WebhookConfig | undefined;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
  readonly deliveries: Delivery[] = [];
  private running = false;
  private abort = new AbortController();
  private readonly opts: Required<WebhookOptions>;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly runReply: ReplyRunner,
    options: WebhookOptions | undefined,
  ) {
    this.opts = { maxAttempts: 5, retryDelayMs: 100, timeoutMs: 10_000, ...options };
    queue.onChange(() => this.kick());
  }

  set(config: WebhookConfig): void {
    this.stopLoop();
    this.config = config;
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.kick();
  }

  unset(): void {
    this.stopLoop();
    this.config = undefined;
  }

  private stopLoop(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  kick(): void {
    if (this.running || !this.config || this.queue.pendingCount === 0) return;
    this.running = true;
    void this.loop(this.abort.signal).finally(() => {
      this.running = false;
      if (!this.abort.signal.aborted) this.kick();
    });
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted && this.config) {
      const update = this.queue.peek();
      if (!update) return;
      attempt++;
      const outcome = await this.post(this.config, update, signal);
      if (signal.aborted) return;
      this.deliveries.push({ update_id: update.update_id, attempt, ...outcome, at: Date.now() });
      if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
        this.queue.ack(update.update_id);
        attempt = 0;
        if (outcome.reply) await this.runReplyBody(outcome.reply);
        continue;
      }
      this.lastErrorDate = Math.floor(Date.now() / 1000);
      this.lastErrorMessage = outcome.error ?? `Wrong response from the webhook: ${outcome.status} ${outcome.statusText ?? ''}`.trim();
      if (attempt >= this.opts.maxAttempts) {
        this.queue.ack(update.update_id);
        attempt = 0;
        continue;
      }
      await sleep(this.opts.retryDelayMs * 2 ** (attempt - 1), signal);
    }
  }

  private async runReplyBody(body: string): Promise<void> {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      if (typeof parsed.method === 'string') await this.runReply(parsed.method, parsed);
    } catch {
      // Telegram ignores webhook answers it cannot use.
    }
  }

  private post(config: WebhookConfig, update: Update, signal: AbortSignal): Promise<{ status?: number; statusText?: string; error?: string; reply?: string }> {
    return new Promise((resolve) => {
      const url = new URL(config.url);
      const body = Buffer.from(JSON.stringify(update));
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': body.length };
      if (config.secretToken) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'POST', headers, signal, agent: false, timeout: this.opts.timeoutMs, rejectUnauthorized: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', reply: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ error: 'Connection reset by peer' }));
      });
      req.on('timeout', () => req.destroy(new Error('Read timeout expired')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') resolve({ error: 'Connection refused' });
        else if (error.code === 'ECONNRESET') resolve({ error: 'Connection reset by peer' });
        else resolve({ error: error.message });
      });
      req.end(body);
    });
  }

  close(): void {
    this.unset();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
