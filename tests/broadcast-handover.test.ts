/**
 * The broadcast center beside other instances, with a stand-in for the cluster's leases (the real
 * ones on PostgreSQL are tests/cluster-kill.test.ts's and tests/network-cluster.test.ts's):
 * `create` says `busy` instead of throwing when the broadcast is being made or sent elsewhere, and
 * a broadcast whose lease is lost mid-send leaves the rest pending with one log line, not one per recipient.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { createCore, type Core } from '../src/app.ts';
import { BroadcastCenter } from '../src/broadcast/index.ts';
import type { Cluster, Lease } from '../src/cluster/types.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { MemoryChannel } from './helpers/memory-channel.ts';
import { personDoc } from './helpers/person-doc.ts';

let core: Core | null = null;
let center: BroadcastCenter | null = null;
afterEach(async () => {
  await center?.stop();
  await core?.stop();
  center = core = null;
});

/** Leases as another instance would see them: `taken` ones are held elsewhere; ours stay valid while `valid()` says so. */
function leases(valid: () => boolean, taken = new Set<string>()): Pick<Cluster, 'shared' | 'claim'> {
  return {
    shared: true,
    claim: async (name: string): Promise<Lease | null> => (taken.has(name) ? null : { name, valid, release: async () => {} }),
  };
}

async function setUp(cluster: Pick<Cluster, 'shared' | 'claim'>, people: number) {
  const lines: { level: number; msg: string; count?: number; withheld?: number }[] = [];
  const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  const store = new MemoryStore();
  const channel = new MemoryChannel();
  core = await createCore({ config: { dataDir: '', lang: 'en', tz: 'Europe/Brussels', managers: new Set() }, flows: [], channels: [channel], log, store, control: false, personRate: false });
  await core.start();
  const recipients = [];
  for (let i = 0; i < people; i++) {
    const doc = personDoc(store, `p${i}`);
    await store.saveUser(doc);
    recipients.push({ key: doc.key, channel: 'memory' });
  }
  center = new BroadcastCenter(core.services, { kinds: { news: { render: (l) => (l.say('News'), true) } }, wakeJob: 'test.wake', window: 4, cluster, sweepMs: 60_000 });
  await center.start();
  return { center, channel, lines, recipients };
}

it('create answers busy, changing nothing, while this process or another instance makes or sends the broadcast', async () => {
  const taken = new Set(['broadcast:held-elsewhere']);
  const { center, recipients } = await setUp(leases(() => true, taken), 3);
  // Two creates of one id at the same moment in this process: the second is told, not thrown at.
  const [first, second] = await Promise.all([center.create({ id: 'news-1', kind: 'news', payload: {}, recipients }), center.create({ id: 'news-1', kind: 'news', payload: {}, recipients })]);
  expect(first).toMatchObject({ outcome: 'created', added: 3 });
  expect(second).toEqual({ outcome: 'busy', id: 'news-1' });
  expect(await center.create({ id: 'held-elsewhere', kind: 'news', payload: {}, recipients })).toEqual({ outcome: 'busy', id: 'held-elsewhere' });
  expect(await center.get('held-elsewhere')).toBeUndefined();
});

it('a broadcast whose lease is lost mid-send leaves the rest pending for the new holder, with one warning and no error', async () => {
  // The lease is asked right before each hand-over to the channel: it runs out after 10 of them.
  let asked = 0;
  const { center, channel, lines, recipients } = await setUp(
    leases(() => ++asked <= 10),
    40,
  );
  await center.create({ id: 'news-2', kind: 'news', payload: {}, recipients });
  const report = await center.run('news-2');
  expect(report.counts.sent).toBe(10);
  expect(report.counts.pending).toBe(30);
  expect(report.counts.failed + report.counts.unknown + report.counts.sending).toBe(0);
  expect(report.status).toBe('running');
  expect(channel.sent).toHaveLength(10);
  const handOver = lines.filter((l) => /no longer holds the broadcast/.test(l.msg));
  expect(handOver).toHaveLength(1);
  expect(handOver[0]).toMatchObject({ count: 30 });
  expect(handOver[0]!.withheld).toBeGreaterThan(0);
  expect(lines.filter((l) => l.level >= 50)).toEqual([]);
});
