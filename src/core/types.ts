/**
 * The core's only vocabulary: what comes in from a channel and what goes back out.
 * Nothing here knows a platform; adapters translate to and from these shapes.
 */

/** Where a message came from and where replies go. A person is `channel:userId`. */
export interface Address {
  channel: string;
  chatId: string;
  userId: string;
  /** Set by the adapter when the chat holds several people (never guessed from the id's shape). */
  group?: boolean;
  /** A thread inside the chat (Telegram forum topic, Slack or Discord thread): replies go back into it. */
  thread?: string;
}

interface EventBase {
  address: Address;
  /** The user's platform locale when the platform tells it (e.g. "fr-FR"). */
  locale?: string;
  /** The user's IANA time zone when the platform tells it (Slack: "Europe/Paris"); stored on the person. */
  timeZone?: string;
  /** The platform's update id, used to process a redelivered update once. */
  updateId?: string;
  /** Display name, kept with the contact data and never exported. */
  userName?: string;
  /** True when the chat holds several people (a Telegram group, a Slack channel). */
  groupChat?: boolean;
  /** The group chat's own language when the platform tells one (a Discord server's preferred locale, e.g. "fr"). */
  chatLocale?: string;
}

export interface TextEvent extends EventBase {
  kind: 'text';
  text: string;
}

/** A button press. `token` is what the core put on the button; `message` is the adapter's handle on that message. */
export interface ChoiceEvent extends EventBase {
  kind: 'choice';
  token: string;
  message?: string;
}

export interface CommandEvent extends EventBase {
  kind: 'command';
  name: string;
  args: string;
}

/** The bot became reachable (added, DM opened) or unreachable (blocked, removed). */
export interface MembershipEvent extends EventBase {
  kind: 'joined' | 'left';
}

export type InboundEvent = TextEvent | ChoiceEvent | CommandEvent | MembershipEvent;

/** One button. `token` is opaque to adapters and at most 64 bytes. */
export interface Button {
  label: string;
  token: string;
  /**
   * Navigation (back, skip, done, cancel, pages) rather than an answer to the step. Channels that
   * number the options (the console) leave these unnumbered, so a typed number is always an answer.
   */
  nav?: true;
  /** The typed command that does the same as this button (`done` for /done), when there is one. */
  command?: string;
}

export interface TextReply {
  kind: 'text';
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][];
}

export interface ImageReply {
  kind: 'image';
  png: Uint8Array;
  filename: string;
  caption?: string;
}

export interface FileReply {
  kind: 'file';
  filename: string;
  mime: string;
  content: Uint8Array;
  caption?: string;
}

/** Mark the pressed button on the message that carried it (and take the keyboard away). */
export interface MarkChosenReply {
  kind: 'mark';
  message: string;
  token: string;
}

export type Reply = TextReply | ImageReply | FileReply | MarkChosenReply;

/** What a flow asks for: text plus optional choices whose values the flow defines. */
export interface Choice {
  label: string;
  value: string;
}

/** "/name args" → command parts, or null. Strips the "@botname" suffix group chats add. */
export function parseCommand(text: string): { name: string; args: string } | null {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m || !m[1]) return null;
  return { name: m[1].toLowerCase(), args: (m[2] ?? '').trim() };
}

/** The identity of a person: `channel:userId`. */
export function personId(address: Address): string {
  return `${address.channel}:${address.userId}`;
}
