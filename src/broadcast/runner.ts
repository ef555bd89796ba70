import type { Address, Reply } from '../core/types.ts';
import type { UserDoc } from '../store/types.ts';
import type { Services } from '../engine/services.ts';
import { DeliveryError } from '../channels/channel.ts';
import type { DeliveryOutcome } from '../outbox/outbox.ts';
import type { Ledger } from './ledger.ts';
import { letterFor, placeLetterFor } from './letter.ts';
import { quietUntil } from './quiet.ts';
import type { BroadcastKind, BroadcastMeta, BroadcastReport, Counts, Place } from './types.ts';

interface Prepared {
  key: string;
  address: Address;
  replies: Reply[];
  /** Set for a place's line. */
  place?: Place;
}

const PROGRESS_EVERY_MS = 200;

/**
 * One broadcast being sent by this process. Each channel has its own lane, and the lanes run
 * at the same time, each paced by its channel's outbox limiter. A lane keeps at most `window`
 * recipients handed to the outbox at once: enough to keep the channel at its limit, and few
 * enough that people chatting with the bot meanwhile are not queued behind thousands of
 * announcements.
 */
export class Run {
  readonly done: Promise<BroadcastReport>;
  #stopping = false;
  #error: unknown = null;
  #wakeAt: Date | null = null;
  #lastProgress = 0;
  /** Recipients withheld from the outbox because another instance took the broadcast over. */
  #handedOver = 0;

  constructor(
    private readonly services: Services,
    readonly meta: BroadcastMeta,
    readonly ledger: Ledger,
    private readonly kind: BroadcastKind,
    private readonly window: number,
    private readonly progress: (counts: Counts) => void,
    /** False once another instance may be sending this broadcast too (its lease is no longer surely ours). */
    private readonly mayHandOver?: () => boolean,
  ) {
    this.done = this.#run();
  }

  /** Stops taking new recipients; `done` resolves once those in flight have their outcome on disk. */
  stop(): void {
    this.#stopping = true;
  }

  async #run(): Promise<BroadcastReport> {
    const { ledger, services } = this;
    await Promise.resolve();
    // `sending` left by a process that died: the message may have gone out. Not sending it
    // again is the price of "nobody gets it twice"; the report shows how many are in doubt.
    const orphans = [...ledger.entries()].filter(([, e]) => e.s === 'sending').map(([k]) => k);
    if (orphans.length > 0) {
      services.log.warn({ broadcast: this.meta.id, count: orphans.length }, 'broadcast resumed: recipients in doubt are not sent again');
      await ledger.mark(orphans, 'unknown', services.now());
    }
    const lanes = new Map<string, string[]>();
    for (const [key, entry] of ledger.entries()) {
      if (entry.s !== 'pending') continue;
      const lane = lanes.get(entry.c);
      if (lane) lane.push(key);
      else lanes.set(entry.c, [key]);
    }
    await Promise.all([...lanes.values()].map((keys) => this.#lane(keys)));
    await ledger.flush();
    // One line for the whole hand-over, not one per recipient withheld.
    if (this.#handedOver > 0) services.log.warn({ broadcast: this.meta.id, withheld: this.#handedOver, count: ledger.pending }, 'this instance no longer holds the broadcast: the rest is left to the instance that took it over');
    if (this.#error) throw this.#error;
    this.#emit(true);
    const counts = ledger.snapshot();
    const places = ledger.placeSnapshot();
    const status = ledger.pending === 0 ? 'done' : this.#wakeAt && !this.#stopping ? 'held' : 'running';
    return { id: this.meta.id, status, counts, ...(places ? { places } : {}), ...(status === 'held' ? { wakeAt: this.#wakeAt!.toISOString() } : {}) };
  }

  async #lane(keys: string[]): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let i = 0;
    for (;;) {
      while (!this.#stopping && inflight.size < this.window && i < keys.length) {
        const batch: Prepared[] = [];
        const skipped: string[] = [];
        const failed: string[] = [];
        while (!this.#stopping && batch.length < this.window - inflight.size && i < keys.length) {
          const key = keys[i++]!;
          const entry = this.ledger.get(key);
          if (entry?.s !== 'pending') continue;
          // Quiet hours are the recipient's own: their zone from the ledger, else from their
          // document (Slack tells it), remembered in the ledger so a later wake need not read it.
          let user: UserDoc | null | undefined;
          let zone = entry.z;
          // A place has no document and no zone of its own: the broadcast's zone holds it.
          if (this.meta.quiet && zone === undefined && !entry.p) {
            user = await this.#load(key);
            zone = user?.tz;
            if (zone) this.ledger.noteZone(key, zone);
          }
          const held = this.meta.quiet ? quietUntil(this.services.now(), this.meta.quiet, zone) : null;
          if (held) {
            if (!this.#wakeAt || held < this.#wakeAt) this.#wakeAt = held;
            continue;
          }
          const prepared = entry.p ? await this.#preparePlace(key) : await this.#prepare(key, user);
          if (prepared === 'skip') skipped.push(key);
          else if (prepared === 'fail') failed.push(key);
          else batch.push(prepared);
        }
        if (skipped.length) this.#record(skipped, 'skipped');
        if (failed.length) this.#record(failed, 'failed');
        for (const item of batch) {
          const job: Promise<void> = this.#send(item).finally(() => inflight.delete(job));
          inflight.add(job);
        }
      }
      if (inflight.size === 0) return;
      await Promise.race(inflight);
    }
  }

  #load(key: string): Promise<UserDoc | null> {
    return this.services.store.loadUser(key).catch(() => null);
  }

  /** `loaded`: the document when the quiet-hours check already read it. */
  async #prepare(key: string, loaded?: UserDoc | null): Promise<Prepared | 'skip' | 'fail'> {
    const { services } = this;
    const user = loaded === undefined ? await this.#load(key) : loaded;
    if (!user || user.unreachable) return 'skip';
    const letter = letterFor(services, user);
    try {
      if (!(await this.kind.render(letter, this.meta.payload)) || letter.replies.length === 0) return 'skip';
    } catch (e) {
      services.log.error({ err: e, broadcast: this.meta.id }, 'a broadcast message could not be written; recipient counted as failed');
      return 'fail';
    }
    const { channel, chatId, userId } = user.contact;
    return { key, address: { channel, chatId, userId }, replies: letter.replies };
  }

  async #preparePlace(key: string): Promise<Prepared | 'skip' | 'fail'> {
    const { services } = this;
    const kind = this.kind.places;
    try {
      const place = await kind?.find(services, key);
      if (!kind || !place) return 'skip';
      const letter = placeLetterFor(services, place);
      if (!(await kind.render(letter, this.meta.payload)) || letter.replies.length === 0) return 'skip';
      return { key, address: place.address, replies: letter.replies, place };
    } catch (e) {
      services.log.error({ err: e, broadcast: this.meta.id }, 'a broadcast message for a place could not be written; counted as failed');
      return 'fail';
    }
  }

  async #send(item: Prepared): Promise<void> {
    let outcomes: DeliveryOutcome[];
    let refused = false;
    // `sending` is on disk before the channel is called, and not before: a recipient still
    // queued in the outbox when the process dies stays `pending` and is sent after the restart.
    const beforeDeliver = async (): Promise<void | false> => {
      if (this.mayHandOver && !this.mayHandOver()) {
        // The instance taking over sends it: it stays pending here and on disk. Withheld, not
        // failed: the outbox neither sends nor logs it.
        if (!refused) this.#handedOver++;
        refused = true;
        this.#stopping = true;
        return false;
      }
      try {
        await this.ledger.mark([item.key], 'sending', this.services.now());
      } catch (e) {
        this.#error ??= e;
        this.#stopping = true;
        throw new DeliveryError('rejected', 'the broadcast ledger could not be written; not sending');
      }
    };
    try {
      outcomes = await this.services.notify(item.address, item.replies, { beforeDeliver });
    } catch {
      outcomes = ['failed'];
    }
    if (refused) return;
    // A reply a bounded stop set aside never reached the channel (its hook did not run): the
    // recipient stays pending and the resumed broadcast sends it, rather than the outbox's store.
    if (outcomes.length > 0 && outcomes.every((o) => o === 'deferred')) return;
    const status = outcomes.includes('blocked') ? 'blocked' : outcomes.includes('sent') ? 'sent' : 'failed';
    this.#record([item.key], status);
    if (status === 'blocked' && item.place) {
      const place = item.place;
      await this.kind.places?.gone?.(this.services, place).catch((e) => this.services.log.error({ err: e, broadcast: this.meta.id }, 'a place that refused a broadcast could not be dropped'));
    }
  }

  /** Outcomes need not be durable before the next send: an unrecorded one is in doubt, never resent. */
  #record(keys: string[], status: 'sent' | 'failed' | 'blocked' | 'skipped'): void {
    this.ledger.mark(keys, status, this.services.now()).catch((e) => {
      this.#error ??= e;
      this.#stopping = true;
    });
    this.#emit(false);
  }

  #emit(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.#lastProgress < PROGRESS_EVERY_MS) return;
    this.#lastProgress = now;
    this.progress(this.ledger.snapshot());
  }
}
