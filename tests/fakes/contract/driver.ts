// The channel contract's view of one adapter: start it on a core, play a user, read what the user
// sees. Adding a channel to tests/channel-contract.test.ts means writing one of these.
import type { Core } from '../../../src/app.ts';
import type { Channel, ChannelCapabilities, EventSink, Handled } from '../../../src/channels/channel.ts';
import type { Address } from '../../../src/core/types.ts';

/** One message as the user sees it in their chat (edits applied). */
export interface SeenMessage {
  text: string;
  /** The buttons as the platform shows them, row by row; `token` when the platform exposes it. */
  rows: { label: string; token?: string }[][];
  /** An image or a file was shown. */
  media?: boolean;
  /** The message was changed after it was sent (a marked choice). */
  edited?: boolean;
}

export interface ChannelDriver {
  readonly name: string;
  readonly channel: Channel;
  readonly core: Core;
  /** What the adapter declares; the contract checks everything the user sees against it. */
  readonly capabilities: ChannelCapabilities;
  /** The address of `user`'s private chat. */
  address(user: string): Address;
  /** `user` has opened a private chat with the bot earlier (no message now), so the bot may write there. */
  meet(user: string): void;
  /** `user` types a line; resolves once the bot has answered it (every reply delivered). */
  send(user: string, text: string): Promise<void>;
  /** `user` presses the button whose label matches, on the latest message that has buttons. */
  press(user: string, label: RegExp): Promise<void>;
  /**
   * `user` presses a button of a step that is over: `label` on the earlier message matching
   * `message` where the platform keeps old buttons, else the first option still shown.
   */
  pressStale(user: string, message: RegExp, label: RegExp): Promise<void>;
  /** Every message in `user`'s private chat, in order. */
  seen(user: string): SeenMessage[];
  /** Resolves when nothing the bot was given is still being handled or delivered. */
  settle(): Promise<void>;
  /** The next `count` sends are answered 429 with `retryAfterS`; absent where the platform has no rate limit. */
  rateLimitNext?(count: number, retryAfterS: number): void;
  /** How many 429 answers the platform gave. */
  rateLimited?(): number;
  /** `user` blocks the bot (no update is sent); absent where a user cannot. */
  block?(user: string): void;
  /** The platform delivers the same message of `user` twice; absent where nothing is redelivered. */
  sendTwice?(user: string, text: string): Promise<void>;
  /** `user` types in a group chat (in `thread` when given); absent where there are no groups. */
  sendInGroup?(user: string, group: string, text: string, thread?: string): Promise<void>;
  /** What the group (or its `thread`) sees. */
  seenInGroup?(group: string, thread?: string): SeenMessage[];
  stop(): Promise<void>;
}

/**
 * Wraps a core's sink so a driver knows when every event it caused has been answered: each
 * event's `delivered` is kept until it settles.
 */
export class DeliveryTracker {
  readonly #pending = new Set<Promise<void>>();
  events = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  wrap(sink: EventSink): EventSink {
    return async (event) => {
      let handled: Handled;
      try {
        handled = await sink(event);
      } finally {
        this.events++;
        this.#waiters = this.#waiters.filter((w) => (this.events >= w.count ? (w.resolve(), false) : true));
      }
      const delivered = handled.delivered.catch(() => {});
      this.#pending.add(delivered);
      void delivered.finally(() => this.#pending.delete(delivered));
      return handled;
    };
  }

  /** Resolves once `count` events have gone through the sink. */
  reached(count: number): Promise<void> {
    if (this.events >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  async delivered(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
