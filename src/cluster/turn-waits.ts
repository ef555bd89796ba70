import type pg from 'pg';
import type { Logger } from '../log/logger.ts';

/** How a wait ended: the turns went out, it waited too long, or this instance stops (the turn is left for the others). */
export type WaitOutcome = 'sent' | 'late' | 'stopped';

interface Waiter {
  ids: readonly string[];
  /** performance.now() after which it stops waiting. */
  until: number;
  resolve(outcome: WaitOutcome): void;
}

/**
 * Waits for other instances' turns to be sent: a turn's replies must not overtake the replies of
 * the same person's earlier turn that another instance still has to send. One query reads the
 * pending turns of every person waited for, every `everyMs`, and only while someone waits: with
 * one instance, or a person who does not write faster than their replies go out, it costs nothing.
 */
export class TurnWaits {
  readonly #waiting = new Map<string, Waiter[]>();
  #timer: NodeJS.Timeout | null = null;
  #failing = false;
  #closed = false;

  constructor(
    private readonly db: Pick<pg.Pool, 'query'>,
    private readonly log: Logger,
    private readonly everyMs = 50,
    private readonly maxMs = 60_000,
  ) {}

  /** Resolves 'sent' once none of `ids` is among the person's pending turns (or the person is gone), 'late' after `maxMs`. */
  wait(key: string, ids: readonly string[]): Promise<WaitOutcome> {
    if (this.#closed) return Promise.resolve('stopped');
    if (ids.length === 0) return Promise.resolve('sent');
    return new Promise((resolve) => {
      const list = this.#waiting.get(key) ?? [];
      list.push({ ids, until: performance.now() + this.maxMs, resolve });
      this.#waiting.set(key, list);
      this.#schedule();
    });
  }

  /** Whoever still waits is told the instance stops: those turns stay pending, for another instance's recover role. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const list of this.#waiting.values()) for (const w of list) w.resolve('stopped');
    this.#waiting.clear();
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#waiting.size === 0) return;
    this.#timer = setTimeout(() => void this.#poll(), this.everyMs);
  }

  async #poll(): Promise<void> {
    // Only those waiting before the read are judged by it: a later one may wait for a turn saved since.
    const asked = new Set([...this.#waiting.values()].flat());
    const keys = [...this.#waiting.keys()];
    let pending: Map<string, Set<string>> | null = null;
    try {
      const r = await this.db.query<{ key: string; pending: string[] }>('SELECT key, pending FROM people WHERE key = ANY($1::text[])', [keys]);
      pending = new Map(r.rows.map((row) => [row.key, new Set(row.pending)]));
      if (this.#failing) this.log.info('the pending turns of other instances can be read again');
      this.#failing = false;
    } catch (e) {
      if (!this.#failing) this.log.warn({ err: e }, 'cannot read the pending turns of other instances; replies that wait for them keep waiting');
      this.#failing = true;
    }
    const now = performance.now();
    for (const key of keys) {
      const left = (this.#waiting.get(key) ?? []).filter((w) => {
        if (!asked.has(w)) return true;
        const still = pending === null || w.ids.some((id) => pending.get(key)?.has(id));
        if (still && now < w.until) return true;
        w.resolve(still ? 'late' : 'sent');
        return false;
      });
      if (left.length > 0) this.#waiting.set(key, left);
      else this.#waiting.delete(key);
    }
    this.#timer = null;
    this.#schedule();
  }
}
