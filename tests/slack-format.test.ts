// The Slack adapter's pure parts: escaping, Block Kit limits, typed text, slash command words, errors.
import { describe, expect, it } from 'vitest';
import { actionBlocks, markedBlocks, messageBody, sectionTexts, shortLabel } from '../adapters/slack/format.ts';
import { commandOf, fromDirectMessage, plainText } from '../adapters/slack/inbound.ts';
import { toDeliveryError } from '../adapters/slack/errors.ts';
import { homeView } from '../adapters/slack/home.ts';

describe('Slack rendering', () => {
  it('escapes &, < and > and keeps every section within 3,000 characters, even when escaping makes it longer', () => {
    const text = '&'.repeat(2900);
    const parts = sectionTexts(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    expect(parts.join('')).toBe('&amp;'.repeat(2900));
  });

  it('cuts labels at 75 characters, puts at most 25 buttons in an actions block, with unique action ids', () => {
    expect([...shortLabel('x'.repeat(100))]).toHaveLength(75);
    expect(shortLabel('x'.repeat(100)).endsWith('…')).toBe(true);
    expect(shortLabel('   ')).toBe('…');
    const row = Array.from({ length: 30 }, (_, i) => ({ label: `b${i}`, token: `t${i}` }));
    const blocks = actionBlocks([row, [{ label: 'ok', token: 'ok' }]]);
    expect(blocks.map((b) => (b.elements as unknown[]).length)).toEqual([25, 5, 1]);
    const ids = blocks.flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a message has a notification text and its blocks; an empty text has no section', () => {
    expect(messageBody('Hi <@U1>').blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Hi &lt;@U1&gt;' } }]);
    const onlyButtons = messageBody('', [[{ label: 'A', token: 'a' }]]);
    expect(onlyButtons.text.trim()).toBe('');
    expect(onlyButtons.text.length).toBeGreaterThan(0);
    expect(onlyButtons.blocks.map((b) => b.type)).toEqual(['actions']);
  });

  it('marks a pressed button: the actions go, one "✓ label" line comes', () => {
    const { blocks } = messageBody('Which language?', [[{ label: 'English', token: 'en' }]]);
    const marked = markedBlocks(blocks, 'English <b>');
    expect(marked.map((b) => b.type)).toEqual(['section', 'context']);
    expect(JSON.stringify(marked[1])).toContain('✓ *English &lt;b&gt;*');
  });

  it('keeps a Home view within 100 blocks', () => {
    const view = homeView({ title: 'T'.repeat(200), sections: Array.from({ length: 80 }, (_, i) => ({ text: `s${i}`, buttons: [{ label: 'go', token: `/spiral` }] })) });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(((view.blocks[0]!.text as { text: string }).text).length).toBe(150);
  });
});

describe('Slack input', () => {
  it('gives the core what the person saw: entities unescaped, mentions and links readable', () => {
    expect(plainText('a &lt; b &amp;&amp; c &gt; d')).toBe('a < b && c > d');
    expect(plainText('hi <@U123> and <!channel> in <#C1|general>')).toBe('hi @U123 and @channel in #general');
    expect(plainText('see <https://example.org|example.org> or <https://x.y>')).toBe('see example.org or https://x.y');
  });

  it('maps slash commands to core commands', () => {
    expect(commandOf({ command: '/together', text: 'spiral K7M2QX' })).toEqual({ name: 'spiral', args: 'K7M2QX' });
    expect(commandOf({ command: '/together', text: '/back' })).toEqual({ name: 'back', args: '' });
    expect(commandOf({ command: '/spiral', text: 'K7M2QX' })).toEqual({ name: 'spiral', args: 'K7M2QX' });
    expect(commandOf({ command: '/together', text: '' })).toEqual({ name: 'help', args: '' });
    expect(commandOf({ command: '/together', text: '¿qué?' })).toEqual({ name: 'help', args: '' });
    // A renamed umbrella command (a workspace where /together was taken) works the same.
    expect(commandOf({ command: '/together-bot', text: 'caravan join ro' })).toEqual({ name: 'caravan', args: 'join ro' });
  });

  it('takes only what a person typed in the DM', () => {
    const base = { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ts: '1.1', text: 'hello' };
    expect(fromDirectMessage(base, 'Ev1')).toMatchObject({ kind: 'text', text: 'hello', updateId: 'e:Ev1', address: { channel: 'slack', chatId: 'D1', userId: 'U1' } });
    expect(fromDirectMessage({ ...base, text: '/help' }, 'Ev2')).toMatchObject({ kind: 'command', name: 'help' });
    expect(fromDirectMessage({ ...base, bot_id: 'B1' }, 'Ev3')).toBeNull();
    expect(fromDirectMessage({ ...base, subtype: 'message_changed' }, 'Ev4')).toBeNull();
    expect(fromDirectMessage({ ...base, channel_type: 'channel' }, 'Ev5')).toBeNull();
    expect(fromDirectMessage({ ...base, subtype: 'file_share', text: 'my photo' }, 'Ev6')).toMatchObject({ kind: 'text', text: '' });
  });
});

describe('Slack delivery errors', () => {
  const platform = (error: string) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
  it('maps what Slack answered to what the outbox does', () => {
    const limited = toDeliveryError(Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 7 }));
    expect([limited.failure, limited.retryAfterMs]).toEqual(['rate_limited', 7000]);
    for (const e of ['account_inactive', 'user_not_found', 'cannot_dm_bot']) expect(toDeliveryError(platform(e)).failure).toBe('blocked');
    for (const e of ['invalid_blocks', 'msg_too_long', 'no_text']) expect(toDeliveryError(platform(e)).failure).toBe('rejected');
    expect(toDeliveryError(platform('internal_error')).failure).toBe('transient');
    expect(toDeliveryError(Object.assign(new Error('503'), { code: 'slack_webapi_http_error', statusCode: 503 })).failure).toBe('transient');
    expect(toDeliveryError(Object.assign(new Error('socket hang up'), { code: 'slack_webapi_request_error' })).failure).toBe('transient');
  });
});
