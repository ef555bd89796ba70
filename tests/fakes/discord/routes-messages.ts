// Channel messages: create (JSON or multipart; enforce_nonce returns the message a nonce already
// made), fetch, list, edit, delete, with Discord's validation, 50007 for a person whose DMs are
// closed, and 10003/10008 for unknown ids.
import { noContent, ok, type Ctx, type Req, type Route } from './context.ts';
import { cannotEditOthers, cannotMessageUser, unknownChannel, unknownMessage } from './errors.ts';
import { createMessage, editMessage, messageJson, sameNonce } from './messages.ts';
import type { StoredChannel, StoredMessage } from './state.ts';
import { validateMessage } from './validate.ts';

function channelOf(r: Req, ctx: Ctx): StoredChannel {
  const channel = ctx.state.channels.get(r.params['channel.id'] ?? '');
  if (!channel) throw unknownChannel();
  return channel;
}

/** A message of the channel as the bot can reach it through channel routes (ephemeral answers are not). */
function messageOf(r: Req, ctx: Ctx, channel: StoredChannel): StoredMessage {
  const message = ctx.state.messages.get(r.params['message.id'] ?? '');
  if (!message || message.channelId !== channel.id || message.to !== undefined) throw unknownMessage();
  return message;
}

function assertReachable(ctx: Ctx, channel: StoredChannel): void {
  if (channel.type !== 1 || !channel.recipientId) return;
  if (ctx.state.users.get(channel.recipientId)?.dmsClosed) throw cannotMessageUser();
}

export const messageRoutes: Route[] = [
  {
    method: 'POST',
    template: '/channels/{channel.id}/messages',
    major: 'channel.id',
    handler: (r, ctx) => {
      const channel = channelOf(r, ctx);
      validateMessage(r.body, { files: r.files.length });
      assertReachable(ctx, channel);
      return ok(messageJson(ctx, sameNonce(ctx, r.body) ?? createMessage(ctx, channel, r.body, r.files)));
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel.id}/messages',
    major: 'channel.id',
    handler: (r, ctx) => {
      const channel = channelOf(r, ctx);
      const limit = Math.min(100, Math.max(1, Number(r.query.get('limit') ?? 50) || 50));
      const visible = ctx.state.channelMessages(channel.id).filter((m) => m.to === undefined);
      return ok(visible.slice(-limit).reverse().map((m) => messageJson(ctx, m)));
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel.id}/messages/{message.id}',
    major: 'channel.id',
    handler: (r, ctx) => ok(messageJson(ctx, messageOf(r, ctx, channelOf(r, ctx)))),
  },
  {
    method: 'PATCH',
    template: '/channels/{channel.id}/messages/{message.id}',
    major: 'channel.id',
    handler: (r, ctx) => {
      const channel = channelOf(r, ctx);
      const message = messageOf(r, ctx, channel);
      if (message.authorId !== ctx.bot.id) throw cannotEditOthers();
      validateMessage(r.body, { files: r.files.length, partial: true });
      return ok(messageJson(ctx, editMessage(ctx, message, r.body, r.files)));
    },
  },
  {
    method: 'DELETE',
    template: '/channels/{channel.id}/messages/{message.id}',
    major: 'channel.id',
    handler: (r, ctx) => {
      const channel = channelOf(r, ctx);
      const message = messageOf(r, ctx, channel);
      ctx.state.messages.delete(message.id);
      ctx.state.changed();
      ctx.gateway.dispatch('MESSAGE_DELETE', { id: message.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) });
      return noContent();
    },
  },
];
