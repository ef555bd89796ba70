// Discord's object shapes (API v10) for users, channels, guilds, members and messages, as REST
// answers and gateway dispatches carry them, complete enough for discord.js's structures.
import type { StoredChannel, StoredMessage, StoredUser } from './state.ts';

export interface World {
  guildId: string;
  guildName: string;
  guildLocale: string;
  botUserId: string;
  applicationId: string;
  user(id: string): StoredUser | undefined;
}

/** Everything except ADMINISTRATOR: what the fake grants the bot and members in the guild. */
export const ALL_PERMISSIONS = ((1n << 51n) - 1n) & ~(1n << 3n);

export function userObject(u: StoredUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    discriminator: '0',
    global_name: u.bot ? null : u.username,
    avatar: null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    ...(u.bot ? { bot: true } : {}),
  };
}

export function channelObject(c: StoredChannel, w: World): Record<string, unknown> {
  if (c.type === 1) {
    const recipient = c.recipientId ? w.user(c.recipientId) : undefined;
    return { id: c.id, type: 1, last_message_id: c.lastMessageId ?? null, flags: 0, recipients: recipient ? [userObject(recipient)] : [] };
  }
  return {
    id: c.id,
    type: 0,
    guild_id: c.guildId,
    name: c.name,
    position: 0,
    parent_id: null,
    topic: null,
    nsfw: false,
    flags: 0,
    rate_limit_per_user: 0,
    last_message_id: c.lastMessageId ?? null,
    permission_overwrites: [],
  };
}

export function memberObject(u: StoredUser, joinedAt: string): Record<string, unknown> {
  return { user: userObject(u), roles: [], nick: null, avatar: null, banner: null, joined_at: joinedAt, premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null };
}

export function guildObject(w: World, channels: StoredChannel[], bot: StoredUser, joinedAt: string): Record<string, unknown> {
  return {
    id: w.guildId,
    name: w.guildName,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: '0',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    application_id: null,
    preferred_locale: w.guildLocale,
    features: [],
    max_members: 500000,
    max_video_channel_users: 25,
    roles: [{ id: w.guildId, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: ALL_PERMISSIONS.toString(), managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 1,
    voice_states: [],
    members: [memberObject(bot, joinedAt)],
    channels: channels.map((c) => {
      const { guild_id: _g, ...rest } = channelObject(c, w);
      return rest;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
  };
}

export interface MessageOptions {
  guildId?: string;
  /** Gateway MESSAGE_CREATE of a guild message: the author's member object. */
  member?: Record<string, unknown>;
  /** Gateway MESSAGE_CREATE/UPDATE carry the channel's type (discord.js builds uncached DM channels from it). */
  channelType?: number;
}

export function messageObject(m: StoredMessage, author: StoredUser, w: World, o: MessageOptions = {}): Record<string, unknown> {
  return {
    id: m.id,
    type: m.interactionId && m.webhookId && !m.to ? 20 : 0,
    channel_id: m.channelId,
    ...(o.guildId ? { guild_id: o.guildId } : {}),
    ...(o.member ? { member: o.member } : {}),
    ...(o.channelType !== undefined ? { channel_type: o.channelType } : {}),
    author: userObject(author),
    content: m.content,
    timestamp: m.timestamp,
    edited_timestamp: m.editedTimestamp ?? null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.bytes.length,
      url: `https://cdn.discordapp.com/attachments/${m.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
      proxy_url: `https://media.discordapp.net/attachments/${m.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
      ...(a.contentType ? { content_type: a.contentType } : {}),
      ...(a.description ? { description: a.description } : {}),
    })),
    embeds: m.embeds ?? [],
    components: m.components ?? [],
    pinned: false,
    flags: m.flags,
    ...(m.stickerItems ? { sticker_items: m.stickerItems } : {}),
    ...(m.webhookId ? { webhook_id: m.webhookId, application_id: w.applicationId } : {}),
  };
}
