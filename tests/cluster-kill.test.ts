import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { broadcastCenter } from '../src/broadcast/index.ts';
import type { Services } from '../src/engine/services.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram/index.ts';
import { killHard } from './helpers/bot-process.ts';
import { eventually, FAST_CLUSTER } from './helpers/cluster.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { expectReply } from './helpers/telegram-bot.ts';
import { together } from './helpers/together-cli.ts';

let db: TestDatabase;
let fake: FakeTelegram | null = null;
let store: Store | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) await killHard(c);
  await fake?.close();
  fake = null;
  await store?.close();
  store = null;
});

/** A bot instance in a process of its own (see cluster-bot-child.ts); resolves with its instance id once it runs. */
async function instance(perSecond: number): Promise<{ id: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/cluster-bot-child.ts'], {
    env: { ...process.env, CLUSTER_DB: db.url, TG_API: fake!.url, TG_TOKEN: fake!.token, TG_PER_SECOND: String(perSecond) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const id = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
    child.once('exit', (code) => reject(new Error(`the instance exited with ${code} before it was ready`)));
  });
  return { id, child };
}

/** A person the bot already knows (as if they had talked to it before), for a broadcast to reach. */
function person(s: Store, id: number): UserDoc {
  return {
    schema: 1,
    key: s.keyOf(`telegram:${id}`),
    pseudonym: `p-${id}`,
    contact: { channel: 'telegram', userId: String(id), chatId: String(id) },
    lang: 'en',
    consentAt: new Date().toISOString(),
    createdAt: new Date().toISOString(),
    seq: 0,
    seen: [],
    flows: {},
  };
}

interface Status {
  instances: { id: string; alive: boolean; holds: string[] }[];
  leases: { name: string; holder: string }[];
}

/** What `together status --json` says, run as an operator would next to the bots. */
async function status(): Promise<Status> {
  const r = await together(tempDir('together-status-'), 'status', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Status;
}

const holder = (s: Status, lease: string) => s.leases.find((l) => l.name === lease)?.holder;

await describePostgres('kill -9 of one of two instances', () => {
  beforeAll(async () => {
    db = await testDatabase();
    process.env.TOGETHER_DATABASE_URL = db.url;
    process.env.TOGETHER_CLUSTER_HEARTBEAT_MS = String(FAST_CLUSTER.heartbeatMs);
    process.env.TOGETHER_CLUSTER_LEASE_MS = String(FAST_CLUSTER.leaseMs);
    process.env.TOGETHER_CLUSTER_ALIVE_MS = String(FAST_CLUSTER.aliveMs);
  });
  afterAll(async () => {
    delete process.env.TOGETHER_DATABASE_URL;
    delete process.env.TOGETHER_CLUSTER_HEARTBEAT_MS;
    delete process.env.TOGETHER_CLUSTER_LEASE_MS;
    delete process.env.TOGETHER_CLUSTER_ALIVE_MS;
    await db?.drop();
  });

  it('mid-broadcast and mid-questionnaire: the other finishes the broadcast with no duplicate, the person resumes', { timeout: 120_000 }, async () => {
    fake = await startFakeTelegram({ limits: false });
    store = await openStore({ dataDir: tempDir('together-cluster-'), databaseUrl: db.url, log: silentLogger() });
    const N = 120;
    const ids = Array.from({ length: N }, (_, i) => 60_000 + i);
    for (const id of ids) {
      fake.addUser({ id, language_code: 'en' });
      await store.saveUser(person(store, id));
    }

    // The first instance alone takes every role; the second starts meanwhile.
    const a = await instance(30);
    const second = instance(30);
    // Telegram stops answering for all but the first 40 recipients: the broadcast is surely mid-way when its sender dies.
    const release = fake.hang({ chatIds: ids.slice(40), methods: ['sendMessage'] });
    // A broadcast made through the database (as the command line would), which the running instance picks up.
    const services = { store, log: silentLogger(), now: () => new Date() } as unknown as Services;
    const center = broadcastCenter(services, { kinds: { 'test.news': { render: () => false } }, wakeJob: 'test.wake' });
    await center.create({ id: 'news-1', kind: 'test.news', payload: { n: 1 }, recipients: ids.map((id) => ({ key: store!.keyOf(`telegram:${id}`), channel: 'telegram' })) });
    const news = () => fake!.messages().filter((m) => m.text?.startsWith('News 1'));

    // The person's questionnaire runs through the first instance, which long-polls.
    const u = { id: 777, language_code: 'en' };
    fake.sendText(u, '/agree');
    await expectReply(fake, u.id, 'consent', 20_000);
    fake.sendText(u, '/sample');
    await expectReply(fake, u.id, 'What is your name?', 20_000);
    fake.sendText(u, 'Kim');
    await expectReply(fake, u.id, 'Your ideas', 20_000);
    for (const idea of ['idea 1', 'idea 2']) {
      fake.sendText(u, idea);
      await expectReply(fake, u.id, `Noted: ${idea}`, 20_000);
    }

    await eventually(() => news().length >= 40, 20_000, 'the broadcast under way');
    const b = await second;
    const before = await status();
    expect(before.instances.filter((i) => i.alive).map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(holder(before, 'broadcast:news-1')).toBe(a.id);
    expect(holder(before, 'telegram:polling')).toBe(a.id);
    expect(before.instances.find((i) => i.id === a.id)?.holds).toEqual(expect.arrayContaining(['broadcast:news-1', 'telegram:polling', 'scheduler', 'outbox:recover']));

    // Kill the instance sending the broadcast, as the person's next answer reaches it.
    fake.sendText(u, 'idea 3');
    await new Promise((r) => setTimeout(r, 30));
    await killHard(a.child);
    const sentByA = news().length;
    expect(sentByA).toBeLessThan(N);
    // Telegram answers again (the calls the dead instance had made are answered into the void).
    release();

    // The person resumes: idea 3 is answered (by the survivor, or by the dead one just before), idea 4 by the survivor.
    await expectReply(fake, u.id, 'Noted: idea 3', 20_000);
    fake.sendText(u, 'idea 4');
    await expectReply(fake, u.id, 'Noted: idea 4', 20_000);
    const after = await status();
    expect(holder(after, 'telegram:polling')).toBe(b.id);
    expect(after.instances.find((i) => i.id === a.id)?.alive ?? false).toBe(false);

    // The survivor finishes the broadcast.
    await eventually(async () => (await center.get('news-1'))?.status === 'done', 30_000, 'the broadcast finished by the survivor');
    const meta = (await center.get('news-1'))!;
    const counts = meta.counts!;
    const perChat = new Map<number, number>();
    for (const m of news()) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
    // Nobody twice.
    expect([...perChat.values()].filter((n) => n > 1)).toEqual([]);
    // Everyone counted: sent, or in doubt (handed to Telegram by the dead instance, maybe received).
    expect(counts.sent + counts.unknown).toBe(N);
    expect(perChat.size).toBeGreaterThanOrEqual(counts.sent);
    expect(perChat.size).toBeLessThanOrEqual(counts.sent + counts.unknown);
    // The survivor sent the rest.
    expect(news().length).toBeGreaterThan(sentByA);

    // The person's answers are all there, each once and in order.
    const doc = await store.loadUser(store.keyOf(`telegram:${u.id}`));
    expect((doc!.flows.sample as { ideas: string[] }).ideas).toEqual(['idea 1', 'idea 2', 'idea 3', 'idea 4']);
    // And the two instances never long-polled at once (Telegram answers 409 to the second).
    expect(fake.calls('getUpdates').filter((c) => c.error_code === 409)).toEqual([]);
  });
});
