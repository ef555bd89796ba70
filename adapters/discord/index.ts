export { DiscordChannel, DISCORD_LIMITS, DISCORD_CAPABILITIES, DISCORD_API_URL, DISCORD_INTENTS, type DiscordOptions } from './discord-channel.ts';
export { DiscordStartError } from './start-error.ts';
export { linkFor } from './links.ts';
