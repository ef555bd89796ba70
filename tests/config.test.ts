import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/config.ts';

describe('configuration', () => {
  it('reads the variables of DESIGN §3 with their defaults', () => {
    const s = readSettings({});
    expect(s.core).toMatchObject({ lang: 'en', tz: 'Europe/Brussels' });
    expect(s.core.dataDir).toMatch(/data$/);
    expect(s.telegram).toBeUndefined();
    const t = readSettings({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_WEBHOOK_URL: 'https://x.org/tg', TOGETHER_MANAGERS: 'telegram:1, console:ana', PORT: '9000' });
    expect(t.telegram).toMatchObject({ token: '1:x', webhookUrl: 'https://x.org/tg', port: 9000 });
    expect([...t.core.managers]).toEqual(['telegram:1', 'console:ana']);
  });

  it('refuses an unknown time zone and a webhook secret Telegram would refuse', () => {
    expect(() => readSettings({ TOGETHER_TZ: 'Mars/Olympus' })).toThrow(/not a known time zone/);
    expect(() => readSettings({ TELEGRAM_WEBHOOK_SECRET: 'has spaces!' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('refuses an unknown LOG_LEVEL, a language that is not shipped and a port that is not one', () => {
    expect(() => readSettings({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL=verbose is not a log level/);
    expect(() => readSettings({ TOGETHER_LANG: 'de' })).toThrow(/TOGETHER_LANG=de is not a shipped language: use one of en, es, fr, it, pt, ro/);
    expect(() => readSettings({ TELEGRAM_BOT_TOKEN: '1:x', PORT: '99999' })).toThrow(/PORT=99999 is not a port/);
    expect(readSettings({ LOG_LEVEL: 'DEBUG', TOGETHER_LANG: 'FR' })).toMatchObject({ logLevel: 'debug', logLevelGiven: true, core: { lang: 'fr' } });
    expect(readSettings({}).logLevelGiven).toBe(false);
  });
});
