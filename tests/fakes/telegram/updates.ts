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
  /** Updates created since the ids restarted, and those of them a getUpdates has handed out. */
  private readonly renumbered = new WeakSet<Update>();
  private readonly handedOut = new WeakSet<Update>();
  private restarted = false;
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
    this.nextId = this.restarted ? id + 1 : Math.max(this.nextId, id + 1);
    const update = { ...body, update_id: id } as Update;
    if (this.restarted) this.renumbered.add(update);
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

  /**
   * Telegram picks update ids anew after a week without updates ("the identifier of the next
   * update will be chosen randomly instead of sequentially"), so new ids may repeat old ones.
   * A bot's stale getUpdates offset cannot confirm updates it has not been handed yet.
   */
  restartIds(firstId: number): void {
    this.nextId = firstId;
    this.restarted = true;
  }

  setAllowed(allowed: string[] | undefined): void {
    if (allowed !== undefined) this.allowed = allowed;
  }

  /** getUpdates' offset: positive confirms everything below it, negative keeps only the last -offset. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    const before = this.pending.length;
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset || (this.renumbered.has(u) && !this.handedOut.has(u)));
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

  /** True while a long poll is waiting for updates. */
  get polled(): boolean {
    return this.waiter !== undefined;
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
    const batch = this.pending.slice(0, limit);
    for (const u of batch) this.handedOut.add(u);
    return batch;
  }

  /** Ends a pending long poll (used when the fake shuts down). */
  release(): void {
    this.waiter?.wake();
  }
}
