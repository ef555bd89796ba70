import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type Bot } from './helpers/harness.ts';
import type { Job } from '../src/scheduler/scheduler.ts';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('flows schedule and unschedule through the core (#9.6)', () => {
  it('a job a flow scheduled is removed by services.unschedule, and only that one', async () => {
    bot = await startBot();
    const { services } = bot.core;
    const at = new Date(Date.now() + 3_600_000).toISOString();
    await services.schedule({ id: 'test-keep', kind: 'nothing', at } as Job);
    await services.schedule({ id: 'test-drop', kind: 'nothing', at } as Job);
    expect(await services.unschedule('test-drop')).toBe(true);
    expect(await services.unschedule('test-drop')).toBe(false);
    const jobs = services.store.collection<Job>('jobs', { indexes: ['due', 'about', 'kind'] });
    expect((await jobs.get('test-keep'))?.id).toBe('test-keep');
    expect(await jobs.get('test-drop')).toBeUndefined();
  });
});
