/**
 * A plan change is written through one journal record (flows/network/plan/journal.ts): a crash
 * midway leaves it, and the next start finishes the change — every record, every reminder
 * update — without undoing a change made since.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareImport } from '../flows/network/plan/import.ts';
import { every, networkRecords } from '../flows/network/records.ts';
import type { PlanEvent } from '../flows/network/types.ts';
import type { Store } from '../src/engine/index.ts';
import { EXAMPLE_PLAN, importPlan, planCmd, planCounts, refusal } from './helpers/plan-admin.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';

/** The process "dies" in eventChanged of this event, once; every call is recorded. */
const crash = vi.hoisted(() => ({ on: '', calls: [] as string[] }));
vi.mock('../flows/network/reminders/on-change.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../flows/network/reminders/on-change.ts')>();
  return {
    ...real,
    eventChanged: async (...args: Parameters<typeof real.eventChanged>) => {
      const id = (args[2] ?? args[1])!.id;
      crash.calls.push(id);
      if (crash.on === id) {
        crash.on = '';
        throw new Error('killed midway');
      }
      return real.eventChanged(...args);
    },
  };
});

let bot: CaravanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
  crash.on = '';
  crash.calls = [];
});

const TODAY = '2026-12-01T10:00:00Z';
const journal = (store: Store) => store.collection<{ id: string; at: string; changes: unknown[] }>('plan-journal', { indexes: [] });
const FULL = { phases: 4, axes: 5, groups: 8, activities: 12, events: 12 };

describe('the plan journal', () => {
  it('a crash midway through an import: the next start finishes it, each event told once more at most', async () => {
    bot = await startCaravanBot({ now: TODAY });
    crash.on = 'seminar-public-policies';
    expect(await refusal(importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN))).toBe('killed midway');
    // Half written: the journal holds the whole change.
    expect(await planCounts(bot.services.store)).toEqual({ ...FULL, events: 4 });
    expect(await journal(bot.services.store).count()).toBe(1);
    expect(crash.calls).toEqual(['kick-off-2027', 'mons-coordination', 'exchange-fund-deadline', 'seminar-public-policies']);

    crash.calls = [];
    bot = await bot.restart();
    await vi.waitFor(async () => expect(await journal(bot!.services.store).count()).toBe(0));
    expect(await planCounts(bot.services.store)).toEqual(FULL);
    // Those told before the crash are told again (eventChanged is idempotent); the rest for the first time.
    expect(crash.calls).toHaveLength(12);
    expect((await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN)).text).toBe('action-plan.yaml: unchanged: 41.');
  });

  it('a crash right after the journal was written: the next plan command finishes it first', async () => {
    bot = await startCaravanBot({ now: TODAY });
    const prepared = await prepareImport(bot.services, { name: 'action-plan.yaml', text: EXAMPLE_PLAN });
    await journal(bot.services.store).put({ id: 'j-000000000000001-test', at: TODAY, changes: prepared.set.changes });
    expect(await planCounts(bot.services.store)).toEqual({ phases: 0, axes: 0, groups: 0, activities: 0, events: 0 });
    const listed = (await planCmd(bot.services, 'plan.list')).data as { events: unknown[] };
    expect(listed.events).toHaveLength(12);
    expect(await journal(bot.services.store).count()).toBe(0);
  });

  it('a journal left behind never undoes a later change', async () => {
    bot = await startCaravanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const events = networkRecords(bot.services.store).events;
    const v1 = (await events.get('caravan-launch'))!;
    const v2: PlanEvent = { ...v1, time: '19:00', version: 2 };
    await planCmd(bot.services, 'plan.edit', { kind: 'event', id: 'caravan-launch', fields: { time: '20:00' } });
    await planCmd(bot.services, 'plan.edit', { kind: 'event', id: 'caravan-launch', fields: { place: 'Iași' } });
    // An older change to v2 was journalled but never played (say, an earlier crash).
    await journal(bot.services.store).put({ id: 'j-000000000000001-old', at: TODAY, changes: [{ kind: 'event', id: 'caravan-launch', before: v1, after: v2 }] });
    crash.calls = [];
    bot = await bot.restart();
    await vi.waitFor(async () => expect(await journal(bot!.services.store).count()).toBe(0));
    expect(await networkRecords(bot.services.store).events.get('caravan-launch')).toMatchObject({ time: '20:00', place: 'Iași', version: 3 });
    expect(crash.calls).toEqual([]);
    expect(bot.logs.some((l) => l.msg === 'plan: a journalled change was overtaken by a later one; left as it is')).toBe(true);
    expect((await every(events)).length).toBe(12);
  });
});
