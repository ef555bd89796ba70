/**
 * How fast one person may talk to the bot: a token bucket per person. Beyond it the person is
 * told once that they are going too fast, and further events are dropped (not queued) until
 * the bucket refills: a flood must not queue minutes of replies for everyone's outbox.
 */

/** `burst` events at once, then `perSecond` sustained. */
export interface RateRule {
  burst: number;
  perSecond: number;
}

/**
 * The default on a platform with limits: a burst of 10 (a few quick button presses, or a
 * pasted list of ideas sent as separate messages), then as fast as the platform lets the bot
 * answer one chat (Telegram: one message a second). Events faster than the chat's replies can
 * go out only build a queue of answers the person will see minutes later.
 */
export function defaultRule(perChatMs: number): RateRule | null {
  return perChatMs > 0 ? { burst: 10, perSecond: 1000 / perChatMs } : null;
}

export type Admission = 'ok' | 'warn' | 'drop';

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

/** Token buckets by person key; the least recently active are forgotten past `max` (a forgotten bucket is full). */
export class PersonRate {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => Date,
    private readonly max = 50_000,
  ) {}

  admit(key: string, rule: RateRule): Admission {
    const t = this.now().getTime();
    const b = this.#buckets.get(key) ?? { tokens: rule.burst, at: t, warned: false };
    this.#buckets.delete(key);
    this.#buckets.set(key, b);
    if (this.#buckets.size > this.max) this.#buckets.delete(this.#buckets.keys().next().value!);
    // A clock set back (tests, NTP) refills nothing rather than draining.
    const elapsed = Math.max(0, t - b.at) / 1000;
    b.tokens = Math.min(rule.burst, b.tokens + elapsed * rule.perSecond);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }
}
