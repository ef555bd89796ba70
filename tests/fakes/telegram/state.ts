// The fake's world: chats and their messages, and what the bot did to them.
// Every mutation emits 'change' so waiters can re-check without polling.
import { EventEmitter } from 'node:events';
import { badRequest, BLOCKED, CHAT_NOT_FOUND, forbidden } from './errors.ts';
import { buttonsOf, inlineOnly } from './markup.ts';
import { FileStore, photoSizes } from './media.ts';
import { str, type Params } from './params.ts';
import type {
  BotCommand,
  CallbackRecord,
  CallRecord,
  ChatActionRecord,
  Counters,
  ReactionRecord,
  StoredMessage,
  TgChat,
  TgUser,
} from './types.ts';

export interface ChatState {
  chat: TgChat;
  user?: TgUser;
  /** Private chats: the user blocked the bot. */
  blocked: boolean;
  /** Groups: whether the bot is still in the chat. */
  botStatus: 'member' | 'administrator' | 'left' | 'kicked';
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

export type NewMessage = Omit<StoredMessage, 'seq' | 'updated_seq' | 'chat_id' | 'message_id' | 'date' | 'edits' | 'deleted' | 'reactions' | 'buttons'>;

export class FakeState {
  readonly events = new EventEmitter();
  readonly chats = new Map<number, ChatState>();
  readonly files = new FileStore();
  readonly commands = new Map<string, BotCommand[]>();
  readonly reactions: ReactionRecord[] = [];
  readonly chatActions: ChatActionRecord[] = [];
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly calls: CallRecord[] = [];
  readonly sent: StoredMessage[] = [];
  readonly counters: Counters = { calls: {}, statuses: {}, tooManyRequests: 0, injected: 0 };
  private seq = 0;

  constructor(
    readonly bot: TgUser,
    readonly botReadsAllGroupMessages: boolean,
  ) {
    this.events.setMaxListeners(0);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  changed(message?: StoredMessage): void {
    if (message) message.updated_seq = this.nextSeq();
    this.events.emit('change');
  }

  privateChat(user: TgUser): ChatState {
    const existing = this.chats.get(user.id);
    if (existing) {
      existing.user = user;
      return existing;
    }
    const chat: TgChat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.last_name) chat.last_name = user.last_name;
    if (user.username) chat.username = user.username;
    return this.addChat({ chat, user, blocked: false, botStatus: 'member', nextMessageId: 1, messages: new Map() });
  }

  groupChat(chat: TgChat): ChatState {
    return this.chats.get(chat.id) ?? this.addChat({ chat, blocked: false, botStatus: 'member', nextMessageId: 1, messages: new Map() });
  }

  private addChat(state: ChatState): ChatState {
    this.chats.set(state.chat.id, state);
    return state;
  }

  /** Reads chat_id the way the Bot API does: an integer id or an @username. */
  resolveChat(p: Params): ChatState {
    const raw = str(p, 'chat_id');
    if (raw === undefined) throw badRequest('chat_id is empty');
    let found: ChatState | undefined;
    if (/^-?\d+$/.test(raw.trim())) found = this.chats.get(Number(raw));
    else if (raw.startsWith('@')) {
      const name = raw.slice(1).toLowerCase();
      found = [...this.chats.values()].find((c) => c.chat.username?.toLowerCase() === name);
    }
    if (!found) throw badRequest(CHAT_NOT_FOUND);
    return found;
  }

  /** Sending into a chat the bot can no longer reach is a 403, as in Telegram. */
  assertReachable(state: ChatState): void {
    if (state.chat.type === 'private') {
      if (state.blocked) throw forbidden(BLOCKED);
      return;
    }
    const kind = state.chat.type === 'supergroup' ? 'supergroup' : state.chat.type === 'channel' ? 'channel' : 'group';
    if (state.botStatus === 'kicked') throw forbidden(`bot was kicked from the ${kind} chat`);
    if (state.botStatus === 'left') throw forbidden(`bot is not a member of the ${kind} chat`);
  }

  addMessage(state: ChatState, message: NewMessage): StoredMessage {
    const seq = this.nextSeq();
    const stored: StoredMessage = {
      ...message,
      seq,
      updated_seq: seq,
      chat_id: state.chat.id,
      message_id: state.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      edits: [],
      deleted: false,
      reactions: [],
      buttons: buttonsOf(message.reply_markup),
    };
    if (!stored.reply_markup) delete stored.reply_markup;
    state.messages.set(stored.message_id, stored);
    if (stored.from_bot) this.sent.push(stored);
    this.changed();
    return stored;
  }

  findMessage(state: ChatState, messageId: number | undefined): StoredMessage | undefined {
    if (messageId === undefined) return undefined;
    const message = state.messages.get(messageId);
    return message && !message.deleted ? message : undefined;
  }

  /** The Message object as the Bot API serialises it. */
  toWire(message: StoredMessage, withReply = true): Record<string, unknown> {
    const state = this.chats.get(message.chat_id);
    const wire: Record<string, unknown> = {
      message_id: message.message_id,
      from: message.sender,
      chat: state?.chat,
      date: message.date,
    };
    if (message.edit_date) wire.edit_date = message.edit_date;
    if (message.message_thread_id !== undefined) {
      wire.message_thread_id = message.message_thread_id;
      wire.is_topic_message = true;
    }
    const replied = withReply && state ? this.findMessage(state, message.reply_to_message_id) : undefined;
    if (replied) wire.reply_to_message = this.toWire(replied, false);
    if (message.text !== undefined) wire.text = message.text;
    if (message.photo) wire.photo = photoSizes(message.photo);
    if (message.document) {
      const d = message.document;
      wire.document = { file_id: d.file_id, file_unique_id: d.file_unique_id, file_name: d.file_name, mime_type: d.mime_type, file_size: d.file_size };
    }
    if (message.caption !== undefined) wire.caption = message.caption;
    if (message.entities.length > 0) wire[message.text !== undefined ? 'entities' : 'caption_entities'] = message.entities;
    const markup = inlineOnly(message.reply_markup);
    if (markup) wire.reply_markup = markup;
    return wire;
  }

  logCall(record: Omit<CallRecord, 'seq' | 'at'>): void {
    this.calls.push({ seq: this.nextSeq(), at: Date.now(), ...record });
    const c = this.counters;
    c.calls[record.method] = (c.calls[record.method] ?? 0) + 1;
    c.statuses[String(record.http_status)] = (c.statuses[String(record.http_status)] ?? 0) + 1;
    if (record.http_status === 429) c.tooManyRequests++;
    if (record.injected) c.injected++;
    this.events.emit('call', record);
    this.changed();
  }
}
