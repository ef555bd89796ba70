// Discord's rate limits as the REST client sees them: fixed-window buckets per route and major
// parameter (message create: 5 per 5 s per channel), a global cap of 50 requests per second
// (interaction callbacks and interaction webhooks are exempt), and the X-RateLimit-* headers
// on every bucketed answer. Over a limit: 429 { message, retry_after (float s), global }.
import { createHash } from 'node:crypto';
import { RateLimitedError } from './errors.ts';

interface BucketRule {
  limit: number;
  windowMs: number;
}

/** Buckets Discord documents or observably applies; keyed by "METHOD template". */
const RULES: Record<string, BucketRule> = {
  'POST /channels/{channel.id}/messages': { limit: 5, windowMs: 5000 },
  'PATCH /channels/{channel.id}/messages/{message.id}': { limit: 5, windowMs: 5000 },
  'DELETE /channels/{channel.id}/messages/{message.id}': { limit: 5, windowMs: 1000 },
};

const GLOBAL_PER_SECOND = 50;

export interface BucketHeaders {
  limit: number;
  remaining: number;
  resetAt: number;
  hash: string;
}

export class RateLimits {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private global = { count: 0, resetAt: 0 };
  private hits = 0;

  constructor(private readonly enabled: boolean) {}

  /** Counts a request; throws RateLimitedError when over; returns the bucket state to put in headers. */
  take(key: string, major: string | undefined, exemptFromGlobal: boolean): BucketHeaders | undefined {
    const now = Date.now();
    if (this.enabled && !exemptFromGlobal) {
      if (now >= this.global.resetAt) this.global = { count: 0, resetAt: now + 1000 };
      if (++this.global.count > GLOBAL_PER_SECOND) {
        this.hits++;
        throw new RateLimitedError((this.global.resetAt - now) / 1000, true);
      }
    }
    const rule = RULES[key];
    // Limits off: no bucket either, so a client that paces itself by the headers does not wait.
    if (!rule || !this.enabled) return undefined;
    const hash = bucketHash(key);
    const id = `${key}:${major ?? ''}`;
    let w = this.windows.get(id);
    if (!w || now >= w.resetAt) this.windows.set(id, (w = { count: 0, resetAt: now + rule.windowMs }));
    if (this.enabled && w.count >= rule.limit) {
      this.hits++;
      throw new RateLimitedError((w.resetAt - now) / 1000, false, { limit: rule.limit, hash });
    }
    w.count++;
    return { limit: rule.limit, remaining: rule.limit - w.count, resetAt: w.resetAt, hash };
  }

  countInjected(): void {
    this.hits++;
  }

  /** 429 answers given so far (bucket, global and injected). */
  limited(): number {
    return this.hits;
  }
}

/** Discord's bucket ids are opaque hashes shared by the routes of one bucket. */
export const bucketHash = (key: string): string => createHash('sha1').update(key).digest('hex').slice(0, 32);

export function bucketHeaders(b: BucketHeaders): Record<string, string> {
  const now = Date.now();
  return {
    'x-ratelimit-limit': String(b.limit),
    'x-ratelimit-remaining': String(b.remaining),
    'x-ratelimit-reset': (b.resetAt / 1000).toFixed(3),
    'x-ratelimit-reset-after': (Math.max(0, b.resetAt - now) / 1000).toFixed(3),
    'x-ratelimit-bucket': b.hash,
  };
}

/** The 429 answer: Retry-After in whole seconds (as Discord sends it), the precise figure in the body and Reset-After. */
export function rateLimitedAnswer(e: RateLimitedError): { headers: Record<string, string>; body: Record<string, unknown> } {
  const after = Math.max(0.001, e.retryAfterS);
  const headers: Record<string, string> = { 'retry-after': String(Math.ceil(after)), 'x-ratelimit-scope': e.global ? 'global' : 'user' };
  if (e.global) headers['x-ratelimit-global'] = 'true';
  if (e.bucket) {
    Object.assign(headers, bucketHeaders({ limit: e.bucket.limit, remaining: 0, resetAt: Date.now() + after * 1000, hash: e.bucket.hash }));
  }
  return { headers, body: { message: 'You are being rate limited.', retry_after: Number(after.toFixed(3)), global: e.global } };
}
