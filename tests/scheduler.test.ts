import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { Scheduler, type Job } from '../src/scheduler/scheduler.ts';
import { forgetJobs, jobsAbout } from '../src/scheduler/person-jobs.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import type { Collection, Query, Store } from '../src/store/types.ts';
import { silentLogger, type Logger } from '../src/log/logger.ts';
import { freshDirs } from './helpers/temp-dirs.ts';

const fresh = freshDirs();

/** A logger whose warnings a test can read. */
function capturingLogger(): { log: Logger; lines: { msg: string; job?: string }[] } {
  const lines: { msg: string; job?: string }[] = [];
  return { log: pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) }), lines };
}

async function setup(store: Store, now: () => Date, ran: Job[], log: Logger = silentLogger()) {
  const handlers = new Map([['remind', async (job: Job) => void ran.push(job)]]);
  const scheduler = new Scheduler(store, handlers, { tz: 'Europe/Brussels', now, log });
  await scheduler.start();
  return scheduler;
}

describe('scheduler: jobs as records (#9.6)', () => {
  it('a recurring job stores its next due time (node-cron, in its zone), keeps it across a restart, runs once then moves on', async () => {
    const dir = fresh();
    let clock = new Date('2026-03-01T10:00:00Z'); // a Sunday
    const ran: Job[] = [];
    let store = await LowdbStore.open(dir);
    let s = await setup(store, () => clock, ran);
    await s.schedule({ id: 'weekly', kind: 'remind', cron: '0 9 * * 1' });
    // Monday 09:00 in Brussels (UTC+1 in March before the change) is 08:00 UTC.
    expect((await s.nextRun('weekly'))?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    await s.stop();
    await store.close();
    store = await LowdbStore.open(dir);
    clock = new Date('2026-03-02T08:00:10Z');
    s = await setup(store, () => clock, ran);
    expect(ran.map((j) => j.id)).toEqual(['weekly']);
    await s.runDue();
    expect(ran).toHaveLength(1);
    expect((await s.nextRun('weekly'))?.toISOString()).toBe('2026-03-09T08:00:00.000Z');
    // After the daylight-saving change (29 March) 09:00 in Brussels is 07:00 UTC.
    clock = new Date('2026-03-30T07:00:00Z');
    await s.runDue();
    expect((await s.nextRun('weekly'))?.toISOString()).toBe('2026-04-06T07:00:00.000Z');
    await s.stop();
    await store.close();
  });

  it('runs a one-off job once when due and then removes it; one missed while down runs if within its grace window', async () => {
    const dir = fresh();
    let clock = new Date('2026-03-01T10:00:00Z');
    const ran: Job[] = [];
    let store = await LowdbStore.open(dir);
    let s = await setup(store, () => clock, ran);
    await s.schedule({ id: 'a', kind: 'remind', at: '2026-03-01T11:00:00Z' });
    await s.schedule({ id: 'b', kind: 'remind', at: '2026-03-01T12:00:00Z', graceMs: 30 * 60_000 });
    await s.runDue();
    expect(ran).toEqual([]);
    clock = new Date('2026-03-01T11:00:30Z');
    await s.runDue();
    await s.runDue();
    expect(ran.map((j) => j.id)).toEqual(['a']);
    expect((await s.list()).map((j) => j.id)).toEqual(['b']);
    await s.stop();
    await store.close();
    // Down from 11:01 to 12:20: b is 20 minutes late, within its 30-minute grace.
    clock = new Date('2026-03-01T12:20:00Z');
    store = await LowdbStore.open(dir);
    s = await setup(store, () => clock, ran);
    expect(ran.map((j) => j.id)).toEqual(['a', 'b']);
    expect(await s.list()).toEqual([]);
    await s.stop();
    await store.close();
  });

  it('skips a job missed beyond its grace window, with a warning; a recurring one moves to its next time', async () => {
    const { log, lines } = capturingLogger();
    const ran: Job[] = [];
    const clock = new Date('2026-03-04T10:00:00Z');
    const store = new MemoryStore();
    const s = await setup(store, () => clock, ran, log);
    const jobs = store.collection<Job>('jobs', { indexes: ['due', 'about', 'kind'] });
    // As the bot left them before going down for three days.
    await jobs.put({ id: 'late', kind: 'remind', at: '2026-03-01T10:00:00Z', graceMs: 60_000, due: Date.parse('2026-03-01T10:00:00Z') });
    await jobs.put({ id: 'daily', kind: 'remind', cron: '0 9 * * *', graceMs: 60_000, due: Date.parse('2026-03-01T08:00:00Z') });
    await s.runDue();
    expect(ran).toEqual([]);
    expect((await s.list()).map((j) => [j.id, new Date(j.due!).toISOString()])).toEqual([['daily', '2026-03-05T08:00:00.000Z']]);
    expect(lines.filter((l) => /grace window/.test(l.msg)).map((l) => l.job).sort()).toEqual(['daily', 'late']);
    await s.stop();
  });

  it('a handler that plans its job again keeps the new plan (the SPIRAL nudge waits for a quiet day)', async () => {
    let clock = new Date('2026-03-01T10:00:00Z');
    const store = new MemoryStore();
    const runs: string[] = [];
    const handlers = new Map([
      [
        'nudge',
        async (job: Job) => {
          runs.push(job.at!);
          if (runs.length === 1) await s.schedule({ ...job, at: '2026-03-02T10:00:00.000Z', startedAt: undefined });
        },
      ],
    ]);
    const s = new Scheduler(store, handlers, { tz: 'UTC', now: () => clock, log: silentLogger() });
    await s.start();
    await s.schedule({ id: 'n', kind: 'nudge', at: '2026-03-01T09:00:00.000Z' });
    await s.runDue();
    expect((await s.list()).map((j) => j.at)).toEqual(['2026-03-02T10:00:00.000Z']);
    clock = new Date('2026-03-02T10:00:00Z');
    await s.runDue();
    expect(runs).toEqual(['2026-03-01T09:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    expect(await s.list()).toEqual([]);
    await s.stop();
  });

  it("erases a person's jobs (unscheduleAbout, /forget's forgetJobs); an erased recurring job never runs", async () => {
    let clock = new Date('2026-03-01T10:00:00Z');
    const ran: Job[] = [];
    const store = new MemoryStore();
    const s = await setup(store, () => clock, ran);
    const key = 'a3f9c2e14b7d08e6a3f9c2e14b7d08e6';
    await s.schedule({ id: 'weekly-ana', kind: 'remind', cron: '0 9 * * 1', about: key });
    await s.schedule({ id: `nudge:${key}:K7M2QX`, kind: 'remind', at: '2026-03-01T12:00:00Z', about: key });
    await s.schedule({ id: 'weekly-ben', kind: 'remind', cron: '0 9 * * 1', about: 'someone-else' });
    expect((await s.jobsAbout(key)).map((j) => j.id).sort()).toEqual([`nudge:${key}:K7M2QX`, 'weekly-ana']);
    expect((await jobsAbout(store, key)).map((j) => j.id).sort()).toEqual([`nudge:${key}:K7M2QX`, 'weekly-ana']);
    expect(await forgetJobs(store, key)).toBe(2);
    expect(await s.unscheduleAbout(key)).toBe(0);
    clock = new Date('2026-03-02T08:00:00Z');
    await s.runDue();
    expect(ran.map((j) => j.id)).toEqual(['weekly-ben']);
    expect(await s.unschedule('weekly-ben')).toBe(true);
    expect(await s.list()).toEqual([]);
    await s.stop();
  });

  it('rejects an invalid cron expression and a job with neither time nor cron', async () => {
    const s = await setup(new MemoryStore(), () => new Date(), []);
    await expect(s.schedule({ id: 'x', kind: 'remind', cron: 'every tuesday' })).rejects.toThrow(/Invalid cron/);
    await expect(s.schedule({ id: 'y', kind: 'remind' })).rejects.toThrow(/needs a cron expression or a time/);
    await s.stop();
  });

  it('the tick reads only what is due through the index, never every job', async () => {
    const inner = new MemoryStore();
    let read = 0;
    // Counts the records every query of the jobs collection hands out.
    const counted = <R extends { id: string }>(c: Collection<R>): Collection<R> => ({
      name: c.name,
      get: (id) => c.get(id),
      getMany: (ids) => c.getMany(ids),
      put: (r) => c.put(r),
      update: (id, change) => c.update(id, change),
      delete: (id) => c.delete(id),
      count: (w) => c.count(w),
      deleteWhere: (w) => c.deleteWhere(w),
      find: async (q?: Query) => {
        const page = await c.find(q);
        read += page.records.length;
        return page;
      },
    });
    const store: Store = {
      keyOf: (id) => inner.keyOf(id),
      loadUser: (k) => inner.loadUser(k),
      saveUser: (d, o) => inner.saveUser(d, o),
      deleteUser: (k) => inner.deleteUser(k),
      unsent: () => inner.unsent(),
      sent: (k, id) => inner.sent(k, id),
      eachUser: () => inner.eachUser(),
      countUsers: () => inner.countUsers(),
      shared: (n, d) => inner.shared(n, d),
      collection: (n, spec) => counted(inner.collection(n, spec)),
      close: () => inner.close(),
    };
    const ran: Job[] = [];
    const clock = new Date('2026-03-01T10:00:00Z');
    const s = await setup(store, () => clock, ran);
    for (let i = 0; i < 2000; i++) await s.schedule({ id: `j${i}`, kind: 'remind', at: new Date(clock.getTime() + (i + 1) * 60_000).toISOString() });
    await s.schedule({ id: 'now', kind: 'remind', at: clock.toISOString() });
    read = 0;
    await s.runDue();
    expect(ran.map((j) => j.id)).toEqual(['now']);
    expect(read).toBe(1);
    await s.stop();
  });
});

describe('scheduler: moving the older shared schedule into the collection (#9.6)', () => {
  it('moves every pending job once, derives `about` for jobs older than it, drops finished ones, empties the document', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:ana');
    await store.saveUser({ schema: 1, key, pseudonym: 'p-ana', contact: { channel: 'memory', userId: 'ana', chatId: 'ana' }, createdAt: '2026-01-01T00:00:00Z', seq: 0, seen: [], flows: {} });
    await store.close();
    const legacy: Job[] = [
      { id: `spiral-nudge:${key}:K7M2QX`, kind: 'remind', at: '2026-03-01T12:00:00Z', payload: { key, group: 'K7M2QX' } },
      { id: 'weekly', kind: 'remind', cron: '0 9 * * 1' },
      { id: 'old', kind: 'remind', at: '2026-02-01T12:00:00Z', doneAt: '2026-02-01T12:00:01Z' },
      { id: 'broken', kind: 'remind', cron: 'never' },
    ];
    mkdirSync(join(dir, 'shared'), { recursive: true });
    writeFileSync(join(dir, 'shared', 'schedules.json'), JSON.stringify({ jobs: legacy }));

    const clock = new Date('2026-03-01T10:00:00Z');
    const ran: Job[] = [];
    store = await LowdbStore.open(dir);
    let s = await setup(store, () => clock, ran);
    const jobs = await s.list();
    expect(jobs.map((j) => j.id)).toEqual([`spiral-nudge:${key}:K7M2QX`, 'weekly']);
    expect(jobs[0]).toMatchObject({ about: key, due: Date.parse('2026-03-01T12:00:00Z') });
    expect(new Date(jobs[1]!.due!).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect((await jobsAbout(store, key)).map((j) => j.id)).toEqual([`spiral-nudge:${key}:K7M2QX`]);
    expect(JSON.parse(readFileSync(join(dir, 'shared', 'schedules.json'), 'utf8'))).toEqual({ jobs: [] });
    expect(existsSync(join(dir, 'collections', 'jobs'))).toBe(true);
    await s.stop();
    await store.close();
    // A second start moves nothing again.
    store = await LowdbStore.open(dir);
    s = await setup(store, () => clock, ran);
    expect((await s.list()).map((j) => j.id)).toEqual([`spiral-nudge:${key}:K7M2QX`, 'weekly']);
    await s.stop();
    await store.close();
  });
});
