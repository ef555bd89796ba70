// The users' side: what Telegram would push to the bot when people type,
// press buttons, block the bot or add it to groups.
import { randomBytes } from 'node:crypto';
import { hasCallbackData } from './markup.ts';
import type { ChatState, FakeState } from './state.ts';
import type { UpdateQueue } from './updates.ts';
import type { Entity, TgChat, TgUser } from './types.ts';

export interface FakeUserInput {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  /** Defaults to 'en'; null leaves it out (Telegram omits it when unknown). */
  language_code?: string | null;
}

export interface GroupInput {
  id: number;
  title?: string;
  type?: 'group' | 'supergroup';
  username?: string;
  /** A supergroup with topics. */
  is_forum?: boolean;
}

export function toUser(input: FakeUserInput): TgUser {
  const user: TgUser = { id: input.id, is_bot: false, first_name: input.first_name ?? `User${input.id}` };
  if (input.last_name) user.last_name = input.last_name;
  if (input.username) user.username = input.username;
  const language = input.language_code === undefined ? 'en' : input.language_code;
  if (language) user.language_code = language;
  return user;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** bot_command and mention entities, with TDLib's boundary rules (match_bot_commands / match_mentions). */
export function incomingEntities(text: string): Entity[] {
  const entities: Entity[] = [];
  const command = /\/([a-zA-Z0-9_]{1,64})(@[a-zA-Z0-9_]{3,32})?/g;
  for (let m = command.exec(text); m; m = command.exec(text)) {
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    if (isWordChar(before) || (before !== undefined && '/<>'.includes(before))) continue;
    if (isWordChar(after) || (after !== undefined && '/<>@'.includes(after))) continue;
    entities.push({ type: 'bot_command', offset: m.index, length: m[0].length });
  }
  const mention = /@([a-zA-Z0-9_]{2,32})/g;
  for (let m = mention.exec(text); m; m = mention.exec(text)) {
    if (isWordChar(text[m.index - 1]) || isWordChar(text[m.index + m[0].length])) continue;
    if (entities.some((e) => e.offset <= m!.index && m!.index < e.offset + e.length)) continue;
    entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return entities.sort((a, b) => a.offset - b.offset);
}

const now = (): number => Math.floor(Date.now() / 1000);

export class Simulator {
  constructor(
    private readonly state: FakeState,
    private readonly queue: UpdateQueue,
    private readonly privacyMode: boolean,
  ) {}

  private group(input: GroupInput): ChatState {
    const chat: TgChat = { id: input.id, type: input.type ?? (String(input.id).startsWith('-100') ? 'supergroup' : 'group'), title: input.title ?? `Group ${input.id}` };
    if (input.username) chat.username = input.username;
    if (input.is_forum) {
      if (chat.type !== 'supergroup') throw new Error(`fake Telegram: only a supergroup can be a forum (group ${input.id} is a ${chat.type})`);
      chat.is_forum = true;
    }
    return this.state.groupChat(chat);
  }

  /** A user the bot already knows (they pressed Start earlier), without sending an update. */
  addUser(input: FakeUserInput): void {
    this.state.privateChat(toUser(input));
  }

  sendText(input: FakeUserInput, text: string, opts: { chat?: GroupInput; replyTo?: number; thread?: number } = {}): number {
    const user = toUser(input);
    const chat = opts.chat ? this.group(opts.chat) : this.state.privateChat(user);
    if (opts.thread !== undefined && !chat.chat.is_forum) throw new Error(`fake Telegram: a topic (thread ${opts.thread}) needs a forum supergroup ({ is_forum: true })`);
    if (chat.chat.type === 'private' && chat.blocked) this.setBlocked(user, false, true);
    const entities = incomingEntities(text);
    const replied = this.state.findMessage(chat, opts.replyTo);
    if (chat.chat.type !== 'private') this.assertVisibleInGroup(chat, text, entities, replied?.from_bot ?? false);
    const message = this.state.addMessage(chat, {
      from_bot: false,
      sender: user,
      method: 'user',
      text,
      entities,
      ...(replied ? { reply_to_message_id: replied.message_id } : {}),
      ...(opts.thread !== undefined ? { message_thread_id: opts.thread } : {}),
      params: {},
    });
    return this.queue.push({ message: this.state.toWire(message) });
  }

  /** Privacy mode: a group message the bot would never receive is a test mistake worth failing loudly. */
  private assertVisibleInGroup(chat: ChatState, text: string, entities: Entity[], repliesToBot: boolean): void {
    if (chat.botStatus === 'left' || chat.botStatus === 'kicked') {
      throw new Error(`fake Telegram: the bot is not in group ${chat.chat.id} (${chat.botStatus}); it would not receive "${text}"`);
    }
    if (!this.privacyMode || repliesToBot) return;
    const first = entities[0];
    if (first?.type === 'bot_command' && first.offset === 0) {
      const target = /@(\w+)$/.exec(text.slice(0, first.length))?.[1];
      if (!target || target.toLowerCase() === this.state.bot.username?.toLowerCase()) return;
    }
    throw new Error(
      `fake Telegram: with privacy mode on, the bot does not receive "${text}" in group ${chat.chat.id}; ` +
        'send a /command, reply to a bot message, or start the fake with { privacyMode: false }',
    );
  }

  pressButton(input: FakeUserInput, messageId: number, data: string, opts: { chatId?: number; forge?: boolean } = {}): number {
    const user = toUser(input);
    const chat = this.state.chats.get(opts.chatId ?? user.id);
    const message = chat ? this.state.findMessage(chat, messageId) : undefined;
    if (!opts.forge) {
      if (!chat || !message) throw new Error(`fake Telegram: no message ${messageId} in chat ${opts.chatId ?? user.id} to press a button on`);
      if (!message.from_bot || !hasCallbackData(message.reply_markup, data)) {
        const offered = message.buttons.flat().map((b) => b.data).filter((d) => d !== undefined);
        throw new Error(`fake Telegram: message ${messageId} has no button with callback_data ${JSON.stringify(data)} (buttons: ${JSON.stringify(offered)})`);
      }
    }
    const id = `${BigInt('0x' + randomBytes(7).toString('hex'))}`;
    const chatId = chat?.chat.id ?? opts.chatId ?? user.id;
    // A message the user can no longer see is sent as InaccessibleMessage (date 0).
    const wireMessage = message && chat ? this.state.toWire(message) : { chat: chat?.chat ?? { id: chatId, type: 'private', first_name: user.first_name }, message_id: messageId, date: 0 };
    const updateId = this.queue.push({
      callback_query: { id, from: user, message: wireMessage, chat_instance: String(BigInt(chatId) * 7919n + 104729n), data },
    });
    this.state.callbacks.set(id, { id, update_id: updateId, from: user, chat_id: chatId, message_id: messageId, data, created: Date.now(), answered: false });
    this.state.changed();
    return updateId;
  }

  /** The user blocks the bot: further sends answer 403; Telegram reports it as my_chat_member "kicked". */
  setBlocked(input: FakeUserInput | number, blocked: boolean, emitUpdate = true): number | undefined {
    const known = typeof input === 'number' ? this.state.chats.get(input)?.user : undefined;
    const user = typeof input === 'number' ? (known ?? toUser({ id: input })) : toUser(input);
    const chat = this.state.privateChat(user);
    if (chat.blocked === blocked) return undefined;
    chat.blocked = blocked;
    this.state.changed();
    if (!emitUpdate) return undefined;
    const [from, to] = blocked ? (['member', 'kicked'] as const) : (['kicked', 'member'] as const);
    return this.memberUpdate(chat.chat, user, from, to);
  }

  setBotInGroup(group: GroupInput, by: FakeUserInput, status: 'member' | 'administrator' | 'left' | 'kicked'): number {
    const existing = this.state.chats.get(group.id);
    const old = existing ? existing.botStatus : 'left';
    const chat = this.group(group);
    chat.botStatus = status;
    this.state.changed();
    return this.memberUpdate(chat.chat, toUser(by), old, status);
  }

  private memberUpdate(chat: TgChat, from: TgUser, oldStatus: string, newStatus: string): number {
    const member = (status: string): Record<string, unknown> => ({ user: this.state.bot, status, ...(status === 'kicked' ? { until_date: 0 } : {}) });
    return this.queue.push({ my_chat_member: { chat, from, date: now(), old_chat_member: member(oldStatus), new_chat_member: member(newStatus) } });
  }

  /** Any update, verbatim; with update_id set it is reused as is (duplicates on purpose). */
  inject(raw: Record<string, unknown>): number {
    const { update_id, ...body } = raw;
    return this.queue.push(body, typeof update_id === 'number' ? update_id : undefined);
  }
}
