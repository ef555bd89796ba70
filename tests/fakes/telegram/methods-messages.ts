// Methods that put content into chats or change it. Checks run in the official
// server's order: parameters first (markup, entities), then the chat, then the message.
import { charge, type Ctx, type Handler } from './context.ts';
import { badRequest, EDIT_NOT_FOUND, NOT_MODIFIED } from './errors.ts';
import { buttonsOf, readReplyMarkup, sameMarkup } from './markup.ts';
import { bool, file, int, json, str, summarize, type Params } from './params.ts';
import type { ChatState } from './state.ts';
import type { StoredMessage } from './types.ts';
import { optionalCaption, requireText, type Formatted } from './validate.ts';

function replyTarget(ctx: Ctx, chat: ChatState, p: Params): number | undefined {
  const parameters = json(p, 'reply_parameters', "can't parse reply parameters JSON object") as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const id = parameters?.message_id ?? int(p, 'reply_to_message_id');
  if (id === undefined) return undefined;
  if (ctx.state.findMessage(chat, id)) return id;
  if (parameters?.allow_sending_without_reply ?? bool(p, 'allow_sending_without_reply')) return undefined;
  throw badRequest('message to be replied not found');
}

/** message_thread_id: a topic of a forum supergroup; elsewhere Telegram answers "thread not found". */
function topic(chat: ChatState, p: Params): Partial<StoredMessage> {
  const thread = int(p, 'message_thread_id');
  if (thread === undefined) return {};
  if (!chat.chat.is_forum || thread <= 0) throw badRequest('message thread not found');
  return { message_thread_id: thread };
}

function formattedFields(f: Formatted | undefined, field: 'text' | 'caption'): Partial<StoredMessage> {
  if (!f) return {};
  return field === 'text'
    ? { text: f.text, raw_text: f.raw, entities: f.entities, ...(f.parseMode ? { parse_mode: f.parseMode } : {}) }
    : { caption: f.text, raw_caption: f.raw, entities: f.entities, ...(f.parseMode ? { parse_mode: f.parseMode } : {}) };
}

const sendMessage: Handler = (p, ctx) => {
  const markup = readReplyMarkup(p);
  const text = requireText(p);
  const chat = ctx.state.resolveChat(p);
  ctx.state.assertReachable(chat);
  const where = topic(chat, p);
  const replyTo = replyTarget(ctx, chat, p);
  charge(ctx, chat);
  const message = ctx.state.addMessage(chat, {
    from_bot: true,
    sender: ctx.state.bot,
    method: 'sendMessage',
    entities: [],
    ...where,
    ...formattedFields(text, 'text'),
    ...(markup ? { reply_markup: markup } : {}),
    ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
    params: summarize(p),
  });
  return ctx.state.toWire(message);
};

function sendFile(kind: 'photo' | 'document'): Handler {
  return (p, ctx) => {
    const markup = readReplyMarkup(p);
    const caption = optionalCaption(p);
    const chat = ctx.state.resolveChat(p);
    ctx.state.assertReachable(chat);
    const where = topic(chat, p);
    const info = ctx.state.files.take(file(p, kind), kind);
    const replyTo = replyTarget(ctx, chat, p);
    charge(ctx, chat);
    const message = ctx.state.addMessage(chat, {
      from_bot: true,
      sender: ctx.state.bot,
      method: kind === 'photo' ? 'sendPhoto' : 'sendDocument',
      entities: [],
      ...where,
      [kind]: info,
      ...formattedFields(caption, 'caption'),
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
      params: summarize(p),
    });
    return ctx.state.toWire(message);
  };
}

/** The bot's own message to edit; inline messages are not simulated. */
function editable(p: Params, ctx: Ctx): { chat: ChatState; message: StoredMessage } {
  if (str(p, 'inline_message_id') !== undefined) throw badRequest('MESSAGE_ID_INVALID');
  const chat = ctx.state.resolveChat(p);
  const messageId = int(p, 'message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  ctx.state.assertReachable(chat);
  const message = ctx.state.findMessage(chat, messageId);
  if (!message) throw badRequest(EDIT_NOT_FOUND);
  if (!message.from_bot) throw badRequest("message can't be edited");
  return { chat, message };
}

function applyEdit(ctx: Ctx, chat: ChatState, message: StoredMessage, method: string, change: Partial<StoredMessage>): Record<string, unknown> {
  charge(ctx, chat, true);
  const previous = { entities: message.entities, ...(message.text !== undefined ? { text: message.text } : {}), ...(message.caption !== undefined ? { caption: message.caption } : {}), ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}) };
  message.edits.push({ at: Date.now(), method, previous });
  Object.assign(message, change);
  if (!change.reply_markup) delete message.reply_markup;
  message.buttons = buttonsOf(message.reply_markup);
  message.edit_date = Math.floor(Date.now() / 1000);
  ctx.state.changed(message);
  return ctx.state.toWire(message);
}

const sameEntities = (a: StoredMessage, entities: unknown): boolean => JSON.stringify(a.entities) === JSON.stringify(entities);

const editMessageText: Handler = (p, ctx) => {
  const markup = readReplyMarkup(p);
  const text = requireText(p);
  const { chat, message } = editable(p, ctx);
  if (message.text === undefined) throw badRequest('there is no text in the message to edit');
  if (message.text === text.text && sameEntities(message, text.entities) && sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(ctx, chat, message, 'editMessageText', { ...formattedFields(text, 'text'), reply_markup: markup });
};

const editMessageCaption: Handler = (p, ctx) => {
  const markup = readReplyMarkup(p);
  const caption = optionalCaption(p);
  const { chat, message } = editable(p, ctx);
  if (message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const newCaption = caption?.text;
  if (message.caption === newCaption && sameEntities(message, caption?.entities ?? []) && sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(ctx, chat, message, 'editMessageCaption', { caption: newCaption, raw_caption: caption?.raw, entities: caption?.entities ?? [], reply_markup: markup });
};

const editMessageReplyMarkup: Handler = (p, ctx) => {
  const markup = readReplyMarkup(p);
  const { chat, message } = editable(p, ctx);
  if (sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(ctx, chat, message, 'editMessageReplyMarkup', { reply_markup: markup });
};

const deleteMessage: Handler = (p, ctx) => {
  const chat = ctx.state.resolveChat(p);
  const message = ctx.state.findMessage(chat, int(p, 'message_id'));
  if (!message) throw badRequest('message to delete not found');
  const isGroup = chat.chat.type !== 'private';
  // Others' messages in groups need admin rights; private chats allow deleting incoming ones.
  if (!message.from_bot && isGroup && chat.botStatus !== 'administrator') throw badRequest("message can't be deleted");
  message.deleted = true;
  ctx.state.changed(message);
  return true;
};

// The emoji Bot API 7.x lists for ReactionTypeEmoji; other emoji (even with U+FE0F) are refused.
const REACTIONS = new Set(
  '👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤\u200d🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨\u200d💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷\u200d♂ 🤷 🤷\u200d♀ 😡'.split(' '),
);

function readReactions(p: Params): string[] {
  const raw = json(p, 'reaction', "can't parse reaction types JSON object");
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest('expected an Array of ReactionType');
  return raw.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw badRequest("can't parse ReactionType: expected an Object");
    const r = item as { type?: unknown; emoji?: unknown };
    if (r.type === undefined) throw badRequest('can\'t parse ReactionType: Can\'t find field "type"');
    if (r.type === 'custom_emoji') throw badRequest('REACTION_INVALID');
    if (r.type !== 'emoji') throw badRequest("can't parse ReactionType: invalid reaction type specified");
    if (typeof r.emoji !== 'string') throw badRequest('can\'t parse ReactionType: Can\'t find field "emoji"');
    if (r.emoji === '') throw badRequest('invalid reaction type specified');
    return r.emoji;
  });
}

const setMessageReaction: Handler = (p, ctx) => {
  const emojis = readReactions(p);
  const chat = ctx.state.resolveChat(p);
  ctx.state.assertReachable(chat);
  const message = ctx.state.findMessage(chat, int(p, 'message_id'));
  if (!message) throw badRequest('message to react not found');
  if (emojis.some((e) => !REACTIONS.has(e))) throw badRequest('REACTION_INVALID');
  // Bots react like non-Premium users: one reaction per message.
  if (emojis.length > 1) throw badRequest('REACTIONS_TOO_MANY');
  message.reactions = emojis;
  ctx.state.reactions.push({ chat_id: chat.chat.id, message_id: message.message_id, emojis, is_big: bool(p, 'is_big'), at: Date.now() });
  ctx.state.changed(message);
  return true;
};

const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);

const sendChatAction: Handler = (p, ctx) => {
  const chat = ctx.state.resolveChat(p);
  const action = str(p, 'action');
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  ctx.state.assertReachable(chat);
  ctx.state.chatActions.push({ chat_id: chat.chat.id, action, at: Date.now() });
  ctx.state.changed();
  return true;
};

export const messageMethods: Record<string, Handler> = {
  sendMessage,
  sendPhoto: sendFile('photo'),
  sendDocument: sendFile('document'),
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  setMessageReaction,
  sendChatAction,
};
