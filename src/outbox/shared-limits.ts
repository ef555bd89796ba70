import { setMaxListeners } from 'node:events';
import type { Redis } from 'ioredis';
import type { ChannelLimits } from '../channels/channel.ts';
import type { Logger } from '../log/logger.ts';
import { LastCalls, LocalShare } from './local-share.ts';
import { unlessAborted, type Release } from './permit-waits.ts';
import { describe, RedisEpoch, type LaneSpec } from './redis-epoch.ts';

export type { Release };

/** Longest a close waits for the chats it holds to be free in Redis: the longest chat spacing a shipped channel declares (a group's, 3.1 s) and a margin. */
const RELEASE_CAP_MS = 3_500;

/** What the outbox asks before each send on a channel whose limits are shared with other instances. */
export interface LanePermits {
  /** Resolves when one platform call may start on the channel (its overall rate). Rejects when `signal` aborts. */
  call(signal: AbortSignal): Promise<void>;
  /**
   * Resolves when this instance may write to the chat, which it then holds (on every instance)
   * until the release is called with when its last call started: the chat's spacing (a group's
   * or a person's) is counted from there. Rejects when `signal` aborts.
   */
  chat(chatId: string, group: boolean, signal: AbortSignal): Promise<Release>;
}

/** Limits shared by every instance of a bot. */
export interface SharedLimits {
  lane(channel: { name: string; limits: ChannelLimits }): LanePermits;
  /** Closes the connections; permits asked afterwards are this instance's share, unannounced. */
  close(): Promise<void>;
}

export interface RedisLimitsOptions {
  /** redis://… or rediss://… (REDIS_URL). */
  url: string;
  log: Logger;
  /**
   * A stable name per channel for the bot behind it (a hash of its token): instances of one bot
   * share its limits, another bot on the same Redis keeps its own. Default: the channel's name.
   */
  keys?: Record<string, string>;
  /**
   * How many instances share the limits: while Redis is away each sends at 1/n of them. Asked each
   * time Redis goes away (a cluster knows who is alive). Default 2.
   */
  instances?: number | (() => number | Promise<number>);
  /** How often a lost Redis is tried again (default 1 s). */
  probeMs?: number;
  /** How long the first connection may take before this instance starts on its share (default 5 s). */
  startTimeoutMs?: number;
  /** The platforms' counting window (1 s: limits are per second). */
  windowMs?: number;
  /** The connections' name in Redis's CLIENT LIST (default together-limits). */
  clientName?: string;
}

/**
 * A client that only says whether Redis answers: it reconnects by itself, every `maxDelayMs` at most.
 * ioredis is loaded here, on first use: an instance without REDIS_URL never pays its load time at start.
 */
async function probeClient(url: string, maxDelayMs: number, connectionName: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  return new Redis(url, {
    connectionName,
    // Commands fail at once while disconnected: a permit never waits on a dead connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, maxDelayMs),
  });
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

interface Outage {
  since: number;
  /** How many instances share the limits during this outage. */
  share: Promise<number>;
}

interface Lane {
  spec: LaneSpec;
  local: LocalShare | null;
  lastCalls: LastCalls;
}

/**
 * Each channel's limits shared through Bottleneck's Redis clustering, so that all instances of a bot
 * together send no more than the bot may. When Redis cannot be reached (at start or later), each
 * instance sends at its own share of the limits and says so once; when Redis answers again it
 * goes back to it, keeping its share for a short while so that instances that have not yet noticed
 * do not add their share to the whole. Permits are only the right to start a send: a switch never
 * loses or repeats a message, it only changes who counts.
 */
export class RedisLimits implements SharedLimits {
  readonly #url: string;
  readonly #log: Logger;
  readonly #keys: Record<string, string>;
  readonly #instances: () => number | Promise<number>;
  readonly #probeMs: number;
  readonly #windowMs: number;
  /** Null until ioredis is loaded (the first event loop turns after the constructor). */
  #probe: Redis | null = null;
  #epoch: RedisEpoch | null = null;
  #opening: Promise<void> | null = null;
  #outage: Outage | null = null;
  /** Until then, after an outage, a permit needs both Redis and this instance's share. */
  #graceUntil = 0;
  #lastError = '';
  /** The last number of instances known (2 until told). */
  #lastShare = 2;
  #closed = false;
  #decide: () => void = () => {};
  /** Resolves once the first connection succeeded or failed. */
  readonly #decided = new Promise<void>((resolve) => (this.#decide = resolve));
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #signals = new WeakSet<AbortSignal>();

  constructor(options: RedisLimitsOptions) {
    this.#url = options.url;
    this.#log = options.log;
    this.#keys = options.keys ?? {};
    const instances = options.instances ?? 2;
    this.#instances = typeof instances === 'function' ? instances : () => instances;
    this.#probeMs = options.probeMs ?? 1_000;
    this.#windowMs = options.windowMs ?? 1_000;
    void probeClient(options.url, this.#probeMs, options.clientName ?? 'together-limits').then(
      (probe) => {
        if (this.#closed) return probe.disconnect();
        this.#probe = probe;
        probe.on('error', (e: unknown) => {
          this.#lastError = describe(e);
          if (!this.#epoch && !this.#outage) this.#fallBack();
        });
        probe.on('ready', () => void this.#open());
        probe.on('close', () => this.#lose(this.#epoch, 'the connection to Redis closed'));
      },
      (e: unknown) => {
        this.#lastError = describe(e);
        if (!this.#outage) this.#fallBack();
      },
    );
    const start = setTimeout(() => {
      if (!this.#epoch && !this.#outage) {
        this.#lastError ||= `no answer within ${options.startTimeoutMs ?? 5_000} ms`;
        this.#fallBack();
      }
    }, options.startTimeoutMs ?? 5_000);
    // Also covers a Redis that answers the probe but refused the limiters' connections.
    const retry = setInterval(() => {
      if (!this.#epoch && this.#probe?.status === 'ready') void this.#open();
    }, this.#probeMs);
    for (const timer of [start, retry]) timer.unref();
    this.#timers.push(start, retry);
  }

  lane(channel: { name: string; limits: ChannelLimits }): LanePermits {
    const key = this.#keys[channel.name] ?? channel.name;
    const { limits } = channel;
    const widest = Math.max(limits.perChatMs, limits.perGroupChatMs ?? 0);
    const lane: Lane = {
      spec: { name: channel.name, limits, id: `together:${channel.name}:${key}` },
      local: null,
      lastCalls: new LastCalls(() => widest * this.#lastShare),
    };
    return {
      call: (signal) => this.#call(lane, signal),
      chat: (chatId, group, signal) => this.#chat(lane, chatId, group, signal),
    };
  }

  /**
   * During an outage and its grace, this instance's share first, then (when Redis is there) the
   * cluster's permit: taken last, right before the send, it keeps Redis's count in step with the
   * sends, and a permit already waiting on the share when the grace ends still goes through Redis.
   */
  async #call(lane: Lane, signal: AbortSignal): Promise<void> {
    await this.#started(signal);
    for (let shared = false; ; ) {
      const outage = this.#outage;
      if (outage && !shared) await (await this.#localShare(lane, outage, signal)).call(signal);
      shared = true;
      const epoch = this.#epoch;
      // No Redis: this instance's share was all it needed.
      if (!epoch || (await epoch.call(lane.spec, signal))) return;
      // Redis went away while this one waited: a permit of the new outage's share instead.
      shared = false;
    }
  }

  async #chat(lane: Lane, chatId: string, group: boolean, signal: AbortSignal): Promise<Release> {
    const held = await this.#holdChat(lane, chatId, group, signal);
    return (lastCallAt) => {
      if (lastCallAt !== undefined) lane.lastCalls.record(chatId, group, lastCallAt);
      held?.(lastCallAt);
    };
  }

  /** The chat held in Redis (null without Redis), after this instance's own spacing while it has to keep it. */
  async #holdChat(lane: Lane, chatId: string, group: boolean, signal: AbortSignal): Promise<Release | null> {
    await this.#started(signal);
    for (let spaced = false; ; ) {
      const outage = this.#outage;
      if (outage && !spaced) await (await this.#localShare(lane, outage, signal)).chat(chatId, group, signal);
      spaced = true;
      const epoch = this.#epoch;
      if (!epoch) return null;
      const held = await epoch.chat(lane.spec, chatId, group, signal);
      if (held) return held;
      spaced = false;
    }
  }

  /** Waits for the first connection's outcome. */
  #started(signal: AbortSignal): Promise<void> {
    // One listener per waiting permit on the outbox's stop signal, all removed when they end.
    if (!this.#signals.has(signal)) {
      this.#signals.add(signal);
      setMaxListeners(0, signal);
    }
    return unlessAborted(this.#decided, signal);
  }

  async #localShare(lane: Lane, outage: Outage, signal: AbortSignal): Promise<LocalShare> {
    const share = await unlessAborted(outage.share, signal);
    if (!lane.local || lane.local.share !== share) {
      lane.local = new LocalShare(lane.spec.limits, share, outage.since, this.#windowMs, lane.lastCalls);
    }
    lane.local.since = outage.since;
    return lane.local;
  }

  async #open(): Promise<void> {
    const probe = this.#probe;
    if (this.#closed || this.#epoch || this.#opening || !probe) return;
    this.#opening = (async () => {
      try {
        await probe.ping();
        // Null while it opens: a stretch that ends before it is ours is nobody's loss.
        let epoch: RedisEpoch | null = null;
        epoch = await RedisEpoch.open(probe, 5_000, (reason) => this.#lose(epoch, reason));
        if (this.#closed) return epoch.close();
        this.#epoch = epoch;
        if (this.#outage) {
          // Every instance tries Redis again within one probe interval (reconnect, then open).
          this.#graceUntil = Date.now() + 2 * this.#probeMs + this.#windowMs;
          // The local share stays in force through the grace, then is dropped.
          const outage = this.#outage;
          setTimeout(() => {
            if (this.#outage === outage && this.#epoch === epoch) this.#outage = null;
          }, this.#graceUntil - Date.now()).unref();
          this.#log.warn({ redis: redactUrl(this.#url) }, 'Redis answers again: the platform limits are shared with the other instances again');
        } else {
          this.#log.info({ redis: redactUrl(this.#url) }, 'platform limits shared with the other instances through Redis');
        }
        this.#decide();
      } catch (e) {
        this.#lastError = describe(e);
        if (!this.#outage) this.#fallBack();
      } finally {
        this.#opening = null;
      }
    })();
    return this.#opening;
  }

  /** Redis is away: from now on this instance sends at its own share (said once per outage). */
  #fallBack(): void {
    if (this.#closed) return this.#decide();
    const outage: Outage = { since: Date.now(), share: this.#share() };
    this.#outage = outage;
    this.#graceUntil = 0;
    this.#decide();
    void outage.share.then((share) => {
      if (this.#outage !== outage) return;
      this.#log.warn(
        { redis: redactUrl(this.#url), error: this.#lastError, share: `1/${share}` },
        `REDIS_URL: Redis cannot be reached, so each instance sends at its own share of each platform limit (this one: 1/${share}) until it can`,
      );
    });
  }

  #lose(epoch: RedisEpoch | null, reason: string): void {
    if (!epoch || epoch !== this.#epoch) return;
    this.#epoch = null;
    this.#lastError = reason;
    epoch.close();
    this.#fallBack();
  }

  async #share(): Promise<number> {
    try {
      const n = await this.#instances();
      if (Number.isFinite(n) && n >= 1) this.#lastShare = Math.ceil(n);
      return this.#lastShare;
    } catch (e) {
      this.#log.warn({ err: e, share: this.#lastShare }, 'how many instances share the limits is not known now; counting as before');
      return this.#lastShare;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    const epoch = this.#epoch;
    this.#epoch = null;
    // A send after the close (none is expected) still keeps to this instance's share.
    this.#outage = { since: 0, share: Promise.resolve(this.#lastShare) };
    // A chat is held one spacing after its last message (a group's is the longest): let those end in Redis.
    await epoch?.release(RELEASE_CAP_MS);
    epoch?.close();
    this.#decide();
    this.#probe?.disconnect();
    await this.#opening?.catch(() => {});
  }
}
