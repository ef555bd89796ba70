import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';

/** Telegram's rule for a /start parameter: 1 to 64 characters of A-Z, a-z, 0-9, _ and -. */
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** The payload does not fit Telegram's /start parameter rule. */
export class DeepLinkPayloadError extends Error {
  constructor(payload: string) {
    super(`A Telegram /start payload must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -; got ${JSON.stringify(payload.slice(0, 80))}.`);
    this.name = 'DeepLinkPayloadError';
  }
}

/** https://t.me/<bot>, or https://t.me/<bot>?start=<payload> which delivers `/start <payload>`. */
export function deepLink(botName: string, payload?: string): string | undefined {
  if (!botName) return undefined;
  const base = `https://t.me/${encodeURIComponent(botName)}`;
  if (payload === undefined) return base;
  if (!START_PAYLOAD.test(payload)) throw new DeepLinkPayloadError(payload);
  return `${base}?start=${payload}`;
}

/**
 * t.me/<bot>?start=<payload> without a running bot (the CLI's `--bot NAME`); undefined without a
 * bot name; throws DeepLinkPayloadError on a payload Telegram would not carry. Here, not next to
 * the channel, so the command line builds links without loading telegraf.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => (botName ? deepLink(botName, payload) : undefined);
