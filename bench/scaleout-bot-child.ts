/**
 * One bot instance of the scale-out bench in a process of its own, as `together start` runs: the
 * real core on its store (the data folder, or PostgreSQL shared with the other instance), the
 * bench channel for answers and the real Telegram channel against the fake Bot API, sharing one
 * limit through Redis when there are two. Driven by the bench over IPC (see bench/scaleout-bench.ts):
 *   answer  → handles one event, answers with how long it took from arrival to reply delivered;
 *   seed    → stores the answering users and the subscribers (the first instance only);
 *   announce→ runs `caravan add` and `caravan announce`, answers with the time and the counts;
 *   drain   → waits for the outbox; stop → stops the core and exits.
 * Settings in the environment: BENCH_DIR, BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_INSTANCES,
 * BENCH_FAKE_URL, BENCH_FAKE_TOKEN, BENCH_RATE, BENCH_CLOCK_START.
 */
import { createCore } from '../src/app.ts';
import type { Channel } from '../src/channels/channel.ts';
import type { TextEvent } from '../src/core/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Counts } from '../src/broadcast/index.ts';
import { TelegramChannel } from '../adapters/telegram/index.ts';
import { allFlows } from '../flows/index.ts';
import { caravan } from '../flows/caravan/index.ts';
import { BenchChannel } from './bench-channel.ts';
import { benchFlow } from './bench-flow.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { caravanRecords, indexSubscription } from '../flows/caravan/data.ts';
import type { CaravanData } from '../flows/caravan/types.ts';
import { benchUser, BENCH_CHANNEL } from './populate.ts';

export type ToChild =
  | { type: 'answer'; n: number; event: TextEvent }
  | { type: 'seed'; users: number; ids: number[] }
  | { type: 'announce' }
  | { type: 'drain' }
  | { type: 'stop' };

export type FromChild =
  | { type: 'ready'; instanceId: string }
  | { type: 'answered'; n: number; ms: number }
  | { type: 'seeded'; seconds: number }
  | { type: 'announced'; seconds: number; counts: Counts }
  | { type: 'drained' };

const FIXED_NOON = Date.parse('2030-01-15T11:00:00Z');

/** Writes `items` through `fn`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((x, k) => fn(x, i + k)));
}

async function seedBenchUsers(store: Store, users: number): Promise<void> {
  const at = new Date(Date.now() - 86_400_000);
  await inBatches(Array.from({ length: users }, (_, i) => i), 32, async (i) => store.saveUser(benchUser(store.keyOf(`${BENCH_CHANNEL}:${i}`), i, at)));
}

async function seedSubscribers(store: Store, ids: number[]): Promise<void> {
  const records = await caravanRecords(store);
  await inBatches(ids, 32, async (id, i) => {
    const data: CaravanData = { sub: { all: false, regions: ['ro'], since: '2030-01-01T00:00:00.000Z' }, rsvp: {} };
    const doc: UserDoc = {
      schema: 1,
      key: store.keyOf(`telegram:${id}`),
      pseudonym: `p-bench-${i}`,
      contact: { channel: 'telegram', userId: String(id), chatId: String(id) },
      lang: ['en', 'fr', 'ro'][i % 3],
      consentAt: '2030-01-01T00:00:00.000Z',
      createdAt: '2030-01-01T00:00:00.000Z',
      seq: 0,
      seen: [],
      flows: { caravan: data },
    };
    await store.saveUser(doc);
    await indexSubscription(records, { key: doc.key, channel: 'telegram' }, data.sub);
  });
}

const env = process.env;
const log = silentLogger();
// A daytime clock moving in real time, the same on every instance: quiet hours never hold the announcement.
const clockStart = Number(env.BENCH_CLOCK_START);
const now = () => new Date(FIXED_NOON + (Date.now() - clockStart));
const rate = Number(env.BENCH_RATE);
const instances = Number(env.BENCH_INSTANCES ?? 1);
const dir = env.BENCH_DIR!;
const store = await openStore({ dataDir: dir, ...(env.BENCH_DATABASE_URL ? { databaseUrl: env.BENCH_DATABASE_URL } : {}), log });
const scale = rate / 30;
const telegram = new TelegramChannel({ token: env.BENCH_FAKE_TOKEN!, apiRoot: env.BENCH_FAKE_URL!, log, limits: { perSecond: rate, perChatMs: Math.ceil(1000 / scale), perGroupChatMs: Math.ceil(3000 / scale) } });
const bench = new BenchChannel();
const redisUrl = env.BENCH_REDIS_URL;
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Bucharest', managers: new Set() },
  flows: [...allFlows, benchFlow],
  channels: [bench, telegram] as Channel[],
  log,
  store,
  now,
  control: false,
  personRate: false,
  ...(redisUrl ? { sharedLimits: { redisUrl, keys: { telegram: 'bench' }, instances } } : {}),
});
await core.start();

const reply = (m: FromChild) => process.send!(m);
const control = (cmd: string, args: Record<string, unknown>) => caravan.control![cmd]!(core.services, args, () => {});

process.on('message', (m: ToChild) => {
  void (async () => {
    switch (m.type) {
      case 'answer': {
        const t0 = performance.now();
        const handled = await bench.sink!(m.event);
        await handled.delivered;
        return reply({ type: 'answered', n: m.n, ms: performance.now() - t0 });
      }
      case 'seed': {
        const t0 = performance.now();
        await seedBenchUsers(store, m.users);
        await seedSubscribers(store, m.ids);
        return reply({ type: 'seeded', seconds: (performance.now() - t0) / 1000 });
      }
      case 'announce': {
        const stop = (await control('caravan.add', { town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2030-02-01', time: '18:30', tz: 'Europe/Bucharest', languages: 'ro,en' })) as { id: string };
        const t0 = performance.now();
        const result = (await control('caravan.announce', { id: stop.id })) as { counts: Counts };
        return reply({ type: 'announced', seconds: (performance.now() - t0) / 1000, counts: result.counts });
      }
      case 'drain':
        await core.outbox.drain();
        return reply({ type: 'drained' });
      case 'stop':
        await core.stop().catch(() => {});
        // Bottleneck and pg leave handles behind a stopped core only briefly; this instance is done.
        process.exit(0);
    }
  })();
});
reply({ type: 'ready', instanceId: core.cluster.instanceId });
