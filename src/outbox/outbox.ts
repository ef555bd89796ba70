import Bottleneck from 'bottleneck';
import type { Address, Reply } from '../core/types.ts';
import { DeliveryError, type Channel } from '../channels/channel.ts';
import type { Logger } from '../log/logger.ts';
import { KeyedQueue } from '../engine/keyed-queue.ts';

export type DeliveryOutcome = 'sent' | 'blocked' | 'failed';

export interface OutboxOptions {
  /** Attempts for network errors and 5xx before a message counts as failed. */
  maxAttempts?: number;
  backoffMs?: number;
  /** Called once when a chat answers "blocked": the user is unreachable. */
  onBlocked?: (address: Address) => Promise<void> | void;
}

/** Per-send options. */
export interface SendOptions {
  /**
   * Runs once per reply when the limiters let it through, just before the channel is called;
   * the delivery waits for it. A broadcast records "handing over now" here, durably.
   */
  beforeDeliver?: () => Promise<void>;
}

interface Lane {
  channel: Channel;
  /** Both null for a channel without limits (the console): there is nothing to space out. */
  global: Bottleneck | null;
  chats: Bottleneck.Group | null;
  /** One reply at a time per chat, in order, when there are no limiters. */
  order: KeyedQueue;
}

/** Sends in flight per channel: well under Telegram's tolerated burst (~30), ample for its 30/s at 100–300 ms per call. */
const MAX_IN_FLIGHT = 16;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every outbound message passes here. One lane per channel: a global limiter at the
 * platform's overall rate and one limiter per chat (one message at a time, in order, spaced
 * at the per-chat rate). A 429 waits the platform's retry_after; nothing is dropped silently.
 */
export class Outbox {
  readonly #lanes = new Map<string, Lane>();
  readonly #inflight = new Set<Promise<unknown>>();
  readonly stats = { sent: 0, failed: 0, blocked: 0, retried: 0 };

  constructor(channels: Channel[], private readonly log: Logger, private readonly options: OutboxOptions = {}) {
    for (const channel of channels) this.#lanes.set(channel.name, this.#lane(channel));
  }

  #lane(channel: Channel): Lane {
    const limits = channel.limits;
    // Bottleneck's local datastore waits for a timer tick on every job and serialises
    // submissions: about 400 jobs/s per limiter, and ~5 kB per chat limiter for 5 minutes.
    // Right for platform limits (tens per second); only a ceiling for a channel without any.
    if (!limits) return { channel, global: null, chats: null, order: new KeyedQueue() };
    // maxConcurrent caps how many overdue sends a stalled event loop (GC, a long task) can let
    // out at once, and makes the pace restart from "now" instead of catching up: a catch-up
    // burst at exactly the platform's rate never gives its burst allowance back, and ends in 429s.
    // Fractional milliseconds keep the pace exact (Math.ceil would make 30/s into 29.4/s).
    const global = new Bottleneck({ minTime: 1000 / limits.perSecond, maxConcurrent: MAX_IN_FLIGHT });
    const chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.perChatMs });
    chats.on('created', (limiter, chatId) => {
      if (limits.perGroupChatMs && channel.isGroupChat?.(chatId)) limiter.updateSettings({ minTime: limits.perGroupChatMs });
    });
    return { channel, global, chats, order: new KeyedQueue() };
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
    const chat = lane.chats?.key(address.chatId);
    const inOrder = <T>(task: () => Promise<T>): Promise<T> => (chat ? chat.schedule(task) : lane.order.run(address.chatId, task));
    const pieces = replies.flatMap((r) => lane.channel.split?.(r) ?? [r]);
    const work = Promise.all(
      pieces.map((reply) =>
        inOrder(async (): Promise<DeliveryOutcome> => {
          if (blocked) return 'blocked';
          const outcome = await this.#deliver(lane, address, reply, options.beforeDeliver);
          if (outcome === 'blocked') blocked = true;
          return outcome;
        }),
      ),
    );
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work));
    return work;
  }

  async #deliver(lane: Lane, address: Address, reply: Reply, before?: () => Promise<void>): Promise<DeliveryOutcome> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    let failures = 0;
    for (;;) {
      try {
        const attempt = async () => {
          if (before) {
            const hook = before;
            before = undefined;
            await hook();
          }
          return lane.channel.deliver(address.chatId, reply);
        };
        await (lane.global ? lane.global.schedule(attempt) : attempt());
        this.stats.sent++;
        return 'sent';
      } catch (e) {
        const err = e instanceof DeliveryError ? e : new DeliveryError('transient', String(e));
        if (err.failure === 'rate_limited') {
          this.stats.retried++;
          this.log.warn({ channel: lane.channel.name, retryAfterMs: err.retryAfterMs }, 'rate limited; waiting');
          await sleep(err.retryAfterMs ?? 1000);
          continue;
        }
        if (err.failure === 'blocked') {
          this.stats.blocked++;
          this.log.info({ channel: lane.channel.name }, 'recipient blocked the bot');
          await this.options.onBlocked?.(address);
          return 'blocked';
        }
        if (err.failure === 'transient' && ++failures < maxAttempts) {
          this.stats.retried++;
          await sleep((this.options.backoffMs ?? 500) * 2 ** (failures - 1));
          continue;
        }
        this.stats.failed++;
        this.log.error({ channel: lane.channel.name, kind: reply.kind, error: err.message }, 'message could not be delivered');
        return 'failed';
      }
    }
  }

  /** Resolves when every queued message has been delivered or has finally failed. */
  async drain(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }
}
