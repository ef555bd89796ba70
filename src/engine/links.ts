import type { Services } from './services.ts';

/** Builds a channel's private-chat link without a running channel (e.g. Telegram from a bot name). */
export type LinkBuilder = (payload: string | undefined, options: { botName?: string }) => string | undefined;

/** Registered by the composition root (adapters/index.ts), so the core names no platform. */
const builders = new Map<string, LinkBuilder>();

export function registerLinkBuilder(channel: string, build: LinkBuilder): void {
  builders.set(channel, build);
}

/**
 * A link that opens the bot's private chat on `channel` and carries `payload` there: the running
 * channel's own when it runs, else one built from the bot's name (`together caravan qr --bot`,
 * offline). Flows never build a platform URL themselves.
 */
export function link(services: Pick<Services, 'link' | 'config'>, channel: string, payload?: string): string | undefined {
  return services.link(channel, payload) ?? linkFor(channel, payload, { botName: services.config.botNames?.[channel] });
}

/** A channel's link built offline from the bot's name; undefined when no builder is registered or it needs a name it lacks. */
export function linkFor(channel: string, payload: string | undefined, options: { botName?: string } = {}): string | undefined {
  return builders.get(channel)?.(payload, options);
}

/** Channels that can build a private-chat link, in the order the composition root registered them. */
export function linkChannels(): string[] {
  return [...builders.keys()];
}

/** Every link that opens the bot's private chat with `payload`, one per channel that has one. */
export function allLinks(services: Pick<Services, 'link' | 'config'>, payload?: string): { channel: string; link: string }[] {
  // Running channels with a public name, then those that can build a link offline.
  const channels = new Set([...Object.keys(services.config.botNames ?? {}), ...linkChannels()]);
  return [...channels].flatMap((channel) => {
    const url = link(services, channel, payload);
    return url ? [{ channel, link: url }] : [];
  });
}
