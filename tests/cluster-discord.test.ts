import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { DiscordChannel } from '../adapters/discord/index.ts';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord/index.ts';
import { eventually, FAST_CLUSTER } from './helpers/cluster.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { sampleFlow } from './helpers/sample-flow.ts';

let db: TestDatabase;
let fake: FakeDiscord | null = null;
const cores: Core[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop().catch(() => {});
  await fake?.close();
  fake = null;
});

/** One instance: a core on the shared database with a Discord channel of its own, against the one fake Discord. */
async function instance(): Promise<Core> {
  const log = silentLogger();
  const dir = tempDir('together-cluster-dc-');
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: [onboarding, privacy, sampleFlow()],
    channels: [new DiscordChannel({ token: fake!.token, apiUrl: fake!.apiUrl, log, limits: null, startTimeoutMs: 10_000 })],
    log,
    store: await openStore({ dataDir: dir, databaseUrl: db.url, log }),
    control: false,
    personRate: false,
    clusterTimings: FAST_CLUSTER,
  });
  await core.start();
  cores.push(core);
  return core;
}

const holderOf = async (core: Core, lease: string) => (await core.cluster.status()).leases.find((l) => l.name === lease)?.holder;

await describePostgres('the Discord gateway with two instances', () => {
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('one gateway connection at a time, moved to the other instance when its holder stops; both send', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
    const a = await instance();
    await eventually(async () => (await holderOf(a, 'discord:gateway')) === a.cluster.instanceId, 10_000, 'the first instance on the gateway');
    await eventually(() => fake!.identifyCount() === 1, 10_000, 'the gateway connected');
    const b = await instance();
    const user = '300000000000000901';
    fake.addUser({ id: user, username: 'dana', locale: 'en-US' });
    const dm = fake.dmOf(user);
    await fake.sendDm(user, '/agree');
    await eventually(() => fake!.messages(dm).some((m) => /consent|agree/i.test(m.content)), 10_000, 'the answer through the gateway holder');
    // Only one instance identified on the gateway.
    expect(fake.identifyCount()).toBe(1);
    expect(await holderOf(b, 'discord:gateway')).toBe(a.cluster.instanceId);
    // The instance without the gateway still sends (REST), e.g. another person's notice.
    await b.services.notify({ channel: 'discord', chatId: dm, userId: user }, [{ kind: 'text', text: 'From the second instance' }]);
    expect(fake.messages(dm).some((m) => m.content.includes('From the second instance'))).toBe(true);

    await a.stop();
    cores.splice(cores.indexOf(a), 1);
    await eventually(async () => (await holderOf(b, 'discord:gateway')) === b.cluster.instanceId, 10_000, 'the gateway taken over');
    await eventually(() => fake!.identifyCount() === 2, 10_000, 'the second instance identified');
    const before = fake.messages(dm).length;
    await fake.sendDm(user, '/sample');
    await eventually(() => fake!.messages(dm).slice(before).some((m) => m.content.includes('What is your name?')), 10_000, 'the answer through the new holder');
  });
});
