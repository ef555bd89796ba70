// Telegram's published sending limits: ~30 messages/s overall, ~1/s per private
// chat (short bursts tolerated), 20/minute per group. Buckets are checked together
// and only charged when all of them allow the message, so a refused message costs nothing.
import { TokenBucket } from '../shared/token-bucket.ts';
import type { LimitOptions } from './types.ts';

const DEFAULTS: Required<LimitOptions> = {
  scale: 1,
  globalPerSecond: 30,
  globalBurst: 30,
  privatePerSecond: 1,
  privateBurst: 3,
  groupPerMinute: 20,
  countEdits: false,
  clock: () => performance.now(),
};

/** "20 per minute" is a window in Telegram's wording, so groups use a sliding window, not a bucket. */
class SlidingWindow {
  private stamps: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  waitMs(now: number): number {
    this.stamps = this.stamps.filter((t) => now - t < this.windowMs);
    if (this.stamps.length < this.max) return 0;
    return (this.stamps[this.stamps.length - this.max] as number) + this.windowMs - now;
  }

  take(now: number): void {
    this.stamps.push(now);
  }
}

export type LimitVerdict = { ok: true } | { ok: false; retryAfter: number };

export class RateLimiter {
  private readonly cfg: Required<LimitOptions> | undefined;
  private global: TokenBucket | undefined;
  private readonly privates = new Map<number, TokenBucket>();
  private readonly groups = new Map<number, SlidingWindow>();

  constructor(options: false | LimitOptions | undefined) {
    this.cfg = options === false ? undefined : { ...DEFAULTS, ...options };
  }

  get enabled(): boolean {
    return this.cfg !== undefined;
  }

  countsEdits(): boolean {
    return this.cfg?.countEdits ?? false;
  }

  /** Checks and, when allowed, charges one message to `chatId`. */
  hit(chatId: number, now?: number): LimitVerdict {
    const cfg = this.cfg;
    if (!cfg) return { ok: true };
    now ??= cfg.clock();
    const s = cfg.scale;
    this.global ??= new TokenBucket(cfg.globalBurst, (cfg.globalPerSecond * s) / 1000, now);
    const perChat = chatId < 0 ? this.group(chatId, cfg) : this.private(chatId, cfg, now);
    const waitMs = Math.max(this.global.waitMs(now), perChat.waitMs(now));
    if (waitMs > 0) return { ok: false, retryAfter: this.retryAfter(waitMs, s) };
    this.global.take();
    perChat.take(now);
    return { ok: true };
  }

  private private(chatId: number, cfg: Required<LimitOptions>, now: number): TokenBucket {
    let bucket = this.privates.get(chatId);
    if (!bucket) this.privates.set(chatId, (bucket = new TokenBucket(cfg.privateBurst, (cfg.privatePerSecond * cfg.scale) / 1000, now)));
    return bucket;
  }

  private group(chatId: number, cfg: Required<LimitOptions>): SlidingWindow {
    let window = this.groups.get(chatId);
    if (!window) this.groups.set(chatId, (window = new SlidingWindow(cfg.groupPerMinute, 60_000 / cfg.scale)));
    return window;
  }

  /**
   * Telegram reports whole seconds. With a scale the fake reports fractional
   * seconds instead, otherwise the 1-second floor would defeat the speed-up.
   */
  private retryAfter(waitMs: number, scale: number): number {
    if (scale === 1) return Math.max(1, Math.ceil(waitMs / 1000));
    return Math.max(0.001, Math.ceil(waitMs) / 1000);
  }
}
