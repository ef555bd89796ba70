import { DiscordAPIError, DiscordjsError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/channels/channel.ts';

/**
 * Discord's JSON error codes (discord.com/developers/docs/topics/opcodes-and-status-codes) that
 * mean this chat cannot be written to: the person closed their DMs or blocked the bot (50007),
 * shares no server with it any more (50278), or the bot lost access to a server channel.
 */
const UNREACHABLE = new Set([50007, 50278, 50001, 50013, 10003]);
/** The message to edit is gone (deleted, or never ours): nothing to mark. */
const UNKNOWN_MESSAGE = 10008;

/** The numeric Discord error code of a failed call (50007…), if it has one. */
export function discordCode(e: unknown): number | undefined {
  return e instanceof DiscordAPIError && typeof e.code === 'number' ? e.code : undefined;
}

/** Maps a REST failure to what the outbox must do: wait, retry, give up, or mark the person unreachable. */
export function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof RateLimitError) {
    // The REST client was told not to wait (rejectOnRateLimit): the outbox waits and sends again,
    // so a message is sent once, by one queue. retryAfter is in ms (Retry-After or the bucket's reset).
    return new DeliveryError('rate_limited', `rate limited on ${e.route}`, Math.max(50, Math.ceil(e.retryAfter || e.timeToReset || 1000)));
  }
  if (e instanceof DiscordAPIError) {
    const code = typeof e.code === 'number' ? e.code : 0;
    if (e.status === 429) return new DeliveryError('rate_limited', e.message, 1000);
    if (UNREACHABLE.has(code)) return new DeliveryError('blocked', `${code}: ${e.message}`);
    if (e.status >= 500) return new DeliveryError('transient', e.message);
    // 50035 Invalid Form Body and the like: sending the same again fails the same way.
    return new DeliveryError('rejected', `${e.status} ${code}: ${e.message}`);
  }
  if (e instanceof HTTPError) return new DeliveryError(e.status >= 500 || e.status === 408 ? 'transient' : 'rejected', `HTTP ${e.status}: ${e.message}`);
  // No answer at all (network, timeout): worth retrying; the message's nonce keeps a retry from doubling it.
  return new DeliveryError('transient', e instanceof Error ? e.message : String(e));
}

/**
 * A call whose outcome is unknown: no answer (timeout, dropped connection) or a server error, so
 * Discord may have carried it out. A 429 or a 4xx answer says it did not, and so does an error
 * discord.js raised before making the call.
 */
export function isUnanswered(e: unknown): boolean {
  if (e instanceof RateLimitError || e instanceof DiscordjsError) return false;
  if (e instanceof DiscordAPIError || e instanceof HTTPError) return e.status >= 500;
  return true;
}

/** An edit that cannot (or need not) be made: the message is gone. */
export function isUnmarkable(e: unknown): boolean {
  return discordCode(e) === UNKNOWN_MESSAGE;
}

/** A person whose DMs are closed to the bot (or who blocked it). */
export function isDmClosed(e: unknown): boolean {
  const code = discordCode(e);
  return code === 50007 || code === 50278;
}
