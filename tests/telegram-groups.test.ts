import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramBot, expectReply, type TelegramBot } from './helpers/telegram-bot.ts';
import { dispose } from './helpers/harness.ts';
import { startFakeTelegram } from './fakes/telegram/index.ts';
import { linkFor, DeepLinkPayloadError, TELEGRAM_CAPABILITIES } from '../adapters/telegram/index.ts';
import { channelLinks } from '../adapters/index.ts';

let bot: TelegramBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('Telegram: groups from the chat type, topics, offline links', () => {
  it('a group is known by its chat type, not its id: a kicked group with a positive id leaves the person reachable', async () => {
    const fake = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
    bot = await startTelegramBot({ fake });
    const u = { id: 7301, first_name: 'Ion' };
    const group = { id: 7302, type: 'group' as const, title: 'Positive id' };
    fake.sendText(u, '/start');
    await expectReply(fake, u.id, 'language');
    expect(bot.channel.isGroupChat('7302')).toBe(false);
    fake.failNext(1, { code: 403, description: 'Forbidden: bot was kicked from the group chat', methods: ['sendMessage'] });
    fake.sendText(u, '/start@together_test_bot', { chat: group });
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.error_code === 403);
    await fake.waitForIdle();
    await bot.core.engine.idle();
    await bot.core.outbox.drain();
    expect(bot.channel.isGroupChat('7302')).toBe(true);
    expect(bot.core.outbox.stats.blocked).toBe(1);
    const store = bot.core.services.store;
    expect((await store.loadUser(store.keyOf(`telegram:${u.id}`)))?.unreachable).toBeFalsy();
  });

  it('a command in a forum topic is answered in that topic', async () => {
    const fake = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
    bot = await startTelegramBot({ fake });
    const forum = { id: -1009988, type: 'supergroup' as const, is_forum: true };
    fake.sendText({ id: 7303 }, '/help@together_test_bot', { chat: forum, thread: 77 });
    const pointer = await fake.waitFor((m) => m.chat_id === forum.id);
    expect(pointer.message_thread_id).toBe(77);
    expect(pointer.text).toMatch(/private/i);
  });

  it('builds t.me links offline from the bot name, for the CLI', () => {
    expect(linkFor('g_74GZR3', { botName: 'together_test_bot' })).toBe('https://t.me/together_test_bot?start=g_74GZR3');
    expect(linkFor(undefined, { botName: 'together_test_bot' })).toBe('https://t.me/together_test_bot');
    expect(linkFor('g_74GZR3', {})).toBeUndefined();
    expect(() => linkFor('with space', { botName: 'together_test_bot' })).toThrow(DeepLinkPayloadError);
    expect(channelLinks.telegram).toBe(linkFor);
    expect(channelLinks.console).toBeUndefined();
    expect(TELEGRAM_CAPABILITIES).toMatchObject({ maxText: 4096, buttonsPerRow: 8, maxLabel: 64, maxToken: 64, edit: true, upload: true, linkPayload: true, ephemeral: false });
  });
});

describe('offline links through the core', () => {
  it('the composition root registers the Telegram builder, so the core links without a running bot', async () => {
    const { linkFor: coreLinkFor } = await import('../src/engine/index.ts');
    expect(coreLinkFor('telegram', 'c_ro', { botName: 'together_test_bot' })).toBe('https://t.me/together_test_bot?start=c_ro');
    expect(coreLinkFor('console', 'c_ro', { botName: 'x' })).toBeUndefined();
  });
});
