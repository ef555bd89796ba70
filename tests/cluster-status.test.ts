import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { formatStatus, type StatusReport } from '../src/cli/status.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { openCluster } from '../src/cluster/open-cluster.ts';
import { clusterJoiner, FAST_CLUSTER } from './helpers/cluster.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { together } from './helpers/together-cli.ts';

let db: TestDatabase;
const clusters = clusterJoiner(() => db.url);
const saved = { ...process.env };

afterEach(async () => {
  await clusters.closeAll();
  for (const k of ['TOGETHER_DATABASE_URL', 'TOGETHER_CLUSTER_ALIVE_MS', 'TOGETHER_CLUSTER_HEARTBEAT_MS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

it('together status on the embedded store: no bot running, the queues', { timeout: 120_000 }, async () => {
  const dir = tempDir('together-status-');
  const r = await together(dir, 'status');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('store: embedded');
  expect(r.stdout).toContain('bot running: no');
  expect(r.stdout).toContain('jobs due now: 0 (of 0 scheduled)');
  const json = JSON.parse((await together(dir, 'status', '--json')).stdout) as StatusReport;
  expect(json).toMatchObject({ store: 'embedded', instances: [], queues: { jobsDue: 0, broadcastsPending: 0, unsentMarks: 0 } });
});

it('the status text names each instance, what it holds, those gone, and what is not held', () => {
  const now = new Date('2026-01-01T12:00:10Z');
  const report: StatusReport = {
    store: 'postgres',
    instances: [
      { id: 'aaaa', kind: 'instance', host: 'h1', pid: 10, startedAt: '2026-01-01T11:00:00.000Z', heartbeatAt: '2026-01-01T12:00:09.000Z', alive: true, holds: ['scheduler', 'telegram:polling'] },
      { id: 'bbbb', kind: 'instance', host: 'h2', pid: 20, startedAt: '2026-01-01T11:00:00.000Z', heartbeatAt: '2026-01-01T11:50:00.000Z', alive: false, holds: [] },
    ],
    leases: [{ name: 'scheduler', holder: 'aaaa', expiresAt: '' }, { name: 'telegram:polling', holder: 'aaaa', expiresAt: '' }],
    queues: { jobsDue: 2, jobsTotal: 9, broadcastsPending: 1, recipientsPending: 40, unsentMarks: 3 },
  };
  const text = formatStatus(report, now);
  expect(text).toContain('instances alive: 1');
  expect(text).toMatch(/aaaa {2}h1 {2}pid 10 .*heartbeat 1\.0 s ago {2}holds: scheduler, telegram:polling/);
  expect(text).toContain('instances gone: 1');
  expect(text).toMatch(/bbbb .*last heartbeat 610\.0 s ago/);
  expect(text).toContain('not held right now: outbox:recover');
  expect(text).toContain('jobs due now: 2 (of 9 scheduled)');
  expect(text).toContain('broadcasts not finished: 1 (40 recipients left)');
  expect(text).toContain('turns whose replies may be unsent: 3');
});

it('a command-line session is listed apart and never counted as an instance alive', () => {
  const now = new Date('2026-01-01T12:00:10Z');
  const at = '2026-01-01T12:00:09.000Z';
  const report: StatusReport = {
    store: 'postgres',
    instances: [
      { id: 'aaaa', kind: 'instance', host: 'h1', pid: 10, startedAt: at, heartbeatAt: at, alive: true, holds: ['scheduler', 'outbox:recover'] },
      { id: 'cccc', kind: 'command', host: 'h3', pid: 30, startedAt: at, heartbeatAt: at, alive: true, holds: ['broadcast:news'] },
    ],
    leases: [],
    queues: { jobsDue: 0, jobsTotal: 0, broadcastsPending: 0, recipientsPending: 0, unsentMarks: 0 },
  };
  const text = formatStatus(report, now);
  expect(text).toContain('instances alive: 1\n  aaaa');
  expect(text).toMatch(/command-line sessions: 1\n {2}cccc {2}h3 {2}pid 30 .*holds: broadcast:news/);
  expect(text).not.toContain('instances gone');
});

await describePostgres('together status with PostgreSQL', () => {
  beforeAll(async () => {
    db = await testDatabase();
    // The store's migrations (the cluster's among them) run when it first opens for writing.
    await (await openStore({ dataDir: tempDir('together-status-'), databaseUrl: db.url, log: silentLogger() })).close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('shows the instances alive and what each holds, read only', { timeout: 120_000 }, async () => {
    const a = await clusters.join();
    const b = await clusters.join();
    a.hold('scheduler', { start: async () => {}, stop: async () => {} });
    const lease = await b.claim('broadcast:news');
    await new Promise((r) => setTimeout(r, FAST_CLUSTER.heartbeatMs * 3));
    process.env.TOGETHER_DATABASE_URL = db.url;
    process.env.TOGETHER_CLUSTER_ALIVE_MS = String(FAST_CLUSTER.aliveMs);
    process.env.TOGETHER_CLUSTER_HEARTBEAT_MS = String(FAST_CLUSTER.heartbeatMs);
    const r = await together(tempDir('together-status-'), 'status', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.store).toBe('postgres');
    expect(report.instances.filter((i) => i.alive).map((i) => i.id).sort()).toEqual([a.instanceId, b.instanceId].sort());
    expect(report.instances.find((i) => i.id === a.instanceId)?.holds).toEqual(['scheduler']);
    expect(report.instances.find((i) => i.id === b.instanceId)?.holds).toEqual(['broadcast:news']);
    // The observer did not join: still two instances.
    expect((await a.status()).instances.filter((i) => i.alive)).toHaveLength(2);
    await lease!.release();
    await b.close();
    const text = (await together(tempDir('together-status-'), 'status')).stdout;
    expect(text).toContain('instances alive: 1');
    expect(text).toContain(`${a.instanceId}  `);
  });

  it('a data-changing command joins as a command-line session: status lists it apart, and caravan announce still finds no instance', { timeout: 120_000 }, async () => {
    const instance = await clusters.join();
    // What `together caravan …` joins with while it runs (src/cli/control-database.ts).
    const store = await openStore({ dataDir: tempDir('together-status-'), databaseUrl: db.url, log: silentLogger() });
    const session = await openCluster(store, silentLogger(), { ...FAST_CLUSTER, member: 'command' });
    try {
      process.env.TOGETHER_DATABASE_URL = db.url;
      process.env.TOGETHER_CLUSTER_ALIVE_MS = String(FAST_CLUSTER.aliveMs);
      process.env.TOGETHER_CLUSTER_HEARTBEAT_MS = String(FAST_CLUSTER.heartbeatMs);
      const status = await together(tempDir('together-status-'), 'status');
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`instances alive: 1\\n {2}${instance.instanceId} `));
      expect(status.stdout).toMatch(new RegExp(`command-line sessions: 1\\n {2}${session.instanceId} `));
      const json = JSON.parse((await together(tempDir('together-status-'), 'status', '--json')).stdout) as StatusReport;
      expect(json.instances.find((i) => i.id === session.instanceId)).toMatchObject({ kind: 'command', alive: true });
      expect(json.instances.find((i) => i.id === instance.instanceId)).toMatchObject({ kind: 'instance', alive: true });

      // With the instance gone, the session alone is no bot to send an announcement.
      await instance.close();
      const announce = await together(tempDir('together-status-'), 'caravan', 'announce', 'iasi-260512');
      expect(announce.code).not.toBe(0);
      expect(announce.stderr).toContain('No bot instance is running on this database');
    } finally {
      await session.close();
      await store.close();
    }
  });
});
