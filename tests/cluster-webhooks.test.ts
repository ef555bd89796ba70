import { createServer, request, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { startFakeTelegram, type FakeTelegram, type Update } from './fakes/telegram/index.ts';
import { eventually, FAST_CLUSTER } from './helpers/cluster.ts';
import { freePort } from './helpers/free-port.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { expectReply } from './helpers/telegram-bot.ts';
import { togetherStarts } from './helpers/together-start.ts';

const SECRET = 'cluster-webhook-secret';
let db: TestDatabase;
let fake: FakeTelegram | null = null;
let inbox: Server | null = null;
const start = togetherStarts('together-cluster-wh-');

afterEach(async () => {
  await fake?.close();
  fake = null;
  await new Promise((r) => (inbox ? inbox.close(r) : r(undefined)));
  inbox = null;
});

/**
 * Where Telegram posts its updates (the webhook URL both instances register): it keeps each
 * update for the test to hand to an instance itself, as a load balancer would, and answers 200.
 */
async function updateInbox(): Promise<{ url: string; take(id: number): Promise<Update> }> {
  const seen = new Map<number, Update>();
  inbox = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const u = JSON.parse(body) as Update;
      seen.set(u.update_id, u);
      res.end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => inbox!.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    async take(id) {
      await eventually(() => seen.has(id), 10_000, `update ${id}`);
      return seen.get(id)!;
    },
  };
}

/** Posts an update to an instance's webhook as Telegram does; resolves with the HTTP status once it answered. */
function post(port: number, update: Update): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(update);
    const req = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

await describePostgres('two `together start` instances with Telegram webhooks on one database', () => {
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('interleaved updates for the same people, each also redelivered to the other instance: handled in order, once', { timeout: 120_000 }, async () => {
    fake = await startFakeTelegram({ limits: false });
    const hook = await updateInbox();
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      TELEGRAM_BOT_TOKEN: fake!.token,
      TELEGRAM_API_ROOT: fake!.url,
      TELEGRAM_WEBHOOK_URL: hook.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      TOGETHER_DATABASE_URL: db.url,
      TOGETHER_CLUSTER_HEARTBEAT_MS: String(FAST_CLUSTER.heartbeatMs),
      TOGETHER_CLUSTER_LEASE_MS: String(FAST_CLUSTER.leaseMs),
      TOGETHER_CLUSTER_ALIVE_MS: String(FAST_CLUSTER.aliveMs),
    });
    const instances = ports.map((port) => start(env(port)));
    // Each registers the webhook once it listens.
    await eventually(() => fake!.calls('setWebhook').filter((c) => c.ok).length >= 2, 60_000, 'both instances listening');

    const people = Array.from({ length: 6 }, (_, i) => ({ id: 9100 + i, language_code: 'en' }));
    const IDEAS = 5;
    const ideaOf = (id: number, k: number) => `Idea number ${k} from ${id}`;
    const statuses: number[] = [];
    await Promise.all(
      people.map(async (u, p) => {
        const steps: [string, string | RegExp][] = [
          ['/agree', 'consent'],
          ['/spiral alone Mons', 'What do you understand by well-being?'],
          ...Array.from({ length: IDEAS }, (_, k): [string, string] => [ideaOf(u.id, k + 1), ideaOf(u.id, k + 1)]),
        ];
        for (const [i, [text, answer]] of steps.entries()) {
          const update = await hook.take(fake!.sendText(u, text));
          // One instance gets it, and the other the same update at the same moment (Telegram's retry through another path).
          const first = (i + p) % 2;
          statuses.push(...(await Promise.all([post(ports[first]!, update), post(ports[1 - first]!, update)])));
          await expectReply(fake!, u.id, answer, 20_000);
        }
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));

    for (const u of people) {
      const texts = fake.messages(u.id).map((m) => m.text ?? '');
      // Every idea confirmed once, numbered in the order it was sent.
      const noted = texts.filter((t) => /Idea \d+ noted/.test(t));
      expect(noted).toHaveLength(IDEAS);
      noted.forEach((t, k) => {
        expect(t).toContain(`Idea ${k + 1} noted`);
        expect(t).toContain(ideaOf(u.id, k + 1));
      });
      expect(texts.filter((t) => t.includes('What do you understand by well-being?'))).toHaveLength(1);
    }
    // Both instances are alive and running (neither exited).
    for (const i of instances) expect(i.child.exitCode).toBeNull();
    // And the ideas are stored once each, in order.
    const store = await openStore({ dataDir: tempDir('together-cluster-wh-'), databaseUrl: db.url, readOnly: true, log: silentLogger() });
    try {
      for (const u of people) {
        const doc = await store.loadUser(store.keyOf(`telegram:${u.id}`));
        const stored = JSON.stringify(doc?.flows ?? {});
        const at = Array.from({ length: IDEAS }, (_, k) => stored.indexOf(ideaOf(u.id, k + 1)));
        expect(at.every((x) => x >= 0)).toBe(true);
        expect([...at].sort((x, y) => x - y)).toEqual(at);
        for (let k = 1; k <= IDEAS; k++) expect(stored.split(ideaOf(u.id, k)).length - 1).toBe(1);
      }
    } finally {
      await store.close();
    }
  });
});
