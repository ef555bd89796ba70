import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { LocalCluster } from '../src/cluster/local-cluster.ts';
import { clusterDatabase, clusterJoiner, eventually, FAST_CLUSTER, sleep } from './helpers/cluster.ts';
import { describePostgres, privatePostgres, privatePostgresSkipReason, type TestDatabase } from './helpers/postgres.ts';
import { applyClusterSchema } from './helpers/cluster.ts';
import { PostgresCluster } from '../src/cluster/postgres-cluster.ts';
import { silentLogger } from '../src/log/logger.ts';
import { killHard } from './helpers/bot-process.ts';

let db: TestDatabase;
const clusters = clusterJoiner(() => db.url);
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) await killHard(c);
  await clusters.closeAll();
});

/** A cluster member in a child process; resolves with its instance id once it has joined, and the lines it prints. */
async function member(role: string): Promise<{ id: string; child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/cluster-child.ts', db.url, role], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const id = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      if (l.startsWith('READY ')) resolve(l.slice(6));
    });
    child.once('exit', (code) => reject(new Error(`the member exited with ${code} before it joined`)));
  });
  return { id, child, lines };
}

await describePostgres('PostgresCluster', () => {
  beforeAll(async () => {
    db = await clusterDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs one person at a time across instances, and different people at once', async () => {
    const [a, b] = [await clusters.join(), await clusters.join()];
    const log: string[] = [];
    // p1's turns last until p2's and p3's have begun (or 10 s): were those held behind p1, p1's first turn would end first.
    let othersIn!: () => void;
    const others = new Promise<void>((resolve) => (othersIn = resolve));
    const began = () => log.includes('a:p2:in') && log.includes('b:p3:in') && othersIn();
    const turn = (who: string, key: string) => async () => {
      log.push(`${who}:${key}:in`);
      began();
      if (key === 'p1') await Promise.race([others, sleep(10_000)]);
      await sleep(60);
      log.push(`${who}:${key}:out`);
    };
    await Promise.all([a.withPerson('p1', turn('a', 'p1')), b.withPerson('p1', turn('b', 'p1')), a.withPerson('p2', turn('a', 'p2')), b.withPerson('p3', turn('b', 'p3'))]);
    const p1 = log.filter((l) => l.includes(':p1:'));
    // Whoever came first, the other's turn begins after it ended.
    expect(p1.map((l) => l.split(':')[2])).toEqual(['in', 'out', 'in', 'out']);
    expect(p1[0]!.split(':')[0]).toBe(p1[1]!.split(':')[0]);
    // p2 and p3 did not wait behind p1's turns: both began before p1's first turn ended.
    expect(log.indexOf('a:p2:in')).toBeLessThan(log.indexOf(p1[1]!));
    expect(log.indexOf('b:p3:in')).toBeLessThan(log.indexOf(p1[1]!));
  });

  it('tells a turn whether another instance handled its update already, and only once it succeeded', async () => {
    const [a, b] = [await clusters.join(), await clusters.join()];
    const handled: string[] = [];
    const turn = (who: string) => async (seen: boolean) => {
      if (!seen) handled.push(who);
      return seen;
    };
    // The same update delivered to both at the same moment: one handles it, the other is told.
    const seen = await Promise.all([a.withPerson('p', turn('a'), { update: 'telegram:m:1:1' }), b.withPerson('p', turn('b'), { update: 'telegram:m:1:1' })]);
    expect(handled).toHaveLength(1);
    expect(seen.filter((s) => s)).toHaveLength(1);
    // A turn that failed leaves the update unhandled: its redelivery is handled.
    await expect(a.withPerson('p', async () => Promise.reject(new Error('boom')), { update: 'telegram:m:1:2' })).rejects.toThrow('boom');
    expect(await b.withPerson('p', async (s) => s, { update: 'telegram:m:1:2' })).toBe(false);
    // And the failed turn's lock was given back: another person's and this person's turns go on.
    expect(await a.withPerson('p', async () => 'free')).toBe('free');
  });

  it('a held role runs on one instance; a graceful stop hands it over at once', async () => {
    const [a, b] = [await clusters.join(), await clusters.join()];
    const running = new Set<string>();
    const role = (who: string) => ({ start: async () => void running.add(who), stop: async () => void running.delete(who) });
    a.hold('polling', role('a'));
    await eventually(() => running.size === 1, 5_000, 'a holder');
    b.hold('polling', role('b'));
    await sleep(FAST_CLUSTER.leaseMs);
    expect([...running]).toEqual(['a']);
    const status = await b.status();
    expect(status.instances.filter((i) => i.alive).map((i) => i.id).sort()).toEqual([a.instanceId, b.instanceId].sort());
    expect(status.leases).toEqual([expect.objectContaining({ name: 'polling', holder: a.instanceId })]);
    expect(status.instances.find((i) => i.id === a.instanceId)?.holds).toEqual(['polling']);
    const stoppedAt = Date.now();
    await a.close();
    expect(running.has('a')).toBe(false);
    await eventually(() => running.has('b'), 5_000, 'the take-over');
    // Released, not run out: taken at the next heartbeat, well before the lease's time to live.
    expect(Date.now() - stoppedAt).toBeLessThan(FAST_CLUSTER.leaseMs);
  });

  it('kill -9 of the holder: another instance takes the role within seconds', { timeout: 60_000 }, async () => {
    const first = await member('gateway');
    await eventually(() => first.lines.some((l) => l.startsWith('STARTED')), 5_000, 'the first member to hold the role');
    const second = await member('gateway');
    await sleep(FAST_CLUSTER.leaseMs);
    expect(second.lines.some((l) => l.startsWith('STARTED'))).toBe(false);
    const killedAt = Date.now();
    await killHard(first.child);
    await eventually(() => second.lines.some((l) => l.startsWith('STARTED')), 10_000, 'the take-over');
    const took = Date.now() - killedAt;
    // Within the lease's time to live and a heartbeat or two (no wall-clock speed assert beyond "seconds").
    expect(took).toBeLessThan(5_000);
    // And the dead member is shown as such, holding nothing.
    const [observer] = [await clusters.join()];
    await eventually(async () => (await observer.status()).instances.some((i) => i.id === first.id && !i.alive), 5_000, 'the dead member shown dead');
    const status = await observer.status();
    expect(status.leases.find((l) => l.name === 'gateway')?.holder).toBe(second.id);
    // Its unsent replies are for others to send once it has been silent past its alive time and a lease's; a live member's are not.
    await eventually(() => observer.orphaned(`${first.id}.0badc0de`), 5_000, "the dead member's replies orphaned");
    expect(await observer.orphaned(`${second.id}.0badc0de`)).toBe(false);
    expect(await observer.orphaned(observer.unsentId())).toBe(false);
    expect(await observer.orphaned('1a2b3c4d')).toBe(true);
  });

  it('claims: one holder at a time; a released claim is free at once; validity ends with the release', async () => {
    const [a, b] = [await clusters.join(), await clusters.join()];
    const lease = await a.claim('broadcast:news');
    expect(lease?.valid()).toBe(true);
    expect(await b.claim('broadcast:news')).toBeNull();
    expect(await a.claim('broadcast:news')).toBeNull();
    // Renewed with the heartbeat: still ours after several times its time to live.
    await sleep(FAST_CLUSTER.leaseMs * 2);
    expect(lease!.valid()).toBe(true);
    expect(await b.claim('broadcast:news')).toBeNull();
    await lease!.release();
    expect(lease!.valid()).toBe(false);
    const taken = await b.claim('broadcast:news');
    expect(taken?.valid()).toBe(true);
  });
});

it.skipIf(privatePostgresSkipReason() !== undefined)('a database that goes away: the role stops before its lease runs out, and starts again once the database is back', { timeout: 60_000 }, async () => {
  const pgServer = await privatePostgres();
  let cluster: PostgresCluster | null = null;
  try {
    await applyClusterSchema(pgServer.url);
    cluster = await PostgresCluster.start({ connection: { connectionString: pgServer.url }, log: silentLogger(), ...FAST_CLUSTER });
    const events: string[] = [];
    cluster.hold('scheduler', { start: async () => void events.push('start'), stop: async () => void events.push('stop') });
    await eventually(() => events.includes('start'), 5_000, 'the role');
    await pgServer.stop();
    // Not renewed: given up here before it runs out in the database, so no other instance could run it twice.
    await eventually(() => events.includes('stop'), FAST_CLUSTER.leaseMs * 3, 'the role given up');
    await expect(cluster.withPerson('p', async () => 'turn')).rejects.toThrow();
    await sleep(1_000);
    expect(events).toEqual(['start', 'stop']);
    await pgServer.start();
    await eventually(() => events.length === 3, 20_000, 'the role taken again');
    expect(events).toEqual(['start', 'stop', 'start']);
    expect(await cluster.withPerson('p', async () => 'turn')).toBe('turn');
  } finally {
    await cluster?.close().catch(() => {});
    await pgServer.close();
  }
});

it('LocalCluster: every role starts at once, a claim is exclusive in the process, every mark found is orphaned', async () => {
  const local = new LocalCluster();
  const running: string[] = [];
  local.hold('scheduler', { start: async () => void running.push('scheduler'), stop: async () => void running.splice(0) });
  await eventually(() => running.length === 1, 1_000, 'the role');
  const lease = await local.claim('broadcast:x');
  expect(await local.claim('broadcast:x')).toBeNull();
  await lease!.release();
  expect(await local.claim('broadcast:x')).not.toBeNull();
  expect(await local.withPerson('k', async (seen) => seen)).toBe(false);
  expect(await local.orphaned(local.unsentId())).toBe(true);
  expect((await local.status()).instances).toHaveLength(1);
  await local.close();
  expect(running).toEqual([]);
});
