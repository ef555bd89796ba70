import { describe, expect, it } from 'vitest';
import { escapeHtml, splitText, caption } from '../adapters/telegram/format.ts';
import { toDeliveryError } from '../adapters/telegram/errors.ts';
import { parseCommand } from '../src/core/types.ts';

describe('Telegram formatting', () => {
  it('escapes the three HTML specials and nothing else', () => {
    expect(escapeHtml('<b>*_[x]</b> & 🎉')).toBe('&lt;b&gt;*_[x]&lt;/b&gt; &amp; 🎉');
  });

  it('splits at line breaks, then spaces, never inside an emoji', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} 😀`).join('\n');
    const parts = splitText(lines, 4096);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(lines);
    const emoji = '😀'.repeat(3000);
    const cut = splitText(emoji, 4095);
    expect(cut.join('')).toBe(emoji);
    for (const p of cut) expect(p).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(splitText('')).toEqual(['']);
  });

  it('cuts captions to 1,024 characters', () => {
    expect(caption('x'.repeat(2000))?.length).toBe(1024);
    expect(caption(undefined)).toBeUndefined();
  });

  it('maps Bot API failures to outbox decisions', () => {
    expect(toDeliveryError({ response: { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } } })).toMatchObject({ failure: 'rate_limited', retryAfterMs: 3000 });
    expect(toDeliveryError({ response: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } }).failure).toBe('blocked');
    expect(toDeliveryError({ response: { error_code: 400, description: 'Bad Request: chat not found' } }).failure).toBe('blocked');
    expect(toDeliveryError({ response: { error_code: 502, description: 'Bad Gateway' } }).failure).toBe('transient');
    expect(toDeliveryError({ response: { error_code: 400, description: "Bad Request: can't parse entities" } }).failure).toBe('rejected');
    expect(toDeliveryError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).failure).toBe('transient');
  });

  it('parses commands with @botname suffixes and arguments', () => {
    expect(parseCommand('/start@together_bot g_ABC12')).toEqual({ name: 'start', args: 'g_ABC12' });
    expect(parseCommand('/Language fr')).toEqual({ name: 'language', args: 'fr' });
    expect(parseCommand('not a command')).toBeNull();
    expect(parseCommand('/')).toBeNull();
  });
});
