import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';
import { deepLink } from './deep-link.ts';

export { TelegramChannel, TELEGRAM_LIMITS, TELEGRAM_CAPABILITIES, type TelegramOptions } from './telegram-channel.ts';
export { DeepLinkPayloadError } from './deep-link.ts';

/**
 * t.me/<bot>?start=<payload> without a running bot (the CLI's `--bot NAME`); undefined without a
 * bot name; throws DeepLinkPayloadError on a payload Telegram would not carry.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => (botName ? deepLink(botName, payload) : undefined);
