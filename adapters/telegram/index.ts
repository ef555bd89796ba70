export { TelegramChannel, TELEGRAM_LIMITS, TELEGRAM_CAPABILITIES, type TelegramOptions } from './telegram-channel.ts';
export { DeepLinkPayloadError, linkFor } from './deep-link.ts';
