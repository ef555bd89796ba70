// The Discord adapter's pure parts: escaping, the escaped split, buttons and their marks, the
// commands it registers and how their options become the core's args, error mapping.
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, RateLimitError } from 'discord.js';
import { actionRows, escapeDiscord, fitEscaped, markedRows, tokenOf, unescapeDiscord } from '../adapters/discord/format.ts';
import { argsOf, commandPayloads, discordLocales } from '../adapters/discord/commands.ts';
import { toDeliveryError } from '../adapters/discord/errors.ts';
import { linkFor } from '../adapters/discord/index.ts';
import { readSettings, SettingsError } from '../src/config.ts';
import type { ChannelInfo } from '../src/channels/channel.ts';

describe('Discord rendering', () => {
  it('escapes every markdown construct and unescapes back to the typed text', () => {
    const typed = '**b** *i* __u__ ~~s~~ ||sp|| `c` ```block```\n# h\n## h2\n-# sub\n> q\n>>> qq\n- li\n* li\n12. n\n[x](https://a.b) <@1> <#2> <:e:3> \\ back';
    const escaped = escapeDiscord(typed);
    expect(unescapeDiscord(escaped)).toBe(typed);
    for (const line of escaped.split('\n')) expect(line).not.toMatch(/^(#|-|>|\d+\.\s|\*\s)/);
    expect(escaped).not.toMatch(/(^|[^\\])(\*\*|\|\||`|<@|\[x\])/);
  });

  it('leaves links whole', () => {
    expect(escapeDiscord('see https://t.me/bot?start=c_ro_(x) now_')).toBe('see https://t.me/bot?start=c_ro_(x) now\\_');
  });

  it('splits so that each escaped piece fits, without losing a character', () => {
    const text = Array.from({ length: 300 }, (_, i) => `*${i}* ${'_'.repeat(i % 7)}`).join('\n');
    const parts = fitEscaped(text, 500);
    for (const p of parts) expect(escapeDiscord(p).length).toBeLessThanOrEqual(500);
    expect(parts.join('\n')).toBe(text);
    expect(fitEscaped('short')).toEqual(['short']);
    expect(fitEscaped('')).toEqual(['']);
  });

  it('renders rows of at most 5 buttons in at most 5 rows, and marks the chosen one', () => {
    const rows = actionRows([Array.from({ length: 12 }, (_, i) => ({ label: `b${i}`, token: `t${i}` })), [{ label: '', token: 'x' }]]);
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 2, 1]);
    expect(rows[3]!.components[0]!.label).toBe('…');
    expect(tokenOf(rows[1]!.components[2]!.custom_id!)).toBe('t7');
    expect(tokenOf('foreign')).toBeUndefined();
    const marked = markedRows(rows, 't7').flatMap((r) => r.components);
    expect(marked.every((b) => b.disabled)).toBe(true);
    expect(marked.filter((b) => b.style === 3).map((b) => b.label)).toEqual(['✓ b7']);
  });
});

describe('Discord commands', () => {
  const info: ChannelInfo = {
    languages: ['en', 'fr', 'pt'],
    defaultLanguage: 'en',
    commands: (lang) => [
      { command: 'spiral', description: lang === 'fr' ? 'questionnaire SPIRAL' : lang === 'pt' ? 'questionário SPIRAL' : 'SPIRAL questionnaire' },
      { command: 'Bad Name!', description: 'refused' },
      { command: 'propose', description: 'x'.repeat(150) },
    ],
    greeting: () => '',
    translate: (lang, key) => `${lang}:${key}`,
  };

  it('maps languages to Discord locale codes', () => {
    expect(discordLocales('en')).toEqual(['en-GB', 'en-US']);
    expect(discordLocales('es')).toEqual(['es-ES', 'es-419']);
    expect(discordLocales('pt')).toEqual(['pt-BR']);
    expect(discordLocales('ro')).toEqual(['ro']);
  });

  it('builds payloads Discord accepts: valid names, 100-character descriptions, localized options', () => {
    const payloads = commandPayloads(info, info.translate as never);
    expect(payloads.map((p) => p.name)).toEqual(['spiral', 'propose']);
    const spiral = payloads[0]!;
    expect(spiral.description_localizations).toMatchObject({ fr: 'questionnaire SPIRAL', 'pt-BR': 'questionário SPIRAL', 'en-US': 'SPIRAL questionnaire' });
    expect(spiral.options![0]).toMatchObject({ name: 'code', type: 3, required: false, description: 'en:discord:options.code' });
    expect(spiral.options![0]!.description_localizations!.fr).toBe('fr:discord:options.code');
    expect(payloads[1]!.description).toHaveLength(100);
    expect(payloads[1]!.options!.map((o) => o.name)).toEqual(['text']);
  });

  it('turns options into the core command args, in the declared order', () => {
    expect(argsOf('spiral', [{ name: 'code', value: ' K7M2QX ' }])).toBe('K7M2QX');
    expect(argsOf('caravan', [{ name: 'stop', value: 'ro' }, { name: 'action', value: 'join' }])).toBe('join ro');
    expect(argsOf('caravan', [{ name: 'stop', value: 'iasi-260512' }])).toBe('iasi-260512');
    expect(argsOf('help', [])).toBe('');
    expect(argsOf('propose', [{ name: 'text', value: 'more parks' }])).toBe('more parks');
  });
});

describe('Discord errors, links and settings', () => {
  const apiError = (status: number, code: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', '/channels/1/messages', {});

  it('maps failures to what the outbox does', () => {
    expect(toDeliveryError(apiError(403, 50007)).failure).toBe('blocked');
    expect(toDeliveryError(apiError(400, 50035)).failure).toBe('rejected');
    expect(toDeliveryError(apiError(502, 0)).failure).toBe('transient');
    expect(toDeliveryError(new Error('socket hang up')).failure).toBe('transient');
    const limited = toDeliveryError(new RateLimitError({ timeToReset: 1200, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages', majorParameter: '1', global: false, retryAfter: 1250, sublimitTimeout: 0, scope: 'user' }));
    expect([limited.failure, limited.retryAfterMs]).toEqual(['rate_limited', 1250]);
  });

  it('links to the bot\'s profile offline, never with a payload', () => {
    expect(linkFor(undefined, { botName: '123456789012345678' })).toBe('https://discord.com/users/123456789012345678');
    expect(linkFor('c_ro', { botName: '123456789012345678' })).toBeUndefined();
    expect(linkFor(undefined, { botName: 'not-an-id' })).toBeUndefined();
  });

  it('reads DISCORD_* and refuses half a set-up', () => {
    expect(readSettings({ DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: '123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:1/api' }).discord).toEqual({ token: 't', guildId: '123456789012345678', apiUrl: 'http://127.0.0.1:1/api' });
    expect(() => readSettings({ DISCORD_GUILD_ID: '123456789012345678' })).toThrow(/DISCORD_GUILD_ID is set but DISCORD_BOT_TOKEN is not/);
    expect(() => readSettings({ DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: 'my server' })).toThrow(SettingsError);
    expect(() => readSettings({ DISCORD_BOT_TOKEN: 't', DISCORD_API_URL: 'nope' })).toThrow(/DISCORD_API_URL/);
    expect(readSettings({}).discord).toBeUndefined();
  });
});
