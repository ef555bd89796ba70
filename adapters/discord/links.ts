import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';

/** A Discord id (snowflake): 17 to 20 digits. */
export const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Discord has no "start payload": no link opens the bot's DM *and* puts a command there. So a
 * link opens the bot's profile (whose "Send Message" opens the DM) and nothing more, and only
 * when no payload is asked for; with one, the core shows the command to type
 * (`/spiral code:K7M2QX`), which works in the DM and in any server the bot is in.
 */
export function profileLink(botUserId: string | undefined): string | undefined {
  return botUserId && SNOWFLAKE.test(botUserId) ? `https://discord.com/users/${botUserId}` : undefined;
}

/** The person's DM with the bot, from a server channel's note. */
export function dmLink(dmChannelId: string): string {
  return `https://discord.com/channels/@me/${dmChannelId}`;
}

/** The offline builder (`--bot`): Discord's "bot name" is the bot's user id (the application id). */
export function offlineLink(payload: string | undefined, botName: string | undefined): string | undefined {
  return payload === undefined ? profileLink(botName) : undefined;
}

/**
 * The bot's profile link without a running bot (`--bot 123456789012345678`: the bot's user id,
 * the "Application ID" of the developer portal); undefined for a payload, which no Discord link carries.
 * Here, not next to the channel, so the command line builds links without loading discord.js.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => offlineLink(payload, botName);
