import { DiscordAPIError, DiscordjsError, HTTPError } from 'discord.js';

/** The Discord channel could not start; the message says what to check (the token is never shown). */
export class DiscordStartError extends Error {
  readonly code = 'DISCORD_START';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiscordStartError';
  }
}

const PORTAL = 'https://discord.com/developers/applications';

/** Turns a failed start-up step into an error an operator can act on. */
export function startFailure(e: unknown, step: string, apiUrl: string): DiscordStartError {
  if (e instanceof DiscordStartError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const status = (e as { status?: number } | undefined)?.status;
  // discord.js says TokenInvalid for a 401 on /gateway/bot; the gateway closes 4004 for a token it refuses.
  if ((e instanceof DiscordjsError && e.code === 'TokenInvalid') || status === 401 || /Authentication failed/i.test(message)) {
    return new DiscordStartError(`DISCORD_BOT_TOKEN was refused by Discord at ${step} (401 Unauthorized): copy the bot token again from the application's "Bot" page (${PORTAL}), "Reset Token" if it was shown before.`, { cause: e });
  }
  if (/disallowed intents/i.test(message) || (e instanceof DiscordjsError && e.code === 'DisallowedIntents')) {
    return new DiscordStartError(`Discord refused the gateway intents at ${step} (4014 disallowed intents): the bot asks only for Guilds and Direct Messages, which need no approval; check that the application is a bot and not restricted on its "Bot" page (${PORTAL}).`, { cause: e });
  }
  if (/invalid intents/i.test(message)) return new DiscordStartError(`Discord refused the gateway intents at ${step} (4013 invalid intents).`, { cause: e });
  if (e instanceof DiscordAPIError) {
    if (e.code === 50001 || e.status === 403) {
      return new DiscordStartError(`Discord refused ${step} (${e.status} ${e.code}: ${e.message}): invite the bot with the scopes "bot" and "applications.commands" (README: Discord in 10 minutes), and check DISCORD_GUILD_ID names a server the bot is in.`, { cause: e });
    }
    return new DiscordStartError(`Discord refused ${step} (${e.status} ${e.code}: ${e.message}); the bot cannot start. Check the DISCORD_* settings.`, { cause: e });
  }
  if (e instanceof HTTPError || status) return new DiscordStartError(`Discord answered HTTP ${status} at ${step}: is DISCORD_API_URL (${apiUrl}) a Discord API root?`, { cause: e });
  return new DiscordStartError(`could not reach DISCORD_API_URL ${apiUrl} at ${step} (${message}); check the address, the network and any proxy.`, { cause: e });
}
