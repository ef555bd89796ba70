import { afterEach, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { Scheduler, type Job } from '../src/scheduler/scheduler.ts';
import { forgetJobs, jobsAbout } from '../src/scheduler/person-jobs.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { silentLogger } from '../src/log/logger.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

async function setup(dir: string, now: () => Date, ran: Job[]) {
  const store = await LowdbStore.open(dir);
  const scheduler = new Scheduler(store, new Map([['remind', async (job: Job) => void ran.push(job)]]), { tz: 'Europe/Brussels', now, log: silentLogger() });
  await scheduler.start();
  return { store, scheduler };
}

describe('scheduler', () => {
  it('rebuilds recurring jobs from the store at start-up', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let s = await setup(dir, () => new Date(), []);
    await s.scheduler.add({ id: 'weekly', kind: 'remind', cron: '0 9 * * 1' });
    expect(s.scheduler.nextRun('weekly')).toBeInstanceOf(Date);
    await s.scheduler.stop();
    await s.store.close();
    s = await setup(dir, () => new Date(), []);
    expect((await s.scheduler.list()).map((j) => j.id)).toEqual(['weekly']);
    expect(s.scheduler.nextRun('weekly')?.getUTCDay()).toBe(1);
    await s.scheduler.stop();
    await s.store.close();
  });

  it('runs a one-off job once when due, and one missed while down if within its grace window', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let clock = new Date('2026-03-01T10:00:00Z');
    const ran: Job[] = [];
    let s = await setup(dir, () => clock, ran);
    await s.scheduler.add({ id: 'a', kind: 'remind', at: '2026-03-01T11:00:00Z' });
    await s.scheduler.add({ id: 'b', kind: 'remind', at: '2026-03-01T12:00:00Z', graceMs: 30 * 60_000 });
    await s.scheduler.runDue();
    expect(ran).toEqual([]);
    clock = new Date('2026-03-01T11:00:30Z');
    await s.scheduler.runDue();
    await s.scheduler.runDue();
    expect(ran.map((j) => j.id)).toEqual(['a']);
    await s.scheduler.stop();
    await s.store.close();
    // Down from 11:01 to 12:20: b is 20 minutes late, within its 30-minute grace.
    clock = new Date('2026-03-01T12:20:00Z');
    s = await setup(dir, () => clock, ran);
    expect(ran.map((j) => j.id)).toEqual(['a', 'b']);
    await s.scheduler.stop();
    await s.store.close();
  });

  it('does not run a one-off job missed beyond its grace window', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const ran: Job[] = [];
    const s = await setup(dir, () => new Date('2026-03-02T10:00:00Z'), ran);
    await s.scheduler.add({ id: 'late', kind: 'remind', at: '2026-03-01T10:00:00Z', graceMs: 60_000 });
    await s.scheduler.runDue();
    expect(ran).toEqual([]);
    expect((await s.scheduler.list())[0]?.doneAt).toBeTruthy();
    await s.scheduler.stop();
    await s.store.close();
  });

  it("erases a person's jobs, done or not, whoever planned them; a registered recurring one no longer runs", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const ran: Job[] = [];
    const s = await setup(dir, () => new Date('2026-03-01T10:00:00Z'), ran);
    const key = 'a3f9c2e14b7d08e6a3f9c2e14b7d08e6';
    await s.scheduler.add({ id: 'weekly-ana', kind: 'remind', cron: '0 9 * * 1', about: key });
    await s.scheduler.add({ id: `old-nudge:${key}:K7M2QX`, kind: 'remind', at: '2026-03-01T09:00:00Z', payload: { key } });
    await s.scheduler.add({ id: 'weekly-ben', kind: 'remind', cron: '0 9 * * 1', about: 'someone-else' });
    await s.scheduler.runDue();
    expect(ran.map((j) => j.id)).toEqual([`old-nudge:${key}:K7M2QX`]);
    expect((await jobsAbout(s.store, key)).map((j) => j.id).sort()).toEqual([`old-nudge:${key}:K7M2QX`, 'weekly-ana']);
    expect(await forgetJobs(s.store, key)).toBe(2);
    expect((await s.scheduler.list()).map((j) => j.id)).toEqual(['weekly-ben']);
    // The cron task registered at add() fires as node-cron would: the erased job does not run.
    const task = (name: string) => [...cron.getTasks().values()].find((t) => t.name === name);
    expect(task('weekly-ana')).toBeDefined();
    await task('weekly-ana')!.execute();
    await task('weekly-ben')!.execute();
    expect(ran.map((j) => j.id)).toEqual([`old-nudge:${key}:K7M2QX`, 'weekly-ben']);
    await s.scheduler.stop();
    await s.store.close();
  });

  it('rejects an invalid cron expression', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await setup(dir, () => new Date(), []);
    await expect(s.scheduler.add({ id: 'x', kind: 'remind', cron: 'every tuesday' })).rejects.toThrow(/Invalid cron/);
    await s.scheduler.stop();
    await s.store.close();
  });
});
