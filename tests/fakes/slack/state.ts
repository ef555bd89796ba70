// The workspace as the fake sees it: people, conversations with their messages, ephemerals and
// shared files, home tabs, pending uploads, and the log of every call. Emits 'change' after any
// mutation so that waiters can re-check.
import { EventEmitter } from 'node:events';
import { objectId, TsClock } from './ids.ts';
import type { SeenSlackMessage, SlackCallRecord, SlackChannelInput, SlackUpload, SlackUserInput } from './types.ts';

export interface UserState {
  id: string;
  name: string;
  locale: string;
  tz: string;
  deleted: boolean;
}

export interface StoredMessage {
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  user: string;
  /** Set on the bot's own messages. */
  botId?: string;
  edited: boolean;
  /** When it was last edited (Slack's edited.ts). */
  editedTs?: string;
  deleted: boolean;
}

export interface StoredEphemeral extends StoredMessage {
  to: string;
}

export interface Conversation {
  id: string;
  kind: 'im' | 'channel';
  name: string;
  /** The other member of a DM. */
  userId?: string;
  /** Channel members; undefined = anyone may be addressed. */
  members?: string[];
  created: number;
  messages: StoredMessage[];
  ephemerals: StoredEphemeral[];
  uploads: SlackUpload[];
}

export interface PendingFile {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  completed: boolean;
}

export class SlackState {
  readonly events = new EventEmitter();
  readonly users = new Map<string, UserState>();
  readonly conversations = new Map<string, Conversation>();
  readonly files = new Map<string, PendingFile>();
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly calls: SlackCallRecord[] = [];
  readonly clock = new TsClock();
  rateLimited = 0;
  private readonly dms = new Map<string, string>();

  constructor() {
    // Many tests wait at once; each waiter listens for a moment only.
    this.events.setMaxListeners(0);
  }

  changed(): void {
    this.events.emit('change');
  }

  addUser(u: SlackUserInput): UserState {
    const existing = this.users.get(u.id);
    const user: UserState = {
      id: u.id,
      name: u.name ?? existing?.name ?? u.id.toLowerCase(),
      locale: u.locale ?? existing?.locale ?? 'en-US',
      tz: u.tz ?? existing?.tz ?? 'Europe/Paris',
      deleted: u.deleted ?? existing?.deleted ?? false,
    };
    this.users.set(u.id, user);
    this.changed();
    return user;
  }

  /** The user, registered on first sight (a person who writes to the bot exists in the workspace). */
  ensureUser(id: string): UserState {
    return this.users.get(id) ?? this.addUser({ id });
  }

  addChannel(c: SlackChannelInput): Conversation {
    const conv: Conversation = { id: c.id, kind: 'channel', name: c.name, ...(c.members ? { members: [...c.members] } : {}), created: nowS(), messages: [], ephemerals: [], uploads: [] };
    this.conversations.set(c.id, conv);
    this.changed();
    return conv;
  }

  /** The DM between the bot and `userId`, created on first use like Slack's IM channels. */
  dmOf(userId: string): Conversation {
    const id = this.dms.get(userId);
    if (id) return this.conversations.get(id) as Conversation;
    const conv: Conversation = { id: objectId('D'), kind: 'im', name: userId, userId, created: nowS(), messages: [], ephemerals: [], uploads: [] };
    this.dms.set(userId, conv.id);
    this.conversations.set(conv.id, conv);
    return conv;
  }

  hasDm(userId: string): boolean {
    return this.dms.has(userId);
  }

  /** A conversation by id; a user id (U…/W…) stands for the DM with that user, as chat.postMessage allows. */
  resolve(channel: string): Conversation | undefined {
    const conv = this.conversations.get(channel);
    if (conv) return conv;
    if (/^[UW]/.test(channel) && this.users.has(channel)) return this.dmOf(channel);
    return undefined;
  }

  /** Finds a message (or ephemeral) by ts, in `channel` or anywhere. */
  findMessage(ts: string, channel?: string): { conv: Conversation; message: StoredMessage; ephemeral: boolean } | undefined {
    const convs = channel ? [this.resolve(channel)].filter((c): c is Conversation => c !== undefined) : [...this.conversations.values()];
    for (const conv of convs) {
      const message = conv.messages.find((m) => m.ts === ts && !m.deleted);
      if (message) return { conv, message, ephemeral: false };
      const eph = conv.ephemerals.find((m) => m.ts === ts && !m.deleted);
      if (eph) return { conv, message: eph, ephemeral: true };
    }
    return undefined;
  }

  logCall(record: SlackCallRecord): void {
    this.calls.push(record);
    if (record.status === 429) this.rateLimited++;
    this.events.emit('call', record);
    this.changed();
  }
}

export function seen(m: StoredMessage | StoredEphemeral): SeenSlackMessage {
  return {
    ts: m.ts,
    text: m.text,
    ...(m.blocks ? { blocks: structuredClone(m.blocks) } : {}),
    ...(m.threadTs ? { threadTs: m.threadTs } : {}),
    edited: m.edited,
    user: m.user,
    ...('to' in m ? { to: m.to } : {}),
  };
}

export const nowS = (): number => Math.floor(Date.now() / 1000);
