/**
 * Broadcast domain types. A broadcast is one message sent to many people; its ledger says,
 * per recipient, where that message stands, so a crash mid-way resumes without sending
 * anything twice and without silently leaving anyone out.
 */
import type { Address, Reply } from '../core/types.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Services } from '../engine/services.ts';
import type { UserDoc } from '../store/types.ts';

/**
 * Where one recipient stands:
 * - `pending`: the channel has not been called for it (not handed over yet, waiting in the
 *   outbox's queue, or held by quiet hours): safe to send after a restart;
 * - `sending`: durably marked just before the channel is called; the outcome is not recorded yet;
 * - `sent` / `failed` / `blocked`: the outbox's final outcome;
 * - `skipped`: nothing to send any more (unsubscribed, erased, no longer concerned);
 * - `unknown`: was `sending` when the process died: it may or may not have gone out, and it is
 *   not sent again (at most once: nobody gets a message twice).
 */
export type EntryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'skipped' | 'unknown';

/** One recipient's line in the ledger; keyed by the user-document key, never a platform id. */
export interface Entry {
  /** Channel name, so each channel's recipients go out in their own lane. */
  c: string;
  s: EntryStatus;
  /** The recipient's time zone for quiet hours, when known. */
  z?: string;
  /** Last change, ISO. */
  at?: string;
  /** A place's line (a shared chat), not a person's. */
  p?: 1;
}

/** Who a broadcast goes to, as the owner of the broadcast selects them. */
export interface Recipient {
  key: string;
  channel: string;
  tz?: string;
  /**
   * A place (a shared chat the owner keeps, e.g. a Discord channel), not a person: its key is
   * the owner's, resolved at sending time by the kind's `places.find`, and it is counted apart.
   */
  place?: true;
}

export type Counts = Record<EntryStatus, number> & { total: number };

/** Quiet hours: nothing is sent between `from` and `to` o'clock of the recipient's zone. */
export interface QuietHours {
  from: number;
  to: number;
  /** The zone used when a recipient's own zone is unknown. */
  tz: string;
}

export type BroadcastStatus = 'running' | 'held' | 'done';

/** A broadcast's record in the `broadcasts` collection; its ledger is the `broadcast-ledger` collection. */
export interface BroadcastMeta {
  id: string;
  /** Which registered kind renders its messages. */
  kind: string;
  /** `payload.reportTo`, when a string, is the user key of the person the report goes to (indexed for /mydata and /forget). */
  payload: Record<string, unknown>;
  /** What the broadcast is about (a stop id…), indexed: `center.about(subject)` finds its broadcasts. */
  subject?: string;
  status: BroadcastStatus;
  createdAt: string;
  /** @deprecated Ledger chunk documents of older versions (moved into the ledger collection at start). */
  chunks?: number;
  quiet?: QuietHours;
  /** When held by quiet hours: the earliest time a held recipient may be sent to. */
  wakeAt?: string;
  finishedAt?: string;
  /** Counts as of the last time the broadcast stopped running. */
  counts?: Counts;
  /** The same for its places, when it has any. */
  places?: Counts;
}

/** What a broadcast was asked to do, by whoever owns it (a flow). */
export interface BroadcastSpec {
  /** Stable id ([a-z0-9-]): creating it again adds only recipients it does not have yet. */
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** What it is about (a stop id), to find it again by that. */
  subject?: string;
  recipients: Recipient[];
  quiet?: QuietHours;
  /**
   * On a repeated create, give recipients in these states another chance (e.g. `failed`, or
   * `skipped` people who were snoozed). Never `sent` or `unknown`: those may have it already.
   */
  reopen?: ('failed' | 'skipped' | 'blocked')[];
}

/**
 * What `create` did: `created`, the broadcast is stored (new, or given the recipients it lacked)
 * and waits for `run`; `busy`, this process or another instance is creating or sending this very
 * broadcast right now, and nothing was changed (that sender reaches its recipients).
 */
export type CreateResult = { outcome: 'created'; meta: BroadcastMeta; added: number; reopened: number } | { outcome: 'busy'; id: string };

/** A report for the person who started the broadcast. */
export interface BroadcastReport {
  id: string;
  status: BroadcastStatus;
  /** People. */
  counts: Counts;
  /** Places (shared chats), when the broadcast has any. */
  places?: Counts;
  wakeAt?: string;
}

/** What a renderer gets for one recipient: their document, language and a way to add buttons. */
export interface Letter {
  readonly services: Services;
  readonly user: UserDoc;
  readonly lang: string;
  readonly t: Translate;
  readonly now: Date;
  readonly replies: Reply[];
  say(text: string, choices?: { label: string; value: string }[], columns?: number): void;
  /** A text with buttons laid out in the given rows. */
  sayRows(text: string, rows: { label: string; value: string }[][]): void;
  file(filename: string, mime: string, content: string | Uint8Array, caption?: string): void;
}

/** A shared chat a broadcast also goes to (a Discord channel, a Telegram group): one message everybody there reads. */
export interface Place {
  key: string;
  /** The chat (`group: true`): no person's id in it. */
  address: Address;
  lang: string;
}

/** What a place's renderer gets: the chat and its language; text only (no button would know who pressed it). */
export interface PlaceLetter {
  readonly services: Services;
  readonly place: Place;
  readonly lang: string;
  readonly t: Translate;
  readonly now: Date;
  readonly replies: Reply[];
  say(text: string): void;
}

/** How a kind of broadcast reaches places: its owner keeps them (their address and language) and writes their message. */
export interface PlaceKind {
  /** The place of a ledger line, or undefined when it is no longer kept (the line is skipped). */
  find(services: Services, key: string): Promise<Place | undefined>;
  /** Adds the place's message to `letter`, or returns false to skip it. Nothing personal: everyone there reads it. */
  render(letter: PlaceLetter, payload: Record<string, unknown>): boolean | Promise<boolean>;
  /** The chat refused the message for good (the bot lost access, the chat is gone); no person is concerned. */
  gone?(services: Services, place: Place): Promise<void>;
}

/** How the messages of one kind of broadcast are written, per recipient, at the time of sending. */
export interface BroadcastKind {
  /** Adds the recipient's messages to `letter`, or returns false to skip them (no longer concerned). */
  render(letter: Letter, payload: Record<string, unknown>): boolean | Promise<boolean>;
  /** For broadcasts that also go to places (`Recipient.place`). */
  places?: PlaceKind;
  /** Called once a broadcast has gone to everyone it can reach now (done, or held by quiet hours). */
  onFinished?(services: Services, meta: BroadcastMeta, report: BroadcastReport): Promise<void>;
}

export function emptyCounts(): Counts {
  return { total: 0, pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0, skipped: 0, unknown: 0 };
}
