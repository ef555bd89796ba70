import { describe, expect, it } from 'vitest';
import { allLinks, registerLinkBuilder } from '../src/engine/index.ts';
import type { CoreConfig } from '../src/engine/index.ts';

const config = (botNames: Record<string, string>): CoreConfig => ({ lang: 'en', tz: 'Europe/Brussels', managers: new Set(), dataDir: '/nonexistent', botNames });

describe('links to the private chat, built by the channels (#9.3)', () => {
  it('one link per channel that has one: the running channel first, then offline builders; none named by the flow', () => {
    registerLinkBuilder('fakechat', (payload, { botName }) => (botName ? `fake://${botName}/${payload ?? ''}` : undefined));
    const running = { link: (channel: string, payload?: string) => (channel === 'livechat' ? `live://${payload}` : undefined), config: config({ livechat: 'bot1', fakechat: 'bot2' }) };
    expect(allLinks(running, 'g_ABC').filter((l) => l.channel !== 'telegram')).toEqual([
      { channel: 'livechat', link: 'live://g_ABC' },
      { channel: 'fakechat', link: 'fake://bot2/g_ABC' },
    ]);
    // A builder that lacks what it needs (no bot name) gives no link rather than a broken one.
    const offline = { link: () => undefined, config: config({}) };
    expect(allLinks(offline, 'g_ABC').some((l) => l.channel === 'fakechat')).toBe(false);
  });
});
