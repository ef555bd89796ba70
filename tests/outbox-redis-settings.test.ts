import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../src/app.ts';
import { readSettings } from '../src/config.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { describeRedis, testRedis } from './helpers/redis.ts';
import { capturingLogger, FakePlatform, PlatformChannel } from './outbox-redis-platform.ts';

describe('REDIS_URL and TOGETHER_INSTANCES settings', () => {
  it('reads the URL, the number of instances and a key per bot that is not its token', () => {
    const s = readSettings({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/2', TOGETHER_INSTANCES: '3', TELEGRAM_BOT_TOKEN: '123:secret', DISCORD_BOT_TOKEN: 'other' });
    expect(s.redis).toMatchObject({ url: 'redis://:pw@127.0.0.1:6379/2', instances: 3 });
    expect(s.redis!.keys.telegram).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(s.redis!.keys)).not.toContain('secret');
    // Every instance of one bot computes the same key; another bot gets another.
    expect(readSettings({ REDIS_URL: 'redis://h', TELEGRAM_BOT_TOKEN: '123:secret' }).redis!.keys.telegram).toBe(s.redis!.keys.telegram);
    expect(s.redis!.keys.discord).not.toBe(s.redis!.keys.telegram);
    expect(readSettings({ REDIS_URL: 'rediss://cache.example:6380' }).redis).toMatchObject({ instances: 2, keys: {} });
    expect(readSettings({}).redis).toBeUndefined();
  });

  it('refuses a URL that is not Redis, without repeating it (it may hold a password), and a wrong number of instances', () => {
    for (const url of ['localhost:6379', 'http://:hunter2@cache:6379', 'redis://', 'not a url']) {
      let message = '';
      try {
        readSettings({ REDIS_URL: url });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, url).toMatch(/REDIS_URL is not a Redis URL: use redis:\/\//);
      expect(message).not.toContain('hunter2');
    }
    for (const n of ['0', '-1', '1.5', 'two']) expect(() => readSettings({ TOGETHER_INSTANCES: n })).toThrow(/TOGETHER_INSTANCES=.* is not a number of instances/);
  });
});

const cores: { core: Core; dir: string }[] = [];
afterEach(async () => {
  for (const { core, dir } of cores.splice(0)) {
    await core.stop();
    removeDir(dir);
  }
});

await describeRedis('the core with sharedLimits', () => {
  it('sends through the limits shared in Redis, and its stop closes their connections', async () => {
    const { url, prefix } = await testRedis();
    const admin = new Redis(url);
    const connections = async () => ((await admin.call('CLIENT', 'LIST')) as string).split('\n').filter((l) => l.includes(`name=${prefix} `)).length;
    const platform = new FakePlatform({ perSecond: 20, perChatMs: 200 });
    await platform.start();
    try {
      const { log, records } = capturingLogger();
      const dir = tempDir('together-redis-core-');
      const core = await createCore({
        config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
        flows: [],
        channels: [new PlatformChannel(platform, 'one')],
        store: new MemoryStore(),
        log,
        control: false,
        sharedLimits: { redisUrl: url, keys: { fake: prefix }, clientName: prefix },
      });
      cores.push({ core, dir });
      const outcomes = await core.outbox.send({ channel: 'fake', chatId: 'p1', userId: 'p1' }, [{ kind: 'text', text: 'm1' }, { kind: 'text', text: 'm2' }]);
      expect(outcomes).toEqual(['sent', 'sent']);
      expect(platform.attempts.map((a) => [a.id, a.status])).toEqual([
        ['m1', 'ok'],
        ['m2', 'ok'],
      ]);
      expect(records.filter((r) => r.msg.includes('shared with the other instances through Redis'))).toHaveLength(1);
      // The probe, and the client and subscriber of Bottleneck's limiters.
      expect(await connections()).toBe(3);
      await core.stop();
      cores.pop();
      removeDir(dir);
      await expect.poll(connections).toBe(0);
    } finally {
      admin.disconnect();
      await platform.stop();
    }
  });
});
