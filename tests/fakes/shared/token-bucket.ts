// A token bucket, the shape of the platforms' published rate limits: `capacity` tokens at most
// (the burst), refilled at `perMs` tokens per millisecond.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Milliseconds until one token is available (0 = now); takes nothing. */
  waitMs(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
  }

  /** Charges one token (after waitMs said 0, for every bucket a message counts against). */
  take(): void {
    this.tokens -= 1;
  }

  /** Milliseconds until a token is free (0 = now); takes it when free. */
  takeIfFree(now: number): number {
    const wait = this.waitMs(now);
    if (wait === 0) this.take();
    return wait;
  }
}
