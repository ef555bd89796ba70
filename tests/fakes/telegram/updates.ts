// The pending-update queue behind getUpdates and webhooks. An update stays queued
// until confirmed (getUpdates with a higher offset, or a 2xx webhook answer), so a
// bot that crashes before confirming sees it again, exactly like on Telegram.
import { conflict, OTHER_GETUPDATES } from './errors.ts';
import type { Update } from './types.ts';

/** allowed_updates = [] means: everything except these. */
const OPT_IN_ONLY = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Waiter {
  wake: () => void;
  kick: (error: Error) => void;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private readonly history: Update[] = [];
  private nextId: number;
  private allowed: string[] | undefined;
  private waiter: Waiter | undefined;
  private readonly listeners = new Set<() => void>();
  dropped = 0;

  constructor(firstId: number) {
    this.nextId = firstId;
  }

  /** Called on every enqueue/confirm: webhook delivery and idle waiters hang off this. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  typeOf(update: Update): string {
    return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
  }

  private isAllowed(type: string): boolean {
    if (this.allowed === undefined || this.allowed.length === 0) return !OPT_IN_ONLY.has(type);
    return this.allowed.includes(type);
  }

  /**
   * Adds an update; with `update_id` given it is kept as is (to simulate duplicates).
   * Types the bot did not subscribe to are never created, as on Telegram.
   */
  push(body: Record<string, unknown>, forcedId?: number): number {
    const id = forcedId ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const update = { ...body, update_id: id } as Update;
    this.history.push(update);
    if (!this.isAllowed(this.typeOf(update))) {
      this.dropped++;
      return id;
    }
    this.pending.push(update);
    this.waiter?.wake();
    this.notify();
    return id;
  }

  setAllowed(allowed: string[] | undefined): void {
    if (allowed !== undefined) this.allowed = allowed;
  }

  /** getUpdates' offset: positive confirms everything below it, negative keeps only the last -offset. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    const before = this.pending.length;
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else this.pending = this.pending.slice(offset);
    if (this.pending.length !== before) this.notify();
  }

  ack(updateId: number): void {
    this.pending = this.pending.filter((u) => u.update_id !== updateId);
    this.notify();
  }

  clear(): void {
    this.pending = [];
    this.notify();
  }

  peek(): Update | undefined {
    return this.pending[0];
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  pendingUpdates(): Update[] {
    return [...this.pending];
  }

  all(): Update[] {
    return [...this.history];
  }

  /** Long polling: answers at once when updates are pending, else waits up to `timeoutMs`. */
  async poll(limit: number, timeoutMs: number, signal: AbortSignal): Promise<Update[]> {
    // A second getUpdates terminates the first, which then answers 409.
    this.waiter?.kick(conflict(OTHER_GETUPDATES));
    if (this.pending.length === 0 && timeoutMs > 0 && !signal.aborted) {
      await new Promise<void>((resolve, reject) => {
        const cleanup = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', wake);
          if (this.waiter === waiter) this.waiter = undefined;
        };
        const wake = (): void => {
          cleanup();
          resolve();
        };
        const waiter: Waiter = {
          wake,
          kick: (error) => {
            cleanup();
            reject(error);
          },
        };
        const timer = setTimeout(wake, timeoutMs);
        signal.addEventListener('abort', wake);
        this.waiter = waiter;
      });
    }
    return this.pending.slice(0, limit);
  }

  /** Ends a pending long poll (used when the fake shuts down). */
  release(): void {
    this.waiter?.wake();
  }
}
