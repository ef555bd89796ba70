// Public surface of the fake Discord (REST API v10 and gateway) used by end-to-end tests.
export { FakeDiscord, startFakeDiscord } from './fake.ts';
export { DISCORD_LOCALES } from './commands.ts';
export { PRIVILEGED_INTENTS } from './gateway.ts';
export type { DmOptions, OptionValue, PressOptions, RawInteractionOptions, SlashOptions } from './senders.ts';
export type {
  DiscordCallRecord,
  DiscordChannelInput,
  DiscordUserInput,
  FakeDiscordOptions,
  Interaction,
  InteractionRecord,
  RegisteredCommand,
  SeenDiscordMessage,
} from './types.ts';
