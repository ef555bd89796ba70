/**
 * Crowds through the real Discord adapter (discord.js) against the fake Discord, which keeps
 * Discord's own limits (5 messages per 5 s per channel, 50 requests a second, 429 with
 * Retry-After and X-RateLimit headers).
 */
import type { ChannelLimits } from '../../src/channels/channel.ts';
import { DISCORD_LIMITS } from '../../adapters/discord/discord-channel.ts';
import { dmMessages, seenOf, startDiscord, type DiscordBot } from '../fakes/contract/discord-driver.ts';
import type { SeenDiscordMessage } from '../fakes/discord/index.ts';
import { settleBot } from './settle-bot.ts';

/**
 * The bot's production limits overall (40 requests a second), but a conversation paced at 4
 * messages a second: faster than Discord's 5 per 5 s, so a facilitator's quick exchange meets
 * the fake's per-channel bucket (genuine 429s the outbox must wait out) instead of taking a
 * second per message.
 */
export const CROWD_DISCORD_LIMITS: ChannelLimits = { ...DISCORD_LIMITS, perChatMs: 250 };

export function startCrowdDiscord(dir: string, o: { managers?: string[]; limits?: ChannelLimits } = {}): Promise<DiscordBot> {
  return startDiscord(dir, { limits: o.limits ?? CROWD_DISCORD_LIMITS, ...(o.managers ? { managers: o.managers } : {}) });
}

/** Everything taken in has been handled and sent, and no REST call for 150 ms after that (see settleBot). */
export const settleDiscord = (bot: DiscordBot, timeoutMs = 30_000): Promise<void> => settleBot(bot, 'Discord', 150, timeoutMs);

/** The texts of the bot's messages in a DM as the person reads them (placeholders of deferred commands left out). */
export const discordTexts = (bot: DiscordBot, dm: string): string[] => dmMessages(bot.fake, dm).map((m) => seenOf(m).text);

/** The bot's DM messages whose text matches. */
export const discordMatching = (bot: DiscordBot, dm: string, match: RegExp): SeenDiscordMessage[] => dmMessages(bot.fake, dm).filter((m) => match.test(seenOf(m).text));

/** Identical message creates Discord accepted in one channel: a reply sent twice. */
export function duplicateCreates(bot: DiscordBot, channel: string): string[] {
  const texts = bot.fake
    .calls()
    .filter((c) => c.method === 'POST' && c.status === 200 && c.path.endsWith(`/channels/${channel}/messages`))
    .map((c) => String((c.body as { content?: unknown } | undefined)?.content ?? ''));
  return texts.filter((t, i) => texts.indexOf(t) !== i);
}
