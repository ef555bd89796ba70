import Bottleneck from 'bottleneck';
import type { ChannelLimits } from '../channels/channel.ts';
import { unlessAborted, until } from './permit-waits.ts';

/** As the outbox's own limiters: caps the burst a stalled event loop can let out. */
const MAX_IN_FLIGHT = 16;
const noop = () => Promise.resolve();
/** Chats remembered before the past ones are swept. */
const MAX_CHATS = 10_000;

/**
 * One channel's limits for this instance alone while Redis is away: 1/`share` of the overall rate
 * and `share` times each chat's spacing, so that `share` instances together stay within the
 * platform's limits. Nothing starts before `since` plus one platform window (and, for a chat, one
 * spacing of that chat): what Redis allowed just before it went away still counts there.
 */
export class LocalShare {
  readonly #calls: Bottleneck;

  constructor(
    private readonly limits: ChannelLimits,
    readonly share: number,
    /** When Redis went away (this outage). */
    public since: number,
    private readonly windowMs: number,
    /** When this instance last called the platform for each chat, whoever let it: see `chatKey`. */
    private readonly lastCalls: Map<string, number>,
  ) {
    this.#calls = new Bottleneck({ minTime: (windowMs * share) / limits.perSecond, maxConcurrent: MAX_IN_FLIGHT });
  }

  async call(signal: AbortSignal): Promise<void> {
    await until(this.since + this.windowMs, signal);
    await unlessAborted(this.#calls.schedule(noop), signal);
  }

  /** Waits for the chat's turn: `share` spacings after this instance's last message there. */
  async chat(chatId: string, group: boolean, signal: AbortSignal): Promise<void> {
    const gap = group ? (this.limits.perGroupChatMs ?? this.limits.perChatMs) : this.limits.perChatMs;
    const last = this.lastCalls.get(chatKey(chatId, group));
    await until(Math.max(this.since + gap, last === undefined ? 0 : last + gap * this.share), signal);
  }
}

/** The outbox sends one message at a time per chat; a chat's key says how it is spaced. */
export const chatKey = (chatId: string, group: boolean) => `${group ? 'g' : 'p'}:${chatId}`;

/**
 * When this instance last called the platform for each chat, in every mode: a message whose chat
 * Redis let through just before it went away still counts for the spacing of the next one.
 */
export class LastCalls extends Map<string, number> {
  constructor(private readonly horizonMs: () => number) {
    super();
  }

  record(chatId: string, group: boolean, at: number): void {
    this.set(chatKey(chatId, group), at);
    // Calls older than any spacing hold nothing worth keeping.
    if (this.size > MAX_CHATS) {
      const past = Date.now() - this.horizonMs();
      for (const [key, t] of this) if (t < past) this.delete(key);
    }
  }
}
