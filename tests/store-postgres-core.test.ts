import { expect, it } from 'vitest';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { allFlows } from '../flows/index.ts';
import { FakeUser, MemoryChannel, texts } from './helpers/memory-channel.ts';
import { sampleFlow } from './helpers/sample-flow.ts';
import { freshDirs } from './helpers/temp-dirs.ts';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';

const newDir = freshDirs();
const database = fileDatabases();

/** The whole core as `together start` builds it, its store chosen by the database URL (no store given). */
async function start(databaseUrl: string, dataDir: string): Promise<{ core: Core; channel: MemoryChannel }> {
  const channel = new MemoryChannel();
  const core = await createCore({
    config: { dataDir, databaseUrl, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: [...allFlows, sampleFlow()],
    channels: [channel],
    log: silentLogger(),
  });
  await core.start();
  return { core, channel };
}

await describePostgres('the core on PostgreSQL (TOGETHER_DATABASE_URL)', () => {
  it('runs a conversation and resumes it after a restart, with every person in the database', async () => {
    const db = await database();
    const dir = newDir();
    let bot = await start(db.url, dir);
    expect(bot.core.services.store.kind).toBe('postgres');
    let u = new FakeUser(bot.channel, 'ana');
    expect(texts(await u.send('/sample'))).toContain('consent');
    expect(texts(await u.press('I agree'))).toContain('What is your name?');
    await u.send('Ana');
    expect(texts(await u.send('idea one'))).toContain('Noted: idea one');
    await bot.core.stop();

    bot = await start(db.url, newDir());
    u = new FakeUser(bot.channel, 'ana');
    expect(texts(await u.send('idea two'))).toContain('Noted: idea two');
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:ana'));
    expect((doc?.flows.sample as { ideas: string[] }).ideas).toEqual(['idea one', 'idea two']);
    const ben = new FakeUser(bot.channel, 'ben');
    await ben.send('/agree');
    expect(await bot.core.services.store.countUsers()).toBe(2);
    await bot.core.stop();
  });
});
