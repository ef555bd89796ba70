// What people do, delivered as Discord delivers it over the gateway: INTERACTION_CREATE for a
// slash command (type 2) or a pressed component (type 3), MESSAGE_CREATE for a DM or a guild
// message. Guild message content is withheld without the MESSAGE_CONTENT intent unless the bot is
// mentioned; DMs to the bot always carry it.
import type { Ctx } from './context.ts';
import { interactionToken } from './ids.ts';
import { ALL_PERMISSIONS, channelObject, memberObject, messageObject, userObject } from './payloads.ts';
import type { StoredChannel, StoredInteraction, StoredMessage, StoredUser } from './state.ts';
import type { Interaction, InteractionRecord, RegisteredCommand } from './types.ts';

const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
const MESSAGE_CONTENT = 1 << 15;
const SESSION_WAIT_MS = 10_000;

export type OptionValue = string | number | boolean;

export interface SlashOptions {
  channelId?: string;
  guild?: boolean;
  locale?: string;
  subcommand?: string;
}

/** Addition: what a DM carries besides its text. */
export interface DmOptions {
  attachments?: unknown[];
  /** Stickers, by name (ids are made up): a sticker alone is a message with empty content. */
  stickers?: string[];
}

/** Addition: an interaction of any type with any data, the payload changed by `patch` before dispatch. */
export interface RawInteractionOptions {
  /** Default: the person's DM. */
  channelId?: string;
  locale?: string;
  /** The message a component interaction comes from. */
  messageId?: string;
  patch?: (payload: Record<string, unknown>) => Record<string, unknown>;
}

export interface PressOptions {
  channelId?: string;
  locale?: string;
  /** Addition: values chosen in a select menu. */
  values?: string[];
  /** Addition: press even if the component is gone or disabled (a stale client). */
  force?: boolean;
}

export class Senders {
  constructor(private readonly ctx: Ctx) {}

  private user(id: string): StoredUser {
    const user = this.ctx.state.users.get(id);
    if (!user) throw new Error(`fake Discord: unknown user ${id}; addUser() first`);
    return user;
  }

  private dm(userId: string): StoredChannel {
    const channel = [...this.ctx.state.channels.values()].find((c) => c.type === 1 && c.recipientId === userId);
    if (!channel) throw new Error(`fake Discord: no DM channel for ${userId}`);
    return channel;
  }

  private guildChannel(id?: string): StoredChannel {
    const channel = id ? this.ctx.state.channels.get(id) : [...this.ctx.state.channels.values()].find((c) => c.type === 0);
    if (!channel || channel.type !== 0) throw new Error(`fake Discord: unknown guild channel ${String(id)}`);
    return channel;
  }

  /** Senders before the first IDENTIFY wait for it (the client is still logging in). */
  private async session(): Promise<void> {
    const until = Date.now() + SESSION_WAIT_MS;
    while (!this.ctx.gateway.hasSession()) {
      if (Date.now() > until) throw new Error('fake Discord: no gateway session (did the client log in?)');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async slashCommand(userId: string, name: string, options: Record<string, OptionValue> = {}, o: SlashOptions = {}): Promise<Interaction> {
    await this.session();
    const user = this.user(userId);
    const inGuild = o.guild === true || (o.channelId !== undefined && this.ctx.state.channels.get(o.channelId)?.type === 0);
    const channel = inGuild ? this.guildChannel(o.channelId) : o.channelId ? this.ctx.state.channels.get(o.channelId) ?? this.dm(userId) : this.dm(userId);
    const command = this.findCommand(name, inGuild);
    const definition = (o.subcommand ? (command?.options as RegisteredCommand[] | undefined)?.find((s) => s.name === o.subcommand)?.options : command?.options) as
      | { name: string; type: number }[]
      | undefined;
    let typed = Object.entries(options).map(([key, value]) => ({ name: key, type: definition?.find((d) => d.name === key)?.type ?? typeOf(value), value }));
    if (o.subcommand) typed = [{ name: o.subcommand, type: 1, options: typed } as never];
    const data = {
      id: command?.id ?? this.ctx.ids.next(),
      name,
      type: 1,
      ...(typed.length > 0 ? { options: typed } : {}),
      ...(inGuild && command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.interact(user, channel, 2, data, o.locale);
  }

  async pressButton(userId: string, messageId: string, customId: string, o: PressOptions = {}): Promise<Interaction> {
    await this.session();
    const user = this.user(userId);
    const message = this.ctx.state.messages.get(messageId);
    if (!message) throw new Error(`fake Discord: unknown message ${messageId}`);
    if (message.to !== undefined && message.to !== userId && !o.force) throw new Error(`fake Discord: ${userId} cannot see ephemeral message ${messageId}`);
    const component = findComponent(message, customId);
    if (!o.force && (!component || component.disabled === true)) throw new Error(`fake Discord: message ${messageId} has no enabled component ${customId}`);
    const channel = this.ctx.state.channels.get(o.channelId ?? message.channelId);
    if (!channel) throw new Error(`fake Discord: unknown channel ${String(o.channelId ?? message.channelId)}`);
    const componentType = typeof component?.type === 'number' ? component.type : 2;
    const data = { custom_id: customId, component_type: componentType, ...(componentType !== 2 ? { values: o.values ?? [] } : {}) };
    return this.interact(user, channel, 3, data, o.locale, message);
  }

  /** Addition: an interaction the fake records and times like any other, shaped as the test wants. */
  async rawInteraction(userId: string, type: number, data: unknown, o: RawInteractionOptions = {}): Promise<Interaction> {
    await this.session();
    const user = this.user(userId);
    const channel = o.channelId ? this.ctx.state.channels.get(o.channelId) : this.dm(userId);
    if (!channel) throw new Error(`fake Discord: unknown channel ${String(o.channelId)}`);
    const message = o.messageId ? this.ctx.state.messages.get(o.messageId) : undefined;
    if (o.messageId && !message) throw new Error(`fake Discord: unknown message ${o.messageId}`);
    return this.interact(user, channel, type, data, o.locale, message, o.patch);
  }

  private findCommand(name: string, inGuild: boolean): RegisteredCommand | undefined {
    const { commands } = this.ctx.state;
    const guild = inGuild ? commands.get(this.ctx.world.guildId)?.find((c) => c.name === name) : undefined;
    return guild ?? commands.get('global')?.find((c) => c.name === name);
  }

  private interact(user: StoredUser, channel: StoredChannel, type: number, data: unknown, locale: string | undefined, message?: StoredMessage, patch?: RawInteractionOptions['patch']): Interaction {
    const { ctx } = this;
    const id = ctx.ids.next();
    const token = interactionToken(id);
    const record: InteractionRecord = { followUps: [], attempts: [], type, userId: user.id, channelId: channel.id };
    let settle!: (r: InteractionRecord) => void;
    const done = new Promise<InteractionRecord>((resolve) => (settle = resolve));
    const stored: StoredInteraction = {
      id,
      token,
      type,
      userId: user.id,
      channelId: channel.id,
      ...(channel.guildId ? { guildId: channel.guildId } : {}),
      createdAt: Date.now(),
      acknowledged: false,
      ...(message ? { sourceMessageId: message.id } : {}),
      record,
      settle,
    };
    stored.timer = setTimeout(() => {
      if (stored.acknowledged) return;
      record.error = 'timeout';
      settle(record);
      ctx.state.changed();
    }, ctx.interactionTimeoutMs);
    stored.timer.unref();
    ctx.state.interactions.set(id, stored);
    const inGuild = channel.type === 0;
    const payload = {
      id,
      application_id: ctx.world.applicationId,
      type,
      data,
      token,
      version: 1,
      channel_id: channel.id,
      channel: channelObject(channel, ctx.world),
      locale: locale ?? user.locale,
      app_permissions: ALL_PERMISSIONS.toString(),
      entitlements: [],
      authorizing_integration_owners: { '0': ctx.world.guildId },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(inGuild
        ? {
            guild_id: channel.guildId,
            guild: { id: channel.guildId, locale: ctx.world.guildLocale, features: [] },
            guild_locale: ctx.world.guildLocale,
            member: { ...memberObject(user, ctx.joinedAt), permissions: ALL_PERMISSIONS.toString() },
          }
        : { user: userObject(user) }),
      ...(message ? { message: messageObject(message, ctx.world.user(message.authorId) ?? ctx.bot, ctx.world) } : {}),
    };
    ctx.gateway.dispatch('INTERACTION_CREATE', patch ? patch(payload) : payload);
    ctx.state.changed();
    return { id, token, done };
  }

  async sendDm(userId: string, content: string, o: DmOptions = {}): Promise<void> {
    await this.session();
    const user = this.user(userId);
    const channel = this.dm(userId);
    const message = this.personMessage(user, channel, content, o.attachments ?? []);
    if (o.stickers?.length) message.stickerItems = o.stickers.map((name) => ({ id: this.ctx.ids.next(), name, format_type: 1 }));
    if (((this.ctx.gateway.intents() ?? 0) & DIRECT_MESSAGES) === 0) return;
    this.ctx.gateway.dispatch('MESSAGE_CREATE', messageObject(message, user, this.ctx.world, { channelType: 1 }));
  }

  async sendGuildMessage(userId: string, channelId: string, content: string, o: { mentionsBot?: boolean } = {}): Promise<void> {
    await this.session();
    const user = this.user(userId);
    const channel = this.guildChannel(channelId);
    const mention = `<@${this.ctx.bot.id}>`;
    const text = o.mentionsBot && !content.includes(mention) ? `${mention} ${content}` : content;
    const message = this.personMessage(user, channel, text, []);
    const intents = this.ctx.gateway.intents() ?? 0;
    if ((intents & GUILD_MESSAGES) === 0) return;
    // Gateway messages carry the author's member object without its user (that is `author`).
    const { user: _author, ...member } = memberObject(user, this.ctx.joinedAt);
    const payload = messageObject(message, user, this.ctx.world, { guildId: channel.guildId ?? this.ctx.world.guildId, member, channelType: 0 });
    if (o.mentionsBot) payload.mentions = [{ ...userObject(this.ctx.bot), member: memberObject(this.ctx.bot, this.ctx.joinedAt) }];
    if ((intents & MESSAGE_CONTENT) === 0 && !o.mentionsBot) Object.assign(payload, { content: '', embeds: [], attachments: [], components: [] });
    this.ctx.gateway.dispatch('MESSAGE_CREATE', payload);
  }

  private personMessage(user: StoredUser, channel: StoredChannel, content: string, attachments: unknown[]): StoredMessage {
    const ctx = this.ctx;
    return ctx.state.addMessage({
      id: ctx.ids.next(),
      channelId: channel.id,
      authorId: user.id,
      content,
      attachments: attachments.map((a, i) => {
        const given = (typeof a === 'object' && a !== null ? a : {}) as { filename?: string; bytes?: Buffer; content_type?: string; contentType?: string };
        const contentType = given.content_type ?? given.contentType;
        return { id: ctx.ids.next(), filename: given.filename ?? `file${i}.bin`, bytes: given.bytes ?? Buffer.alloc(0), ...(contentType ? { contentType } : {}) };
      }),
      flags: 0,
      timestamp: new Date().toISOString(),
    });
  }
}

function typeOf(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function findComponent(message: StoredMessage, customId: string): Record<string, unknown> | undefined {
  for (const row of (message.components ?? []) as { components?: Record<string, unknown>[] }[]) {
    const found = row.components?.find((c) => c.custom_id === customId);
    if (found) return found;
  }
  return undefined;
}
