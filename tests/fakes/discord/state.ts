// What the fake Discord knows: people, channels (guild text and DMs), the bot's and people's
// messages, registered commands per scope, interactions and how they were answered, the call log.
import type { DiscordCallRecord, InteractionRecord, RegisteredCommand } from './types.ts';

export interface StoredUser {
  id: string;
  username: string;
  locale: string;
  dmsClosed: boolean;
  bot?: boolean;
}

export interface StoredChannel {
  id: string;
  type: 0 | 1;
  name?: string;
  guildId?: string;
  /** DM channels: the person at the other end. */
  recipientId?: string;
  lastMessageId?: string;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  bytes: Buffer;
  contentType?: string;
  description?: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  components?: unknown[];
  embeds?: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  timestamp: string;
  editedTimestamp?: string;
  allowedMentions?: unknown;
  interactionId?: string;
  /** Ephemeral interaction answers: the only person who sees them. */
  to?: string;
  /** Messages sent through the interaction webhook carry the application id as webhook_id. */
  webhookId?: string;
  /** The sender's nonce (with enforce_nonce, a second create with it within minutes returns this message). */
  nonce?: string;
  /** Addition: stickers a person sent (a message may be a sticker and nothing else). */
  stickerItems?: { id: string; name: string; format_type: number }[];
}

export interface StoredInteraction {
  id: string;
  token: string;
  type: number;
  userId: string;
  channelId: string;
  guildId?: string;
  createdAt: number;
  acknowledged: boolean;
  /** The message @original designates: the reply (4/5) or, for components answered by 6/7, the pressed message. */
  originalMessageId?: string;
  /** Component interactions: the message carrying the pressed component. */
  sourceMessageId?: string;
  record: InteractionRecord;
  settle: (r: InteractionRecord) => void;
  timer?: NodeJS.Timeout;
}

export class State {
  readonly users = new Map<string, StoredUser>();
  readonly channels = new Map<string, StoredChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly commands = new Map<string, RegisteredCommand[]>();
  readonly interactions = new Map<string, StoredInteraction>();
  readonly callLog: DiscordCallRecord[] = [];
  /** Messages by author and nonce (Discord's enforce_nonce scope): a lookup per create must not read every message (the bench makes thousands). */
  private readonly byNonce = new Map<string, StoredMessage>();
  private readonly listeners = new Set<() => void>();
  private readonly callListeners = new Set<(call: DiscordCallRecord) => void>();

  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }

  addMessage(m: StoredMessage): StoredMessage {
    this.messages.set(m.id, m);
    if (m.nonce !== undefined) this.byNonce.set(`${m.authorId}:${m.nonce}`, m);
    const channel = this.channels.get(m.channelId);
    if (channel) channel.lastMessageId = m.id;
    this.changed();
    return m;
  }

  /** The latest message `authorId` created with `nonce`, in any channel, if it still exists. */
  messageByNonce(authorId: string, nonce: string): StoredMessage | undefined {
    const m = this.byNonce.get(`${authorId}:${nonce}`);
    return m && this.messages.has(m.id) ? m : undefined;
  }

  interactionByToken(token: string): StoredInteraction | undefined {
    for (const i of this.interactions.values()) if (i.token === token) return i;
    return undefined;
  }

  logCall(call: DiscordCallRecord): void {
    this.callLog.push(call);
    for (const l of [...this.callListeners]) l(call);
    this.changed();
  }

  /** Addition: told of every call as it is logged (a bench waits on thousands at once; waitFor would poll each). */
  onCall(listener: (call: DiscordCallRecord) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** Wakes the waiters (waitFor) after any change. */
  changed(): void {
    for (const l of [...this.listeners]) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
