import type { Update } from 'telegraf/types';
import type { InboundEvent } from '../../src/core/types.ts';
import { parseCommand } from '../../src/core/types.ts';

/** Remembers what a pressed button said, so the message can later be marked with the choice. */
export interface PressMemory {
  remember(handle: string, text: string, label: string): void;
}

type From = { id: number; first_name?: string; last_name?: string; language_code?: string };

function base(update: Update, chat: { id: number; type: string }, from: From) {
  return {
    address: { channel: 'telegram', chatId: String(chat.id), userId: String(from.id) },
    locale: from.language_code,
    updateId: String(update.update_id),
    userName: [from.first_name, from.last_name].filter(Boolean).join(' ') || undefined,
    groupChat: chat.type !== 'private',
  };
}

/** A message update → text or command event. A command for another bot in a group is ignored. */
export function fromMessage(update: Update, botName: string): InboundEvent | null {
  if (!('message' in update) || !update.message.from) return null;
  const msg = update.message;
  const b = base(update, msg.chat, msg.from!);
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
  return { ...base(update, msg.chat, q.from), kind: 'choice', token: q.data, message: handle };
}

/** The bot blocked (kicked) or unblocked in a private chat → left / joined. */
export function fromMembership(update: Update): InboundEvent | null {
  if (!('my_chat_member' in update)) return null;
  const m = update.my_chat_member;
  const status = m.new_chat_member.status;
  const kind = status === 'kicked' || status === 'left' ? 'left' : status === 'member' ? 'joined' : null;
  return kind ? { ...base(update, m.chat, m.from), kind } : null;
}
