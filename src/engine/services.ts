import type { Address, Reply } from '../core/types.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/types.ts';
import type { Flow } from './flow.ts';
import type { Job } from '../scheduler/scheduler.ts';
import type { DeliveryOutcome, SendOptions } from '../outbox/outbox.ts';
import type { ChannelCapabilities } from '../channels/channel.ts';

/** Settings the core needs, read from the environment at the composition root only. */
export interface CoreConfig {
  /** Default language. */
  lang: string;
  /** Time zone for schedules. */
  tz: string;
  /** `channel:userId` of managers. */
  managers: ReadonlySet<string>;
  dataDir: string;
  /** TOGETHER_DATABASE_URL: the PostgreSQL store, which several instances share; unset, the data folder's embedded store. */
  databaseUrl?: string;
  /** Public username of the bot per channel, for deep links (e.g. telegram → "together_bot"). */
  botNames?: Record<string, string>;
}

/** What flows may use besides the turn: the core's services, never a platform. */
export interface Services {
  store: Store;
  i18n: I18n;
  config: CoreConfig;
  log: Logger;
  now(): Date;
  flows: ReadonlyMap<string, Flow>;
  /** Sends replies to another person (a facilitator, a manager); goes through the outbox. Resolves with each reply's outcome. */
  notify(address: Address, replies: Reply[], options?: SendOptions): Promise<DeliveryOutcome[]>;
  /** Runs `change` on another person's document under that person's queue, and saves it. */
  updateUser(personId: string, change: (doc: import('../store/types.ts').UserDoc) => void): Promise<boolean>;
  /** Adds or replaces a persisted job; the flow that declares its `kind` under `jobs` runs it. */
  schedule(job: Job): Promise<void>;
  /** Removes a job (a cancelled reminder); true when there was one. A person's jobs go with /forget on their own. */
  unschedule(id: string): Promise<boolean>;
  /**
   * A link that opens the bot's private chat on `channel` (delivering `/start <payload>` there),
   * or undefined when that channel has none. Payloads: at most 64 of A-Z a-z 0-9 _ -.
   */
  link(channel: string, payload?: string): string | undefined;
  /** What `channel` can do, so a reply says only what works there. */
  capabilities(channel: string): ChannelCapabilities;
}

/** What read-only commands (export, stats) get: no outbox, no engine. */
export interface ReadServices {
  store: Store;
  i18n: I18n;
  config: CoreConfig;
}
