export { TelegramChannel, TELEGRAM_LIMITS, type TelegramOptions } from './telegram-channel.ts';
