import type { ClusterTimings } from './cluster/open-cluster.ts';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CoreConfig } from './engine/services.ts';
import { LOCALES_DIR } from './i18n/i18n.ts';

/** A setting the bot cannot run with; the message names the variable and what to set. */
export class SettingsError extends Error {
  readonly code = 'SETTINGS';
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The languages shipped in locales/ (one folder each). */
export function shippedLanguages(dir: string = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Everything read from the environment, in one place: the composition root passes it on. */
export interface Settings {
  core: CoreConfig;
  logLevel: LogLevel;
  /** LOG_LEVEL was set: the console then logs at that level instead of its quieter default. */
  logLevelGiven: boolean;
  telegram?: { token: string; apiRoot?: string; webhookUrl?: string; webhookSecret?: string; port: number };
  /** HTTP mode with `signingSecret`, Socket Mode with `appToken` (which wins when both are set). */
  slack?: { botToken: string; signingSecret?: string; apiUrl?: string; port: number; appToken?: string };
  /** Commands registered in `guildId` only (shown at once, for set-up) when set, else globally. */
  discord?: { token: string; apiUrl?: string; guildId?: string };
  /** REDIS_URL: the platform limits shared by every instance (see src/outbox/shared-limits.ts). */
  redis?: RedisSettings;
}

export interface RedisSettings {
  url: string;
  /** TOGETHER_INSTANCES: how many instances share the limits, for each one's share while Redis is away. */
  instances: number;
  /** Per channel, a name for its bot that every instance of it computes alike: a hash of its token. */
  keys: Record<string, string>;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new SettingsError(`${name}=${value} is not a port: use a whole number from 1 to 65535.`);
  return n;
}

/** Reads the variables of DESIGN §3. A channel is configured when its credentials are present. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const tz = env.TOGETHER_TZ || 'Europe/Brussels';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new SettingsError(`TOGETHER_TZ=${tz} is not a known time zone (use an IANA name such as Europe/Brussels).`);
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new SettingsError(`LOG_LEVEL=${env.LOG_LEVEL} is not a log level: use one of ${LOG_LEVELS.join(', ')}.`);
  const lang = (env.TOGETHER_LANG || 'en').toLowerCase();
  const languages = shippedLanguages();
  if (!languages.includes(lang)) throw new SettingsError(`TOGETHER_LANG=${env.TOGETHER_LANG} is not a shipped language: use one of ${languages.join(', ')}.`);
  const settings: Settings = {
    core: {
      dataDir: resolve(env.TOGETHER_DATA || './data'),
      managers: new Set(list(env.TOGETHER_MANAGERS)),
      lang,
      tz,
      ...(env.TOGETHER_DATABASE_URL?.trim() ? { databaseUrl: env.TOGETHER_DATABASE_URL.trim() } : {}),
    },
    logLevel: logLevel as LogLevel,
    logLevelGiven: Boolean(env.LOG_LEVEL),
  };
  if (env.TELEGRAM_WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(env.TELEGRAM_WEBHOOK_SECRET)) {
    throw new SettingsError('TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram refuses others).');
  }
  if (env.TELEGRAM_BOT_TOKEN) {
    settings.telegram = {
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT || undefined,
      webhookUrl: env.TELEGRAM_WEBHOOK_URL || undefined,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
      port: port('PORT', env.PORT, 8443),
    };
  }
  settings.slack = slackSettings(env);
  settings.discord = discordSettings(env);
  settings.redis = redisSettings(env, settings);
  return settings;
}

/** The token's hash, never the token: Redis key names are visible to whoever reads that Redis. */
const botKey = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

function redisSettings(env: NodeJS.ProcessEnv, settings: Settings): RedisSettings | undefined {
  const url = env.REDIS_URL?.trim();
  const given = env.TOGETHER_INSTANCES?.trim();
  const instances = given ? Number(given) : 2;
  if (!Number.isInteger(instances) || instances < 1 || instances > 1000) {
    throw new SettingsError(`TOGETHER_INSTANCES=${given} is not a number of instances: use a whole number from 1 (how many \`together start\` share the bot's limits; default 2).`);
  }
  if (!url) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new SettingsError('REDIS_URL is not a Redis URL: use redis://[:password@]host[:port][/db] (rediss:// for TLS), e.g. redis://127.0.0.1:6379.');
  }
  const keys: Record<string, string> = {};
  if (settings.telegram) keys.telegram = botKey(settings.telegram.token);
  if (settings.slack) keys.slack = botKey(settings.slack.botToken);
  if (settings.discord) keys.discord = botKey(settings.discord.token);
  return { url, instances, keys };
}

/**
 * Slack runs with a bot token and a way to receive: the signing secret (HTTP mode, requests to
 * /slack/events) or an app-level token (Socket Mode). Half of it is refused with what to add,
 * rather than a bot that starts and never hears anything.
 */
function slackSettings(env: NodeJS.ProcessEnv): Settings['slack'] {
  const botToken = env.SLACK_BOT_TOKEN;
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  if (!botToken) {
    if (signingSecret || appToken) throw new SettingsError(`${appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN is not: add the Bot User OAuth Token (xoxb-…) from the app's "OAuth & Permissions" page.`);
    return undefined;
  }
  if (!signingSecret && !appToken) {
    throw new SettingsError('SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET (HTTP mode, from the app\'s "Basic Information" page) or SLACK_APP_TOKEN (Socket Mode, an xapp-… token): set one of them.');
  }
  if (appToken && !appToken.startsWith('xapp-')) throw new SettingsError('SLACK_APP_TOKEN must be an App-Level Token (xapp-…), from the app\'s "Basic Information" page.');
  if (env.SLACK_API_URL) {
    try {
      new URL(env.SLACK_API_URL);
    } catch {
      throw new SettingsError(`SLACK_API_URL=${env.SLACK_API_URL} is not a URL (the default is https://slack.com/api/).`);
    }
  }
  return {
    botToken,
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
    apiUrl: env.SLACK_API_URL || undefined,
    port: port('SLACK_PORT', env.SLACK_PORT, 3000),
  };
}

/**
 * Discord runs with a bot token. A server id or API root without a token is refused (the bot
 * would silently not start on Discord), and so are values Discord would never take.
 */
function discordSettings(env: NodeJS.ProcessEnv): Settings['discord'] {
  const token = env.DISCORD_BOT_TOKEN?.trim();
  const guildId = env.DISCORD_GUILD_ID?.trim() || undefined;
  const apiUrl = env.DISCORD_API_URL?.trim() || undefined;
  if (!token) {
    if (guildId || apiUrl) throw new SettingsError(`${guildId ? 'DISCORD_GUILD_ID' : 'DISCORD_API_URL'} is set but DISCORD_BOT_TOKEN is not: add the bot token from the application's "Bot" page (https://discord.com/developers/applications).`);
    return undefined;
  }
  if (guildId && !/^\d{17,20}$/.test(guildId)) throw new SettingsError(`DISCORD_GUILD_ID=${guildId} is not a Discord server id (17 to 20 digits: right-click the server, "Copy Server ID", with Developer Mode on).`);
  if (apiUrl) {
    try {
      new URL(apiUrl);
    } catch {
      throw new SettingsError(`DISCORD_API_URL=${apiUrl} is not a URL (the default is https://discord.com/api).`);
    }
  }
  return { token, ...(apiUrl ? { apiUrl } : {}), ...(guildId ? { guildId } : {}) };
}

const CLUSTER_VARIABLES = {
  heartbeatMs: 'TOGETHER_CLUSTER_HEARTBEAT_MS',
  leaseMs: 'TOGETHER_CLUSTER_LEASE_MS',
  aliveMs: 'TOGETHER_CLUSTER_ALIVE_MS',
} as const;

/**
 * The cluster's timings from the environment, each optional (the defaults suit production: a
 * heartbeat every 2 s, leases of 8 s, an instance silent for 6 s is gone). Tests shorten them.
 */
export function clusterTimings(env: NodeJS.ProcessEnv = process.env): ClusterTimings {
  const timings: ClusterTimings = {};
  for (const [field, name] of Object.entries(CLUSTER_VARIABLES) as [keyof typeof CLUSTER_VARIABLES, string][]) {
    const value = env[name];
    if (!value) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 10 || n > 600_000) throw new SettingsError(`${name}=${value} is not a duration: use a whole number of milliseconds from 10 to 600000.`);
    timings[field] = n;
  }
  const heartbeat = timings.heartbeatMs ?? 2_000;
  if ((timings.leaseMs ?? 8_000) < 2 * heartbeat) throw new SettingsError(`${CLUSTER_VARIABLES.leaseMs} must be at least twice ${CLUSTER_VARIABLES.heartbeatMs}: a lease renewed less often runs out.`);
  if ((timings.aliveMs ?? 6_000) < 2 * heartbeat) throw new SettingsError(`${CLUSTER_VARIABLES.aliveMs} must be at least twice ${CLUSTER_VARIABLES.heartbeatMs}: an instance would look gone between two heartbeats.`);
  return timings;
}
