import { setMaxListeners } from 'node:events';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { ChannelLimits } from '../channels/channel.ts';
import { stopGroup, type Release } from './permit-waits.ts';

/** One channel's limits as every instance of the same bot names them in Redis. */
export interface LaneSpec {
  name: string;
  limits: ChannelLimits;
  /** `together:<channel>:<bot key>`: the same on every instance of one bot, different for another bot. */
  id: string;
}

/**
 * Start permits the cluster hands out ahead of time (as the local limiter's maxConcurrent): caps
 * the burst an instance's stalled event loop can let out at once.
 */
const MAX_IN_FLIGHT = 16;
/** A permit job whose instance died is freed in Redis after this long. */
const JOB = { expiration: 10_000 };
/**
 * A chat held by an instance that died is free again after this long. Longer than most deliveries
 * with their retries: a delivery that outlasts it lets another instance write to the chat meanwhile.
 */
const CHAT_JOB = { expiration: 30_000 };
/** The overall limiter's state is dropped from Redis after an hour without sends. */
const CALLS_TTL_MS = 3_600_000;
const noop = () => Promise.resolve();

interface EpochLane {
  calls: Bottleneck;
  privates: Bottleneck.Group;
  groups: Bottleneck.Group;
}

/** What Bottleneck's connection object has beyond its published types, used here. */
interface ConnectionInternals {
  ready: Promise<unknown>;
  __scriptFn__(name: string): (...args: unknown[]) => unknown;
  disconnect(flush?: boolean): Promise<unknown>;
  on(event: 'error', cb: (e: unknown) => void): void;
}

/**
 * Redis 7 puts "ERR " before the errors Bottleneck's scripts raise, so Bottleneck 2.19 no longer
 * recognises SETTINGS_KEY_NOT_FOUND (its state expired or Redis restarted empty) or UNKNOWN_CLIENT
 * (Redis forgot this client) and fails every later job instead of registering again
 * (SGrondin/bottleneck#205, #212). Giving it back the bare words restores its own recovery.
 */
function bareScriptErrors(connection: ConnectionInternals): void {
  const scriptFn = connection.__scriptFn__.bind(connection);
  connection.__scriptFn__ = (name) => {
    const run = scriptFn(name);
    return (...args: unknown[]) => {
      const callback = args.pop() as (err: unknown, replies: unknown) => void;
      return run(...args, (err: unknown, replies: unknown) => {
        const m = err instanceof Error ? /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/.exec(err.message) : null;
        callback(m ? new Error(m[1]) : err, replies);
      });
    };
  };
}

/**
 * One stretch of time during which this instance reaches Redis: two fresh connections and
 * Bottleneck's clustered limiters over them. It ends at the first sign of trouble (a connection
 * closed, a script failed) and is never revived: a limiter made while Redis was away stays broken
 * in Bottleneck, so the next stretch starts with new ones.
 */
export class RedisEpoch {
  /** Aborted when this epoch has ended: whoever waits on it takes a local permit instead. */
  readonly ended = new AbortController();
  readonly #connection: ConnectionInternals & Bottleneck.IORedisConnection;
  readonly #lanes = new Map<string, EpochLane>();
  /** Chats this instance holds now, each with its job's end as Redis will record it. */
  readonly #holds = new Set<Promise<unknown>>();
  readonly #onEnd: (reason: string) => void;

  private constructor(connection: ConnectionInternals & Bottleneck.IORedisConnection, onEnd: (reason: string) => void) {
    this.#connection = connection;
    this.#onEnd = onEnd;
    // Every permit waiting on Redis listens for its end, and stops listening when it has its answer.
    setMaxListeners(0, this.ended.signal);
  }

  /**
   * Opens a stretch over new connections made like `probe` (which must be connected), that never
   * reconnect: a lost connection ends the stretch. Rejects when it is not ready within `timeoutMs`.
   */
  static async open(probe: Redis, timeoutMs: number, onEnd: (reason: string) => void): Promise<RedisEpoch> {
    // Already loaded by the probe; imported here rather than at the top so that no start loads it without REDIS_URL.
    const { Redis } = await import('ioredis');
    const client = probe.duplicate({ retryStrategy: () => null });
    const connection = new Bottleneck.IORedisConnection({ client, Redis }) as ConnectionInternals & Bottleneck.IORedisConnection;
    bareScriptErrors(connection);
    const epoch = new RedisEpoch(connection, onEnd);
    // The subscriber is made by Bottleneck as a duplicate of `client`, so it never reconnects either.
    connection.on('error', (e) => epoch.#end(`Redis: ${describe(e)}`));
    client.on('close', () => epoch.#end('the connection to Redis closed'));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        connection.ready,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs))),
        new Promise((_, reject) => epoch.ended.signal.addEventListener('abort', () => reject(new Error(String(epoch.ended.signal.reason))), { once: true })),
      ]);
    } catch (e) {
      epoch.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    const subscriber = (connection as unknown as { subscriber: Redis }).subscriber;
    subscriber.on('close', () => epoch.#end('the connection to Redis closed'));
    return epoch;
  }

  /** True once one call may start on the channel; false when the stretch ended first. */
  call(spec: LaneSpec, signal: AbortSignal): Promise<boolean> {
    if (this.ended.signal.aborted) return Promise.resolve(false);
    return this.#wait(this.#lane(spec).calls.schedule(JOB, noop), signal);
  }

  /**
   * The chat for this instance alone (on every instance), until the returned release is called
   * with when the last platform call started: the chat is free again one spacing after it. Null
   * when the stretch ended first.
   */
  async chat(spec: LaneSpec, chatId: string, group: boolean, signal: AbortSignal): Promise<Release | null> {
    if (this.ended.signal.aborted) return null;
    const { limits } = spec;
    const lane = this.#lane(spec);
    const gap = group ? (limits.perGroupChatMs ?? limits.perChatMs) : limits.perChatMs;
    let free!: () => void;
    const held = new Promise<void>((resolve) => (free = resolve));
    let started!: () => void;
    const turn = new Promise<void>((resolve) => (started = resolve));
    const job = (group ? lane.groups : lane.privates).key(chatId).schedule(CHAT_JOB, () => {
      started();
      return held;
    });
    let ours = false;
    try {
      ours = await this.#wait(Promise.race([turn, job]), signal);
    } finally {
      // Given up before its turn: whenever the turn comes, it passes at once.
      if (!ours) free();
    }
    if (!ours) return null;
    const done = job.catch(() => {});
    this.#holds.add(done);
    void done.finally(() => this.#holds.delete(done));
    return (lastCallAt) => {
      const wait = (lastCallAt ?? Date.now()) + gap - Date.now();
      if (wait <= 0) free();
      else setTimeout(free, wait).unref();
    };
  }

  /**
   * Waits (at most `capMs`) until the chats this instance holds are free in Redis. Closed while it
   * still held one, Redis would keep that chat held for the other instances until the job expired.
   */
  async release(capMs: number): Promise<void> {
    if (this.#holds.size === 0 || this.ended.signal.aborted) return;
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
    await Promise.race([Promise.allSettled([...this.#holds]), cap]);
    clearTimeout(timer);
  }

  /** Ends the stretch: waiters move on, the connections close, the limiters' timers stop. */
  close(): void {
    this.#end('closed');
  }

  #end(reason: string): void {
    if (this.ended.signal.aborted) return;
    this.ended.abort(reason);
    for (const lane of this.#lanes.values()) {
      // Left running, a Group's clean-up timer would ask a closed connection forever.
      stopGroup(lane.privates);
      stopGroup(lane.groups);
    }
    // Not limiter.disconnect(): with Redis away, its unsubscribe rejects where nobody can catch it.
    // The connection's own disconnect stops every limiter's heartbeat and closes both clients.
    void this.#connection.disconnect(false).catch(() => {});
    if (reason !== 'closed') this.#onEnd(reason);
  }

  #lane(spec: LaneSpec): EpochLane {
    let lane = this.#lanes.get(spec.name);
    if (lane) return lane;
    const { limits } = spec;
    const clustered = { datastore: 'ioredis' as const, connection: this.#connection, clearDatastore: false };
    // The limit is part of each id: Redis keeps the settings of the first limiter with an id, so a
    // new limit must not inherit the old one's.
    const calls = this.#watch(new Bottleneck({ ...clustered, id: `${spec.id}:calls:${limits.perSecond}`, minTime: 1000 / limits.perSecond, maxConcurrent: MAX_IN_FLIGHT, timeout: CALLS_TTL_MS }));
    const chats = (gap: number) => {
      // One message at a time per chat on all instances, each holding the chat until one spacing
      // after its call: spacing counted from job starts alone lets a message that waited for the
      // overall rate go out right before the next one. Keys outlive the spacing several times
      // over, then Redis forgets an idle chat.
      const group = new Bottleneck.Group({ ...clustered, id: `${spec.id}:chat:${gap}`, minTime: gap, maxConcurrent: 1, timeout: Math.max(CHAT_JOB.expiration, 5 * gap) });
      group.on('created', (limiter) => this.#watch(limiter));
      return group;
    };
    lane = { calls, privates: chats(limits.perChatMs), groups: chats(limits.perGroupChatMs ?? limits.perChatMs) };
    this.#lanes.set(spec.name, lane);
    return lane;
  }

  #watch(limiter: Bottleneck): Bottleneck {
    limiter.on('error', (e: unknown) => this.#end(`Redis: ${describe(e)}`));
    // A limiter whose set-up failed keeps a rejected promise; its jobs report the failure.
    limiter.ready().catch(() => {});
    return limiter;
  }

  #wait(job: Promise<void>, signal: AbortSignal): Promise<boolean> {
    const ended = this.ended.signal;
    return new Promise<boolean>((resolve, reject) => {
      const onEnded = () => {
        done();
        resolve(false);
      };
      const onAbort = () => {
        done();
        reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
      };
      const done = () => {
        ended.removeEventListener('abort', onEnded);
        signal.removeEventListener('abort', onAbort);
      };
      if (signal.aborted) return onAbort();
      ended.addEventListener('abort', onEnded, { once: true });
      signal.addEventListener('abort', onAbort, { once: true });
      job.then(
        () => {
          done();
          resolve(true);
        },
        (e: unknown) => {
          done();
          this.#end(`Redis: ${describe(e)}`);
          resolve(false);
        },
      );
    });
  }
}

export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
