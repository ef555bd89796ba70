import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';
import { offlineLink } from './links.ts';

export { DiscordChannel, DISCORD_LIMITS, DISCORD_CAPABILITIES, DISCORD_API_URL, DISCORD_INTENTS, type DiscordOptions } from './discord-channel.ts';
export { DiscordStartError } from './start-error.ts';

/**
 * The bot's profile link without a running bot (`--bot 123456789012345678`: the bot's user id,
 * the "Application ID" of the developer portal); undefined for a payload, which no Discord link carries.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => offlineLink(payload, botName);
