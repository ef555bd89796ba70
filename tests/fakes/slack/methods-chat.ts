// chat.postMessage, chat.update, chat.postEphemeral, chat.delete.
import { botMessageObject, readContent } from './content.ts';
import { bot, type Ctx, type Method } from './context.ts';
import { RateLimitedError, SlackError } from './errors.ts';
import { str, type Params } from './params.ts';
import type { Conversation, StoredEphemeral, StoredMessage } from './state.ts';

/** The conversation named by `channel`; a DM with a deactivated person cannot take messages. */
export function target(p: Params, ctx: Ctx): Conversation {
  const channel = str(p, 'channel');
  const conv = channel ? ctx.state.resolve(channel) : undefined;
  if (!conv) throw new SlackError('channel_not_found');
  return conv;
}

function refuseInactive(conv: Conversation, ctx: Ctx): void {
  if (conv.kind === 'im' && conv.userId && ctx.state.users.get(conv.userId)?.deleted) throw new SlackError('account_inactive');
}

/** A new message of the bot, as posted (a message or an ephemeral). */
function botPost(p: Params, ctx: Ctx, content: ReturnType<typeof readContent>): StoredMessage {
  const threadTs = str(p, 'thread_ts');
  return {
    ts: ctx.state.clock.next(),
    text: content.text ?? '',
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs ? { threadTs } : {}),
    user: ctx.id.botUserId,
    botId: ctx.id.botId,
    edited: false,
    deleted: false,
  };
}

function postMessage(p: Params, ctx: Ctx): Record<string, unknown> {
  const conv = target(p, ctx);
  refuseInactive(conv, ctx);
  const content = readContent(p, true);
  const wait = ctx.limits.post(conv.id);
  if (wait > 0) throw new RateLimitedError(wait);
  const message: StoredMessage = botPost(p, ctx, content);
  conv.messages.push(message);
  ctx.state.changed();
  return { channel: conv.id, ts: message.ts, message: botMessageObject(ctx.id, message) };
}

function ownMessage(p: Params, ctx: Ctx, refusal: string): { conv: Conversation; message: StoredMessage } {
  const conv = target(p, ctx);
  const ts = str(p, 'ts');
  const message = conv.messages.find((m) => m.ts === ts && !m.deleted);
  if (!message) throw new SlackError('message_not_found');
  if (message.user !== ctx.id.botUserId) throw new SlackError(refusal);
  return { conv, message };
}

function update(p: Params, ctx: Ctx): Record<string, unknown> {
  const { conv, message } = ownMessage(p, ctx, 'cant_update_message');
  const content = readContent(p, false);
  if (content.text === undefined && content.blocks === undefined && !content.hasAttachments) throw new SlackError('no_text');
  // Slack keeps the previous blocks when `blocks` is left out, and drops them for an empty array.
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) {
    if (content.blocks.length > 0) message.blocks = content.blocks;
    else delete message.blocks;
  }
  message.edited = true;
  message.editedTs = ctx.state.clock.next();
  ctx.state.changed();
  return { channel: conv.id, ts: message.ts, text: message.text, message: botMessageObject(ctx.id, message) };
}

function postEphemeral(p: Params, ctx: Ctx): Record<string, unknown> {
  const conv = target(p, ctx);
  const user = str(p, 'user');
  const person = user ? ctx.state.users.get(user) : undefined;
  const member = conv.kind === 'im' ? conv.userId === user : conv.members === undefined || (user !== undefined && conv.members.includes(user));
  if (!user || !person || person.deleted || !member) throw new SlackError('user_not_in_channel');
  const content = readContent(p, true);
  const eph: StoredEphemeral = { ...botPost(p, ctx, content), to: user };
  conv.ephemerals.push(eph);
  ctx.state.changed();
  return { message_ts: eph.ts };
}

function remove(p: Params, ctx: Ctx): Record<string, unknown> {
  const { conv, message } = ownMessage(p, ctx, 'cant_delete_message');
  message.deleted = true;
  ctx.state.changed();
  return { channel: conv.id, ts: message.ts };
}

export const chatMethods: Record<string, Method> = {
  'chat.postMessage': bot(postMessage),
  'chat.update': bot(update),
  'chat.postEphemeral': bot(postEphemeral),
  'chat.delete': bot(remove),
};
