// The fake Discord's public types: the contract in notes/discord-fake-api.md, plus additive extras.

export interface FakeDiscordOptions {
  /** Default 'fake-discord-bot-token' (sent as `Authorization: Bot <token>` and in IDENTIFY). */
  token?: string;
  applicationId?: string;
  botUserId?: string;
  guildId?: string;
  /** Default true: per-route buckets and the global 50/s cap, answered 429 like Discord. */
  limits?: boolean;
  /** Intents the application may use; IDENTIFY asking for others closes 4014. Default: every non-privileged intent. */
  allowedIntents?: number;
  /** Default 3000: an interaction callback later than this gets 404 10062 Unknown interaction. */
  interactionTimeoutMs?: number;
  /** Addition. Default 41250 (Discord's figure); the client's first beat waits a random part of it. */
  heartbeatIntervalMs?: number;
  /** Addition. The server's preferred_locale, sent as guild_locale. Default 'en-US'. */
  guildLocale?: string;
  /** Addition. Name of the guild. Default 'Fake Guild'. */
  guildName?: string;
}

export interface DiscordUserInput {
  id: string;
  username: string;
  /** The person's client language (interaction `locale`), e.g. 'fr', 'en-US'. Default 'en-US'. */
  locale?: string;
  dmsClosed?: boolean;
}

export interface DiscordChannelInput {
  id: string;
  name: string;
  /** Default: the fake's guild. */
  guildId?: string;
}

export interface Interaction {
  id: string;
  token: string;
  /** Settles at the first callback, or at the timeout (then `error` says so). */
  done: Promise<InteractionRecord>;
}

export interface InteractionRecord {
  /** 4 message, 5 deferred message, 6 deferred update, 7 update message, 9 modal… */
  callbackType?: number;
  flags?: number;
  content?: string;
  components?: unknown[];
  /** Milliseconds from the dispatch to the callback. */
  ackMs?: number;
  followUps: { content?: string; flags?: number; components?: unknown[] }[];
  editedOriginal?: { content?: string; components?: unknown[] };
  /** 'timeout' when no callback came in time; else the Discord error a late or second callback got. */
  error?: string;
  /** Addition: every callback attempt's outcome, in order ('ok', '10062', '40060', …). */
  attempts: string[];
  /** Addition: the interaction type (2 command, 3 component) and who triggered it. */
  type: number;
  userId: string;
  channelId: string;
}

export interface SeenDiscordMessage {
  id: string;
  content: string;
  components?: unknown[];
  attachments: { filename: string; bytes: Buffer }[];
  edited: boolean;
  allowedMentions?: unknown;
  /** Addition: embeds as sent. */
  embeds?: unknown[];
  /** Addition: message flags (64 ephemeral, 128 loading for a deferred reply). */
  flags: number;
  /** Addition: set when the message answers an interaction (reply, deferred reply, follow-up). */
  interactionId?: string;
  /** Addition: for an ephemeral interaction answer, the only person who sees it. */
  to?: string;
}

export interface RegisteredCommand {
  id: string;
  name: string;
  description: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: unknown[];
  type?: number;
  [key: string]: unknown;
}

export interface DiscordCallRecord {
  method: string;
  /** The route template as Discord's docs write it, e.g. '/channels/{channel.id}/messages'. */
  route: string;
  body: unknown;
  status: number;
  at: number;
  /** Addition: the path as called, and Discord's error code when it failed. */
  path: string;
  code?: number;
}
