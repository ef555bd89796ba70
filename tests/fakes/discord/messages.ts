// Creating and editing the bot's messages from a request body (content, embeds, components,
// attachments from `files[n]` matched by `attachments[].id`, allowed_mentions), and telling the
// gateway about them as Discord does (MESSAGE_CREATE / MESSAGE_UPDATE to the intents that see them).
import type { Ctx, UploadedFile } from './context.ts';
import { messageObject } from './payloads.ts';
import type { StoredAttachment, StoredChannel, StoredMessage } from './state.ts';

const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
export const EPHEMERAL = 64;
export const LOADING = 128;

type Body = Record<string, unknown>;

export function attachmentsFrom(ctx: Ctx, body: Body, files: UploadedFile[]): StoredAttachment[] {
  const described = Array.isArray(body.attachments) ? (body.attachments as Body[]) : [];
  return files.map((f, index) => {
    const n = /^files\[(\d+)\]$/.exec(f.field)?.[1];
    const meta = described.find((a) => String(a.id) === (n ?? String(index)));
    const filename = typeof meta?.filename === 'string' ? meta.filename : f.filename;
    return {
      id: ctx.ids.next(),
      filename,
      bytes: f.bytes,
      ...(f.contentType ? { contentType: f.contentType } : {}),
      ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
    };
  });
}

export function createMessage(ctx: Ctx, channel: StoredChannel, body: Body, files: UploadedFile[], extra: Partial<StoredMessage> = {}): StoredMessage {
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | (extra.flags ?? 0);
  const message: StoredMessage = {
    id: ctx.ids.next(),
    channelId: channel.id,
    authorId: ctx.bot.id,
    content: typeof body.content === 'string' ? body.content : '',
    ...(Array.isArray(body.components) ? { components: body.components } : {}),
    ...(Array.isArray(body.embeds) ? { embeds: body.embeds } : {}),
    attachments: attachmentsFrom(ctx, body, files),
    timestamp: new Date().toISOString(),
    ...(body.allowed_mentions !== undefined ? { allowedMentions: body.allowed_mentions } : {}),
    ...(nonceOf(body) ? { nonce: nonceOf(body) } : {}),
    ...extra,
    flags,
  };
  ctx.state.addMessage(message);
  announce(ctx, 'MESSAGE_CREATE', message, channel);
  return message;
}

/** How long Discord remembers a nonce for enforce_nonce ("the past few minutes"). */
const NONCE_MS = 5 * 60_000;

const nonceOf = (body: Body): string | undefined => (typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : undefined);

/**
 * With `enforce_nonce`, the bot's message created with the same nonce in the last few minutes:
 * Discord returns it instead of creating another (a retry after a lost answer). Discord's docs
 * scope the check to "the same author", not to a channel, so a nonce reused in another channel
 * returns the first channel's message here too: an adapter that reused nonces would see it.
 */
export function sameNonce(ctx: Ctx, body: Body): StoredMessage | undefined {
  const nonce = nonceOf(body);
  if (body.enforce_nonce !== true || nonce === undefined) return undefined;
  const m = ctx.state.messageByNonce(ctx.bot.id, nonce);
  return m && Date.parse(m.timestamp) >= Date.now() - NONCE_MS ? m : undefined;
}

/** Applies an edit (PATCH semantics: absent fields stay; `attachments` lists the ones to keep plus new files). */
export function editMessage(ctx: Ctx, message: StoredMessage, body: Body, files: UploadedFile[]): StoredMessage {
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if ('components' in body) message.components = Array.isArray(body.components) ? body.components : [];
  if ('embeds' in body) message.embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if ('allowed_mentions' in body) message.allowedMentions = body.allowed_mentions;
  if ('attachments' in body || files.length > 0) {
    const kept = Array.isArray(body.attachments) ? (body.attachments as Body[]).map((a) => String(a.id)) : [];
    const old = message.attachments.filter((a) => kept.includes(a.id));
    message.attachments = [...old, ...attachmentsFrom(ctx, body, files)];
  }
  message.flags &= ~LOADING;
  message.editedTimestamp = new Date().toISOString();
  ctx.state.changed();
  const channel = ctx.state.channels.get(message.channelId);
  if (channel) announce(ctx, 'MESSAGE_UPDATE', message, channel);
  return message;
}

/** Ephemeral messages are never dispatched; others reach the bot when its intents cover the channel kind. */
export function announce(ctx: Ctx, t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: StoredMessage, channel: StoredChannel): void {
  if (message.flags & EPHEMERAL) return;
  const intents = ctx.gateway.intents() ?? 0;
  const needed = channel.type === 1 ? DIRECT_MESSAGES : GUILD_MESSAGES;
  if ((intents & needed) === 0) return;
  const author = ctx.world.user(message.authorId) ?? ctx.bot;
  ctx.gateway.dispatch(t, messageObject(message, author, ctx.world, { channelType: channel.type, ...(channel.guildId ? { guildId: channel.guildId } : {}) }));
}

export function messageJson(ctx: Ctx, message: StoredMessage): Record<string, unknown> {
  return messageObject(message, ctx.world.user(message.authorId) ?? ctx.bot, ctx.world);
}
