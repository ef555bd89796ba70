/**
 * Two managers change the plan at the same moment through two instances on one PostgreSQL
 * database (`together plan import` with TOGETHER_DATABASE_URL runs in each manager's own
 * process). Each import must be applied whole, one after the other, as if they had come a
 * second apart: never some records from one file and some from the other, and never a
 * manager told "changed" about a change the other's import silently overtook.
 */
import { beforeEach, expect, it } from 'vitest';
import { every } from '../src/engine/index.ts';
import { networkRecords } from '../flows/network/records.ts';
import type { PlanEvent } from '../flows/network/types.ts';
import { Clock, networkInstances, type NetworkInstance } from './helpers/network-cluster.ts';
import { EXAMPLE_PLAN, importPlan } from './helpers/plan-admin.ts';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';

const database = fileDatabases();
let url = '';
const clock = new Clock(new Date('2026-12-01T10:00:00Z'));
const cores = networkInstances(() => url, clock);

/** The example plan with every event's place and link marked by `tag`. */
const variant = (tag: string) =>
  EXAMPLE_PLAN.replace(/^(\s+place: .*)$/gm, `$1 ${tag}`).replace(/(https:\/\/meet\.example\.org\/[\w-]+)/g, `$1-${tag}`);

const tagOf = (e: PlanEvent) => /-([AB]\d)$/.exec(e.link ?? '')?.[1] ?? / ([AB]\d)$/.exec(e.place ?? '')?.[1];

await describePostgres('two plan imports at the same moment on two instances', () => {
  beforeEach(async () => {
    url = (await database()).url;
  });

  it('each import is applied whole, one after the other; both managers are told what their import changed', async () => {
    const [a, b] = [await cores.make(), await cores.make()] as [NetworkInstance, NetworkInstance];
    await importPlan(a.core.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const events = networkRecords(a.core.services.store).events;
    const before = new Map((await every(events)).map((e) => [e.id, e.version]));
    const marked = (await every(events)).filter((e) => e.link || e.place).map((e) => e.id).sort();
    expect(marked.length).toBeGreaterThanOrEqual(5);

    // New marks each round, so that both files differ from what is stored, whichever came last before.
    for (let round = 0; round < 3; round++) {
      const [ra, rb] = await Promise.all([importPlan(a.core.services, 'plan-a.yaml', variant(`A${round}`)), importPlan(b.core.services, 'plan-b.yaml', variant(`B${round}`))]);
      const after = await every(events);
      const changed = after.filter((e) => marked.includes(e.id));
      // One file wins every record: the one applied last.
      expect(new Set(changed.map(tagOf)).size, JSON.stringify(changed.map((e) => [e.id, e.place, e.link]))).toBe(1);
      // Both imports were applied in full: every marked event changed twice in this round.
      for (const e of changed) expect(e.version, e.id).toBe(before.get(e.id)! + 2 * (round + 1));
      // Each manager is told the events their own file changed.
      const updated = (r: typeof ra) => (r.data as { updated: { kind: string; id: string }[] }).updated.filter((u) => u.kind === 'event').map((u) => u.id).sort();
      expect(updated(ra)).toEqual(marked);
      expect(updated(rb)).toEqual(marked);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 60_000);

  it('a change waits while another process holds the plan, and takes over the lock of one that died', async () => {
    const a = await cores.make();
    const locks = a.core.services.store.collection<{ id: string; owner: string; until: number }>('plan-lock', { indexes: [] });
    // A manager's process that died mid-change: its lock ran out a moment ago.
    await locks.put({ id: 'plan', owner: 'dead', until: Date.now() - 1 });
    await importPlan(a.core.services, 'action-plan.yaml', EXAMPLE_PLAN);
    expect(await locks.get('plan')).toBeUndefined();

    // One still working: the import waits for it, then runs.
    await locks.put({ id: 'plan', owner: 'other', until: Date.now() + 60_000 });
    let done = false;
    const waiting = importPlan(a.core.services, 'plan-a.yaml', variant('A1')).then((r) => ((done = true), r));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    await locks.delete('plan');
    const answer = await waiting;
    expect((answer.data as { updated: unknown[] }).updated.length).toBeGreaterThan(0);
    expect(await locks.get('plan')).toBeUndefined();
  }, 60_000);
});
