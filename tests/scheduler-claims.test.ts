/**
 * Two schedulers finding the same one-off jobs due at the same moment (two instances while the
 * scheduler's lease changes hands, or two ticks on one store): each job runs once, and runs again
 * only when its claimer died.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler, type Job, type JobHandler } from '../src/scheduler/scheduler.ts';
import type { Cluster } from '../src/cluster/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { Store } from '../src/store/types.ts';
import { clusterJoiner, eventually, sleep } from './helpers/cluster.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { freshDirs } from './helpers/temp-dirs.ts';

const clock = new Date('2026-03-01T10:00:00Z');
const JOBS = 50;

/** A handler that counts its runs per job and takes a while, so both schedulers are mid-way at once. */
function counting(): { runs: Map<string, number>; handlers: Map<string, JobHandler> } {
  const runs = new Map<string, number>();
  const handler = async (job: Job) => {
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    await sleep(2);
  };
  return { runs, handlers: new Map([['work', handler]]) };
}

function scheduler(store: Store, handlers: Map<string, JobHandler>, cluster?: Pick<Cluster, 'shared' | 'hold' | 'claim'>): Scheduler {
  return new Scheduler(store, handlers, { tz: 'UTC', now: () => clock, log: silentLogger(), ...(cluster ? { cluster } : {}) });
}

async function planDue(s: Scheduler): Promise<void> {
  for (let i = 0; i < JOBS; i++) await s.schedule({ id: `j${i}`, kind: 'work', at: new Date(clock.getTime() - (i + 1) * 1_000).toISOString() });
}

/** Both find all 50 due at the same moment: every one ran exactly once and none is left. */
async function race(a: Scheduler, b: Scheduler, runs: Map<string, number>): Promise<void> {
  await Promise.all([a.runDue(), b.runDue()]);
  expect(runs.size).toBe(JOBS);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  expect(await a.list()).toEqual([]);
}

describe('one-off jobs on the embedded store: claimed in the process', () => {
  const fresh = freshDirs();

  it('two schedulers on one memory store race for 50 due jobs: each runs exactly once', async () => {
    const store = new MemoryStore();
    const { runs, handlers } = counting();
    const [a, b] = [scheduler(store, handlers), scheduler(store, handlers)];
    await planDue(a);
    await race(a, b, runs);
  });

  it('the same on a lowdb data folder; a job a dead process left half-run (startedAt) is resumed once', async () => {
    const store = await LowdbStore.open(fresh());
    try {
      const { runs, handlers } = counting();
      const [a, b] = [scheduler(store, handlers), scheduler(store, handlers)];
      await planDue(a);
      await race(a, b, runs);
      // As a process that died mid-run left it: started, not removed.
      const jobs = store.collection<Job>('jobs', { indexes: ['due', 'about', 'kind'] });
      await jobs.put({ id: 'left', kind: 'work', at: '2026-03-01T09:00:00Z', due: Date.parse('2026-03-01T09:00:00Z'), startedAt: '2026-03-01T09:00:01Z' });
      await Promise.all([a.runDue(), b.runDue()]);
      expect(runs.get('left')).toBe(1);
      expect(await a.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

let db: TestDatabase;
const clusters = clusterJoiner(() => db.url);

await describePostgres('one-off jobs on PostgreSQL: claimed under a lease in the database', () => {
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await clusters.closeAll();
    await db?.drop();
  });

  it('two instances (their own connections and cluster members) race for 50 due jobs: each runs exactly once', async () => {
    const stores = [await PostgresStore.open(db.url, { log: silentLogger() }), await PostgresStore.open(db.url, { log: silentLogger() })];
    try {
      const { runs, handlers } = counting();
      const a = scheduler(stores[0]!, handlers, await clusters.join());
      const b = scheduler(stores[1]!, handlers, await clusters.join());
      await planDue(a);
      await race(a, b, runs);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('a job whose claimer is alive is left to it; once its lease runs out (the claimer died) it runs, once', async () => {
    const store = await PostgresStore.open(db.url, { log: silentLogger() });
    try {
      const { runs, handlers } = counting();
      const s = scheduler(store, handlers, await clusters.join());
      await s.schedule({ id: 'taken', kind: 'work', at: '2026-03-01T09:00:00Z' });
      // Claimed by an instance that then went silent: its lease stands for 1.5 s more, never renewed.
      await store.pool.query("INSERT INTO cluster_leases (name, holder, expires_at) VALUES ('job:taken', 'gone-instance', now() + interval '1500 milliseconds')");
      await s.runDue();
      expect(runs.get('taken')).toBeUndefined();
      expect((await s.list()).map((j) => j.id)).toEqual(['taken']);
      await eventually(async () => (await s.runDue(), runs.get('taken') === 1), 10_000, 'the job run after the lease ran out');
      await s.runDue();
      expect(runs.get('taken')).toBe(1);
      expect(await s.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
