import type { Update } from 'telegraf/types';
import type { InboundEvent } from '../../src/core/types.ts';
import { parseCommand } from '../../src/core/types.ts';

/** Remembers what a pressed button said, so the message can later be marked with the choice. */
export interface PressMemory {
  remember(handle: string, text: string, label: string): void;
}

type From = { id: number; first_name?: string; last_name?: string; language_code?: string };

/**
 * Telegram's update_id can restart (randomly) after a week without updates, so it cannot tell
 * a redelivery from a new update. These ids name the content instead: a message id is unique in
 * its chat, a callback query id is unique, a membership change is its chat, time and status.
 */
export function contentId(update: Update): string {
  if ('message' in update) return `m:${update.message.chat.id}:${update.message.message_id}`;
  if ('callback_query' in update) return `c:${update.callback_query.id}`;
  if ('my_chat_member' in update) {
    const m = update.my_chat_member;
    return `j:${m.chat.id}:${m.from.id}:${m.date}:${m.new_chat_member.status}`;
  }
  return `u:${update.update_id}`;
}

/** A forum topic the message belongs to: replies go back into it (the General topic has no id). */
type Topic = { message_thread_id?: number; is_topic_message?: boolean };

function base(update: Update, chat: { id: number; type: string }, from: From, topic?: Topic) {
  const group = chat.type !== 'private';
  const thread = group && topic?.is_topic_message && topic.message_thread_id ? String(topic.message_thread_id) : undefined;
  return {
    address: { channel: 'telegram', chatId: String(chat.id), userId: String(from.id), group, ...(thread ? { thread } : {}) },
    locale: from.language_code,
    updateId: contentId(update),
    userName: [from.first_name, from.last_name].filter(Boolean).join(' ') || undefined,
    groupChat: chat.type !== 'private',
  };
}

/** A message update → text or command event. A command for another bot in a group is ignored. */
export function fromMessage(update: Update, botName: string): InboundEvent | null {
  if (!('message' in update) || !update.message.from) return null;
  const msg = update.message;
  const b = base(update, msg.chat, msg.from!, msg as Topic);
  const text = 'text' in msg ? msg.text : '';
  if (text.startsWith('/')) {
    const addressed = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text)?.[1];
    if (addressed && addressed.toLowerCase() !== botName.toLowerCase()) return null;
    const command = parseCommand(text);
    if (command) return { ...b, kind: 'command', ...command };
  }
  // Stickers, photos and voice notes carry no text: the core answers with its "empty" hint.
  return { ...b, kind: 'text', text };
}

/** A button press → choice event carrying the core's token and a handle on the message. */
export function fromCallback(update: Update, memory: PressMemory): InboundEvent | null {
  if (!('callback_query' in update)) return null;
  const q = update.callback_query;
  const msg = q.message;
  if (!msg || !('data' in q)) return null;
  const handle = `${msg.chat.id}:${msg.message_id}`;
  const keyboard = 'reply_markup' in msg ? msg.reply_markup?.inline_keyboard ?? [] : [];
  const label = keyboard.flat().find((b) => 'callback_data' in b && b.callback_data === q.data)?.text;
  if (label && 'text' in msg) memory.remember(`${handle}:${q.data}`, msg.text, label);
  return { ...base(update, msg.chat, q.from, msg as Topic), kind: 'choice', token: q.data, message: handle };
}

/**
 * The bot blocked (kicked) or unblocked in a private chat → left / joined. In a group, channel
 * or supergroup the event says `groupChat`, so the core never takes a group's membership for
 * the person's own reachability.
 */
export function fromMembership(update: Update): InboundEvent | null {
  if (!('my_chat_member' in update)) return null;
  const m = update.my_chat_member;
  const status = m.new_chat_member.status;
  const kind = status === 'kicked' || status === 'left' ? 'left' : status === 'member' ? 'joined' : null;
  return kind ? { ...base(update, m.chat, m.from), kind } : null;
}
