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
});
