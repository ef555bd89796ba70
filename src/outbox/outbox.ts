import { setMaxListeners } from 'node:events';
import Bottleneck from 'bottleneck';
import type { Address, Reply } from '../core/types.ts';
import { DeliveryError, type Channel } from '../channels/channel.ts';
import type { Logger } from '../log/logger.ts';
import { KeyedQueue } from '../engine/keyed-queue.ts';
import type { PendingReplies, PendingReply } from './pending.ts';
import type { LanePermits, SharedLimits } from './shared-limits.ts';

/**
 * `deferred`: a bounded stop set the reply aside before handing it to the channel. Without a
 * `beforeDeliver` hook it is kept (PendingReplies) and sent at the next start; with one, the
 * caller's own ledger still holds it as pending.
 */
export type DeliveryOutcome = 'sent' | 'blocked' | 'failed' | 'deferred';

export interface OutboxOptions {
  /** Attempts for network errors and 5xx before a message counts as failed. */
  maxAttempts?: number;
  backoffMs?: number;
  /** Called once when a private chat answers "blocked": the user is unreachable. Never for a group chat. */
  onBlocked?: (address: Address) => Promise<void> | void;
  /** Where a bounded stop keeps what it could not send; without it left-overs are logged as lost. */
  pending?: PendingReplies;
  /** drain()'s default bound. */
  drainTimeoutMs?: number;
  /** Limits shared with the bot's other instances (Redis): they replace the local limiters; close() closes them. */
  shared?: SharedLimits;
}

/** How long a graceful stop waits for queued replies before setting the rest aside. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** Per-send options. */
export interface SendOptions {
  /**
   * Runs once per reply when the limiters let it through, just before the channel is called;
   * the delivery waits for it. A broadcast records "handing over now" here, durably. Resolving
   * false withholds the reply ('deferred', neither sent nor kept): the caller's ledger holds it.
   */
  beforeDeliver?: () => Promise<void | false>;
  /**
   * Asked right before each platform call (after any wait for the limits or a retry_after): false
   * when the reply must not go from this instance any more (another one took its turn over).
   * It is then neither sent nor kept ('deferred'): the caller's ledger holds it.
   */
  fence?: (signal: AbortSignal) => boolean | Promise<boolean>;
}

interface Lane {
  channel: Channel;
  /** Both null for a channel without limits (the console): there is nothing to space out. */
  global: Bottleneck | null;
  chats: Bottleneck.Group | null;
  /** Instead of both when the limits are shared with other instances; the chat's order is then `order`'s. */
  shared?: LanePermits;
  /** One reply at a time per chat, in order, when there are no limiters. */
  order: KeyedQueue;
  /** Chats the adapter marked as groups on an address: paced as groups, never "blocked" persons. */
  groups: BoundedSet;
}

/** The group chats a lane remembers; a bot is in few groups, the bound only caps abuse. */
const MAX_GROUPS = 50_000;

/** A set that forgets its oldest entries past `max`. */
class BoundedSet {
  readonly #items = new Set<string>();
  constructor(private readonly max: number) {}
  add(item: string): void {
    if (this.#items.has(item)) return;
    this.#items.add(item);
    if (this.#items.size > this.max) this.#items.delete(this.#items.values().next().value!);
  }
  has(item: string): boolean {
    return this.#items.has(item);
  }
}

/**
 * Start permits the global limiter may hold at once: caps the burst a stalled event loop can let
 * out. It does not cap calls in flight: a permit is returned as soon as the call starts.
 */
const MAX_IN_FLIGHT = 16;

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/** Thrown inside a delivery when the stop's bound has passed before the channel was called. */
class Deferred extends Error {}

interface Piece {
  seq: number;
  address: Address;
  reply: Reply;
  /** The sender's ledger keeps this reply; it is not persisted here. */
  hooked: boolean;
  /** When its last platform call started (shared limits count the chat's spacing from there). */
  calledAt?: number;
}

/**
 * Every outbound message passes here. One lane per channel: a global limiter at the
 * platform's overall rate and one limiter per chat (one message at a time, in order, spaced
 * at the per-chat rate). A 429 waits the platform's retry_after; nothing is dropped silently.
 */
export class Outbox {
  readonly #lanes = new Map<string, Lane>();
  readonly #inflight = new Set<Promise<unknown>>();
  /** Aborted when a bounded stop has run out of time: nothing more is handed to a channel. */
  readonly #closing = new AbortController();
  readonly #deferred: Piece[] = [];
  #seq = 0;
  readonly stats = { sent: 0, failed: 0, blocked: 0, retried: 0, deferred: 0 };

  constructor(channels: Channel[], private readonly log: Logger, private readonly options: OutboxOptions = {}) {
    // Every delivery waiting out a 429 listens to it: hundreds at once in a storm, not a leak.
    setMaxListeners(0, this.#closing.signal);
    for (const channel of channels) this.#lanes.set(channel.name, this.#lane(channel));
  }

  #lane(channel: Channel): Lane {
    const limits = channel.limits;
    // Bottleneck's local datastore waits for a timer tick on every job and serialises
    // submissions: about 400 jobs/s per limiter, and ~5 kB per chat limiter for 5 minutes.
    // Right for platform limits (tens per second); only a ceiling for a channel without any.
    const groups = new BoundedSet(MAX_GROUPS);
    if (!limits) return { channel, global: null, chats: null, order: new KeyedQueue(), groups };
    if (this.options.shared) return { channel, global: null, chats: null, shared: this.options.shared.lane({ name: channel.name, limits }), order: new KeyedQueue(), groups };
    // maxConcurrent caps how many overdue sends a stalled event loop (GC, a long task) can let
    // out at once, and makes the pace restart from "now" instead of catching up: a catch-up
    // burst at exactly the platform's rate never gives its burst allowance back, and ends in 429s.
    // Fractional milliseconds keep the pace exact (Math.ceil would make 30/s into 29.4/s).
    const global = new Bottleneck({ minTime: 1000 / limits.perSecond, maxConcurrent: MAX_IN_FLIGHT });
    const chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.perChatMs });
    chats.on('created', (limiter, chatId) => {
      if (limits.perGroupChatMs && (groups.has(chatId) || channel.isGroupChat?.(chatId))) limiter.updateSettings({ minTime: limits.perGroupChatMs });
    });
    return { channel, global, chats, order: new KeyedQueue(), groups };
  }

  /**
   * Whether an address is a group chat: what the adapter put on the address, else what it saw
   * (`isGroupChat`). Never guessed from the id: on Slack or Discord an id's shape says nothing.
   */
  #isGroup(lane: Lane, address: Address): boolean {
    if (address.group !== undefined) return address.group;
    return lane.groups.has(address.chatId) || (lane.channel.isGroupChat?.(address.chatId) ?? false);
  }

  /** Queues replies for one chat, in order. Resolves, per piece, when delivered or finally failed. */
  send(address: Address, replies: Reply[], options: SendOptions = {}): Promise<DeliveryOutcome[]> {
    const lane = this.#lanes.get(address.channel);
    if (!lane) {
      this.log.error({ channel: address.channel }, 'no running channel for a reply; it is not sent');
      this.stats.failed += replies.length;
      return Promise.resolve(replies.map(() => 'failed'));
    }
    let blocked = false;
    const pieces: Piece[] = replies.flatMap((r) => lane.channel.split?.(r) ?? [r]).map((reply) => ({ seq: this.#seq++, address, reply, hooked: !!options.beforeDeliver }));
    if (this.#closing.signal.aborted) return Promise.resolve(pieces.map((p) => this.#defer(p)));
    if (address.group && !lane.groups.has(address.chatId)) {
      lane.groups.add(address.chatId);
      // A limiter made before the chat was known as a group is paced as one from now on.
      const gap = lane.channel.limits?.perGroupChatMs;
      if (gap) lane.chats?.key(address.chatId).updateSettings({ minTime: gap });
    }
    const chat = lane.chats?.key(address.chatId);
    const inOrder = <T>(task: () => Promise<T>): Promise<T> => (chat ? chat.schedule(task) : lane.order.run(address.chatId, task));
    const work = Promise.all(
      pieces.map((piece) =>
        inOrder(async (): Promise<DeliveryOutcome> => {
          if (blocked) return 'blocked';
          const outcome = await (lane.shared ? this.#deliverShared(lane, lane.shared, piece, options) : this.#deliver(lane, piece, options));
          if (outcome === 'blocked') blocked = true;
          return outcome;
        }).catch((e: unknown) => {
          // A stopped limiter drops the jobs still waiting in it: those replies are set aside.
          if (this.#closing.signal.aborted) return this.#defer(piece);
          throw e;
        }),
      ),
    );
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work));
    return work;
  }

  #defer(piece: Piece): DeliveryOutcome {
    this.stats.deferred++;
    if (!piece.hooked) this.#deferred.push(piece);
    return 'deferred';
  }

  /**
   * The global limiter only hands out the right to start a call, at the platform's rate; the
   * call itself runs outside it. So calls that hang (until the channel's own timeout) take no
   * slot from other chats: one slow chat holds only its own queue.
   */
  async #permit(lane: Lane): Promise<void> {
    if (lane.global) await lane.global.schedule(() => Promise.resolve());
    else if (lane.shared) await lane.shared.call(this.#closing.signal);
    if (this.#closing.signal.aborted) throw new Deferred();
  }

  /** With shared limits the chat is held on every instance while its message goes out. */
  async #deliverShared(lane: Lane, shared: LanePermits, piece: Piece, options: SendOptions): Promise<DeliveryOutcome> {
    const release = await shared.chat(piece.address.chatId, this.#isGroup(lane, piece.address), this.#closing.signal);
    try {
      return await this.#deliver(lane, piece, options);
    } finally {
      release(piece.calledAt);
    }
  }

  async #deliver(lane: Lane, piece: Piece, options: SendOptions): Promise<DeliveryOutcome> {
    const { address, reply } = piece;
    let before = options.beforeDeliver;
    const fence = options.fence;
    const maxAttempts = this.options.maxAttempts ?? 6;
    const closing = this.#closing.signal;
    let failures = 0;
    for (;;) {
      try {
        if (closing.aborted) throw new Deferred();
        await this.#permit(lane);
        if (fence) {
          const mine = await fence(closing);
          if (closing.aborted) throw new Deferred();
          if (!mine) {
            this.stats.deferred++;
            return 'deferred';
          }
        }
        if (before) {
          const hook = before;
          before = undefined;
          if ((await hook()) === false) {
            this.stats.deferred++;
            return 'deferred';
          }
        }
        piece.calledAt = Date.now();
        await lane.channel.deliver(address.chatId, reply, address);
        this.stats.sent++;
        return 'sent';
      } catch (e) {
        if (e instanceof Deferred || (closing.aborted && !(e instanceof DeliveryError))) return this.#defer(piece);
        const err = e instanceof DeliveryError ? e : new DeliveryError('transient', String(e));
        if (err.failure === 'rate_limited') {
          this.stats.retried++;
          this.log.warn({ channel: lane.channel.name, retryAfterMs: err.retryAfterMs }, 'rate limited; waiting');
          await sleep(err.retryAfterMs ?? 1000, closing);
          continue;
        }
        if (err.failure === 'blocked') {
          this.stats.blocked++;
          // A group that removed the bot says nothing about the person: only their private chat counts.
          const group = this.#isGroup(lane, address);
          this.log.info({ channel: lane.channel.name, group }, group ? 'the bot can no longer write to a group chat' : 'recipient blocked the bot');
          if (!group) await this.options.onBlocked?.(address);
          return 'blocked';
        }
        if (err.failure === 'transient' && ++failures < maxAttempts) {
          this.stats.retried++;
          await sleep((this.options.backoffMs ?? 500) * 2 ** (failures - 1), closing);
          continue;
        }
        this.stats.failed++;
        this.log.error({ channel: lane.channel.name, kind: reply.kind, error: err.message }, 'message could not be delivered');
        return 'failed';
      }
    }
  }

  async #settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /**
   * A graceful stop: waits up to `timeoutMs` for queued replies. After that nothing more is
   * handed to a channel; calls already made finish (each bounded by the channel's own API
   * timeout) and every reply not yet handed over is kept in `pending` for `resume()`.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
    const settled = this.#settled();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([settled.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.#closing.abort();
      for (const lane of this.#lanes.values()) {
        // Drop the jobs still waiting for a turn; their send() resolves them as deferred.
        for (const { limiter } of lane.chats?.limiters() ?? []) void limiter.stop({ dropWaitingJobs: true }).catch(() => {});
        void lane.global?.stop({ dropWaitingJobs: true }).catch(() => {});
      }
      await settled;
    }
    await this.#keep();
  }

  /** After drain(): closes the shared limits' connections, if any. */
  async close(): Promise<void> {
    await this.options.shared?.close();
  }

  async #keep(): Promise<void> {
    const left = this.#deferred.splice(0).sort((a, b) => a.seq - b.seq);
    if (left.length === 0) return;
    const items: PendingReply[] = left.map((p) => ({ address: p.address, reply: p.reply, deferredAt: new Date().toISOString() }));
    if (!this.options.pending) {
      this.log.error({ count: items.length }, 'replies left unsent at stop and nowhere to keep them; they are lost');
      return;
    }
    try {
      await this.options.pending.save(items);
      this.log.warn({ count: items.length }, 'stop: replies not sent in time are kept and will be sent at the next start');
    } catch (e) {
      this.log.error({ err: e, count: items.length }, 'stop: replies not sent in time could not be kept; they are lost');
    }
  }

  /** Sends what the previous stop kept, in order; call once the channels have started. */
  async resume(): Promise<void> {
    const items = (await this.options.pending?.take()) ?? [];
    if (items.length === 0) return;
    this.log.info({ count: items.length }, 'sending replies kept by the previous stop');
    // One send per reply, in order: the per-chat queue keeps them in order.
    for (const item of items) void this.send(item.address, [item.reply]);
  }
}
