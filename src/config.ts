import { resolve } from 'node:path';
import type { CoreConfig } from './engine/services.ts';

/** Everything read from the environment, in one place: the composition root passes it on. */
export interface Settings {
  core: CoreConfig;
  logLevel: string;
  telegram?: { token: string; apiRoot?: string; webhookUrl?: string; webhookSecret?: string; port: number };
  slack?: { botToken: string; signingSecret: string; apiUrl?: string; port: number; appToken?: string };
  discord?: { token: string; apiUrl?: string };
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Reads the variables of DESIGN §3. A channel is configured when its credentials are present. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const tz = env.TOGETHER_TZ || 'Europe/Brussels';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new Error(`TOGETHER_TZ=${tz} is not a known time zone (use an IANA name such as Europe/Brussels).`);
  }
  const settings: Settings = {
    core: {
      dataDir: resolve(env.TOGETHER_DATA || './data'),
      managers: new Set(list(env.TOGETHER_MANAGERS)),
      lang: env.TOGETHER_LANG || 'en',
      tz,
    },
    logLevel: env.LOG_LEVEL || 'info',
  };
  if (env.TELEGRAM_WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(env.TELEGRAM_WEBHOOK_SECRET)) {
    throw new Error('TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram refuses others).');
  }
  if (env.TELEGRAM_BOT_TOKEN) {
    settings.telegram = {
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT || undefined,
      webhookUrl: env.TELEGRAM_WEBHOOK_URL || undefined,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
      port: Number(env.PORT || 8443),
    };
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    settings.slack = {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      apiUrl: env.SLACK_API_URL || undefined,
      port: Number(env.SLACK_PORT || 3000),
      appToken: env.SLACK_APP_TOKEN || undefined,
    };
  }
  if (env.DISCORD_BOT_TOKEN) settings.discord = { token: env.DISCORD_BOT_TOKEN, apiUrl: env.DISCORD_API_URL || undefined };
  return settings;
}
