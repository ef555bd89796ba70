import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../src/outbox/outbox.ts';
import { DeliveryError } from '../src/channels/channel.ts';
import { silentLogger } from '../src/log/logger.ts';
import { MemoryChannel } from './helpers/memory-channel.ts';
import { startBot, removeDir, type Bot } from './helpers/harness.ts';
import type { Reply } from '../src/core/types.ts';

const text = (t: string): Reply => ({ kind: 'text', text: t });
const addr = (chatId: string) => ({ channel: 'memory', chatId, userId: chatId });

describe('outbox', () => {
  it('waits retry_after on 429 and delivers every message once, in order', async () => {
    const channel = new MemoryChannel();
    let failures = 0;
    channel.deliverHook = () => {
      if (failures < 5) {
        failures++;
        throw new DeliveryError('rate_limited', '429', 20);
      }
    };
    const outbox = new Outbox([channel], silentLogger());
    const outcomes = await outbox.send(addr('a'), [text('1'), text('2'), text('3')]);
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(channel.sent.map((s) => (s.reply as { text: string }).text)).toEqual(['1', '2', '3']);
    expect(outbox.stats.retried).toBe(5);
  });

  it('retries network errors with backoff, then reports a failure instead of dropping silently', async () => {
    const channel = new MemoryChannel();
    let calls = 0;
    channel.deliverHook = () => {
      calls++;
      throw new DeliveryError('transient', 'ECONNRESET');
    };
    const outbox = new Outbox([channel], silentLogger(), { maxAttempts: 3, backoffMs: 1 });
    expect(await outbox.send(addr('a'), [text('x')])).toEqual(['failed']);
    expect(calls).toBe(3);
    expect(outbox.stats.failed).toBe(1);
  });

  it('a blocked chat stops its own queue, reports it, and other chats go on', async () => {
    const channel = new MemoryChannel();
    const blocked: string[] = [];
    channel.deliverHook = (chatId) => {
      if (chatId === 'gone') throw new DeliveryError('blocked', '403');
    };
    const outbox = new Outbox([channel], silentLogger(), { onBlocked: (a) => void blocked.push(a.chatId) });
    const [gone, here] = await Promise.all([outbox.send(addr('gone'), [text('a'), text('b')]), outbox.send(addr('here'), [text('c')])]);
    expect(gone).toEqual(['blocked', 'blocked']);
    expect(here).toEqual(['sent']);
    expect(blocked).toEqual(['gone']);
  });

  it('spaces messages at the channel\'s per-chat rate', async () => {
    const channel = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 50 });
    const outbox = new Outbox([channel], silentLogger());
    const start = Date.now();
    await outbox.send(addr('a'), [text('1'), text('2'), text('3'), text('4'), text('5')]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
  });

  it('a reply for a channel that is not running is counted as failed', async () => {
    const outbox = new Outbox([new MemoryChannel()], silentLogger());
    expect(await outbox.send({ channel: 'nowhere', chatId: '1', userId: '1' }, [text('x')])).toEqual(['failed']);
  });
});

describe('blocked users through the core', () => {
  let bot: Bot;
  afterEach(async () => {
    await bot.stop();
    removeDir(bot.dir);
  });

  it('marks the user unreachable when the platform says blocked', async () => {
    bot = await startBot();
    const u = bot.user('blocker');
    await u.send('/agree');
    bot.channel.deliverHook = (chatId) => {
      if (chatId === 'blocker') throw new DeliveryError('blocked', '403');
    };
    await u.send('/help');
    await bot.core.engine.idle();
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:blocker'));
    expect(doc?.unreachable).toBe(true);
  });
});
