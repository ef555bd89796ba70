// Plain shapes shared by the fake Telegram server. Wire objects keep Telegram's
// snake_case names so assertions read like the Bot API documentation.

export type Update = { update_id: number } & Record<string, unknown>;

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface TgChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  /** A supergroup with topics: messages carry message_thread_id. */
  is_forum?: boolean;
}

export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineButton[][];
}

/** Reply keyboards, remove_keyboard and force_reply: accepted, but never attached to a message. */
export interface OtherReplyMarkup {
  inline_keyboard?: never;
  [key: string]: unknown;
}

export type ReplyMarkup = InlineKeyboardMarkup | OtherReplyMarkup;

/** A file the bot sent, as the fake stored it. */
export interface FileInfo {
  file_id: string;
  file_unique_id: string;
  /** Bytes received from the bot; undefined when the bot sent a URL Telegram would download. */
  file_size?: number;
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  source: 'upload' | 'file_id' | 'url';
  url?: string;
  bytes?: Buffer;
}

export interface EditRecord {
  at: number;
  method: string;
  /** The content before this edit was applied. */
  previous: { text?: string; caption?: string; entities: Entity[]; reply_markup?: ReplyMarkup };
}

/** One message in a chat; `from_bot` tells the bot's own messages apart from simulated users'. */
export interface StoredMessage {
  seq: number;
  /** Bumped on every edit, delete or reaction: lets waitFor({ since }) see edits of older messages. */
  updated_seq: number;
  chat_id: number;
  message_id: number;
  from_bot: boolean;
  sender: TgUser;
  method: string;
  date: number;
  /** Plain text as the user sees it, after parse_mode processing and trimming. */
  text?: string;
  /** The text exactly as the bot sent it (before parse_mode processing). */
  raw_text?: string;
  caption?: string;
  raw_caption?: string;
  parse_mode?: string;
  entities: Entity[];
  reply_markup?: ReplyMarkup;
  photo?: FileInfo;
  document?: FileInfo;
  reply_to_message_id?: number;
  /** The forum topic the message is in (forum supergroups only). */
  message_thread_id?: number;
  edit_date?: number;
  edits: EditRecord[];
  deleted: boolean;
  /** The bot's current reaction emojis on this message. */
  reactions: string[];
  /** Convenience view of inline buttons: labels and their callback data / url. */
  buttons: Array<Array<{ text: string; data?: string; url?: string }>>;
  /** Raw parameters of the sending call (files replaced by a summary). */
  params: Record<string, unknown>;
}

export type SentMessage = Readonly<StoredMessage>;

export interface CallRecord {
  seq: number;
  at: number;
  method: string;
  params: Record<string, unknown>;
  http_status: number;
  ok: boolean;
  error_code?: number;
  description?: string;
  /** Set when the outcome came from failNext() rather than from the fake's logic. */
  injected?: boolean;
}

export interface ReactionRecord {
  chat_id: number;
  message_id: number;
  emojis: string[];
  is_big: boolean;
  at: number;
}

export interface ChatActionRecord {
  chat_id: number;
  action: string;
  at: number;
}

export interface CallbackRecord {
  id: string;
  update_id: number;
  from: TgUser;
  chat_id?: number;
  message_id?: number;
  data?: string;
  created: number;
  answered: boolean;
  answer?: { text?: string; show_alert?: boolean; url?: string; cache_time?: number };
}

export interface BotCommand {
  command: string;
  description: string;
}

export interface Counters {
  calls: Record<string, number>;
  /** Responses per HTTP status, e.g. { '200': 12, '429': 3 }. */
  statuses: Record<string, number>;
  tooManyRequests: number;
  injected: number;
}

/** A failure to inject on the next matching calls; see FakeTelegram.failNext. */
export type FailSpec =
  | { code: 429; retryAfter?: number; methods?: string[]; afterExecute?: never }
  | { code: 'reset'; methods?: string[]; afterExecute?: boolean }
  | { code: number; description?: string; methods?: string[]; afterExecute?: boolean };

export interface LimitOptions {
  /** Multiplies every allowed rate and divides every window (20 = tests run 20x faster). */
  scale?: number;
  globalPerSecond?: number;
  globalBurst?: number;
  privatePerSecond?: number;
  privateBurst?: number;
  /** Messages allowed in any sliding minute (divided by scale) in one group chat. */
  groupPerMinute?: number;
  /** Count edits toward the message limits too (Telegram does not document this). */
  countEdits?: boolean;
  /**
   * The limiter's clock in milliseconds (default: performance.now). A test that asserts an exact
   * limit moves it by hand, so a slow machine cannot refill a bucket between two calls.
   */
  clock?: () => number;
}

export interface WebhookOptions {
  /** Attempts per update before the fake gives up on it (Telegram retries for much longer). */
  maxAttempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  botFirstName?: string;
  /** false disables rate limiting; an object tunes it. On by default with Telegram's published limits. */
  limits?: false | LimitOptions;
  /** Bots have privacy mode on by default: in groups they only see commands, replies and mentions. */
  privacyMode?: boolean;
  webhook?: WebhookOptions;
  /** How long a callback query can still be answered. */
  callbackTimeoutMs?: number;
  /** First update_id handed out (Telegram's are large and arbitrary). */
  firstUpdateId?: number;
}
