import type { Address, InboundEvent, Reply } from '../core/types.ts';

/** A platform's published sending limits; the outbox spaces messages to stay under them. */
export interface ChannelLimits {
  /** Messages per second over the whole channel. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one private chat. */
  perChatMs: number;
  /** Minimum milliseconds between two messages to one group chat. */
  perGroupChatMs?: number;
}

/** What the core answers when an adapter hands it an event. */
export interface Handled {
  /** Resolves when every reply of this event has been delivered (or has finally failed). */
  delivered: Promise<void>;
}

export type EventSink = (event: InboundEvent) => Promise<Handled>;

/** What the core tells a channel at start: enough to register commands in each language. */
export interface ChannelInfo {
  languages: string[];
  defaultLanguage: string;
  /** The chat commands with their description in `lang`. */
  commands(lang: string): { command: string; description: string }[];
  /** A short greeting that says how to begin, in the language of `locale` (or the default). */
  greeting(locale?: string): string;
  /**
   * A text of the adapter's own (locales/<lang>/<channel>.json, e.g. `slack:pointer.mention`) in
   * the language of `locale` (a platform locale such as "fr-FR", or a language; the default
   * when unknown), so an adapter's few words (pointers, ephemeral notes) are localized too.
   */
  translate?(locale: string | undefined, key: string, params?: Record<string, unknown>): string;
  /**
   * What a person's home screen shows (Slack's App Home tab): their groups, progress, follows and
   * next reminders, with buttons. A button's token is a choice token like any other, or a
   * command when it starts with "/" ("/spiral"). Absent until the core provides it; the adapter
   * then shows the greeting.
   */
  home?(address: Address, locale?: string): Promise<HomeView>;
  /**
   * True for the few commands the core runs in a group chat itself (a flow's `groupCommands`,
   * e.g. `/caravan channel here`): an adapter that otherwise moves a command typed in a group to
   * the private chat (Discord) delivers these as group events, with the chat's address.
   */
  groupCommand?(name: string, args: string): boolean;
  /**
   * Set when other instances of the bot share the work: runs `role` only while this instance holds
   * the named lease, for what one connection per bot may do (Telegram long polling, the Discord
   * gateway); another instance takes it over when this one dies. Webhooks and HTTP requests are
   * served by every instance. Absent for a process on its own: the channel starts it itself.
   */
  hold?(name: string, role: { start(): Promise<void>; stop(): Promise<void> }): void;
}

/** A person's home screen: a title and sections of text, each with optional buttons. */
export interface HomeView {
  title: string;
  sections: { text: string; buttons?: { label: string; token: string }[] }[];
}

/** The small contract every platform adapter fulfils. */
export interface Channel {
  readonly name: string;
  /** null: the channel has no limits (the console). */
  readonly limits: ChannelLimits | null;
  start(sink: EventSink, info: ChannelInfo): Promise<void>;
  /** Stops taking updates; the caller then drains the outbox. */
  stop(): Promise<void>;
  /**
   * Sends one reply to one chat in one platform call, or throws a DeliveryError. `to` is the
   * whole address when the sender has it: its `thread` says where in the chat the reply goes
   * (a forum topic, a Slack or Discord thread).
   */
  deliver(chatId: string, reply: Reply, to?: Address): Promise<void>;
  /**
   * Cuts a reply into pieces the platform accepts (e.g. texts over its length limit), so
   * that each piece is paced, retried and counted on its own and a retry never resends one.
   */
  split?(reply: Reply): Reply[];
  /**
   * True for a chat this adapter has seen as a group (from the platform's own chat type, never
   * from the id's shape). The outbox asks only when an address does not carry `group` itself.
   */
  isGroupChat?(chatId: string): boolean;
  /** The bot's public name on this platform once started (Telegram deep links use it). */
  readonly botName?: string;
  /**
   * A link that opens the bot's private chat with the person and, when `payload` is given,
   * delivers `/start <payload>` there (Telegram: t.me/<bot>?start=<payload>). Undefined when the
   * platform has no such link or the channel has not started. The core uses it to point from a
   * group to the private chat; payloads are at most 64 characters of A-Z, a-z, 0-9, _ and -.
   */
  link?(payload?: string): string | undefined;
  /**
   * True when a typed number picks one of the numbered options (the console). Re-asks only say
   * "or type its number" where that works; on button platforms a number is just text.
   */
  readonly numberedChoices?: boolean;
  /** What this channel can show; the core lays replies out to fit (DEFAULT_CAPABILITIES when absent). */
  readonly capabilities?: Partial<ChannelCapabilities>;
}

/**
 * What a channel can show, so the core lays replies out to fit it (one layout rule for every
 * channel): the adapter never decides layout, it declares its limits here.
 */
export interface ChannelCapabilities {
  /** Longest text of one message, in characters (Telegram 4,096; Discord 2,000). */
  maxText: number;
  /** Buttons in one row (Telegram 8; Discord and Slack 5). */
  buttonsPerRow: number;
  /** Rows of buttons in one message (Discord 5). */
  maxRows: number;
  /** Longest button label, in characters (Discord 80; Slack 75). */
  maxLabel: number;
  /** Longest button token, in bytes (Telegram callback_data 64; Discord custom_id 100; Slack value 2,000). */
  maxToken: number;
  /** A sent message can be edited (mark the chosen button). */
  edit: boolean;
  /** Images and files can be uploaded. */
  upload: boolean;
  /** A message only one person in a shared conversation sees (Slack, Discord). */
  ephemeral: boolean;
  /** `link(payload)` opens the private chat and carries a payload there. */
  linkPayload: boolean;
  /** A typed number picks one of the numbered options (the console). */
  numberedChoices: boolean;
}

/** What a channel that declares nothing is assumed to manage: a plain, small chat. */
export const DEFAULT_CAPABILITIES: ChannelCapabilities = {
  maxText: 4096,
  buttonsPerRow: 3,
  maxRows: 8,
  maxLabel: 64,
  maxToken: 64,
  edit: false,
  upload: false,
  ephemeral: false,
  linkPayload: false,
  numberedChoices: false,
};

/**
 * Builds a channel's private-chat link without a running bot, from the bot's public name (the
 * CLI's `together caravan qr --bot NAME`). Same payload rule as `Channel.link`.
 */
export type ChannelLinkBuilder = (payload: string | undefined, options: { botName?: string }) => string | undefined;

/** A deep-link payload a channel accepts (Telegram's `start` parameter). */
export const LINK_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

export type DeliveryFailure = 'rate_limited' | 'blocked' | 'transient' | 'rejected';

/** A typed delivery failure, so the outbox knows whether to wait, retry or give up. */
export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
