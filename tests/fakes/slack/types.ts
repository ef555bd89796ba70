// The fake Slack's public types (the contract in notes/slack-fake-api.md, plus additive extras).

export interface SlackLimitOptions {
  /** chat.postMessage pace per conversation ("about 1 message per second", Slack's rate-limit page). */
  perConversationPerSecond?: number;
  /** Messages a conversation may take at once before the pace applies ("short bursts are allowed"). */
  conversationBurst?: number;
  /** Per-method tier limits (Tier 1: 1+/min … Tier 4: 100+/min); default true. */
  tiers?: boolean;
  /** Milliseconds clock for the buckets; tests may drive it. Default performance.now. */
  clock?: () => number;
}

export interface FakeSlackOptions {
  /** Default 'xoxb-fake-bot-token'; any other bearer gets invalid_auth. */
  botToken?: string;
  /** Default 'xapp-fake-app-token' (Socket Mode: apps.connections.open). */
  appToken?: string;
  /** Default 'fake-signing-secret'. */
  signingSecret?: string;
  teamId?: string;
  botUserId?: string;
  appId?: string;
  /** The bot's B… id (auth.test bot_id, message bot_id). */
  botId?: string;
  /** Default true: per-conversation pace with a burst and per-method tiers, answered 429 + Retry-After. */
  limits?: boolean | SlackLimitOptions;
  /** How long a sender waits for the app's HTTP answer or Socket Mode ack before giving up (status 0). Default 10 000. */
  deliveryTimeoutMs?: number;
  /**
   * HTTP mode: deliver over kept-alive connections instead of a new connection per request
   * (default false). Benchmarks use it: what a proxy or tunnel in front of the bot does.
   */
  deliveryKeepAlive?: boolean;
}

export interface Ack {
  /** HTTP status of the app's answer, 'acked' for a Socket Mode ack, 0 when none came in time. */
  status: number | 'acked';
  /** The HTTP response body, or the ack's payload as JSON ('' for none). */
  body: string;
  /** Milliseconds from sending to the answer. */
  ms: number;
  /** The event_id of an Events API delivery. */
  eventId?: string;
  /** The Socket Mode envelope_id. */
  envelopeId?: string;
}

export interface SeenSlackMessage {
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  edited: boolean;
  /** Who posted it (the bot's user id for the bot's messages). */
  user: string;
  /** For ephemerals: the only user who sees it. */
  to?: string;
}

export interface SlackUpload {
  id: string;
  filename: string;
  title?: string;
  bytes: Buffer;
  initialComment?: string;
  threadTs?: string;
}

export interface SlackCallRecord {
  /** A Web API method, or 'response_url' for posts to a response_url. */
  method: string;
  /** The arguments (token removed; blocks, view, files, attachments decoded from JSON). */
  params: Record<string, unknown>;
  /** HTTP status the fake answered. */
  status: number;
  /** Date.now() when answered. */
  at: number;
  ok: boolean;
  error?: string;
}

export interface SlackUserInput {
  id: string;
  name?: string;
  locale?: string;
  tz?: string;
  deleted?: boolean;
}

export interface SlackChannelInput {
  id: string;
  name: string;
  members?: string[];
}

export interface SendMessageOptions {
  channel?: string;
  subtype?: string;
  botId?: string;
  eventId?: string;
  retryNum?: number;
  threadTs?: string;
  files?: unknown[];
}
