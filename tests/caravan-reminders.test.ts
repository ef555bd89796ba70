import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { dispose } from './helpers/harness.ts';
import { addStop, caravanOfUser, follow, startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';
import { caravan } from '../flows/caravan/index.ts';
import type { Stop } from '../flows/caravan/types.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

/** Runs the scheduler at `iso` and waits for the broadcasts it started. */
async function at(b: CaravanBot, iso: string): Promise<void> {
  b.clock.set(iso);
  await b.core.scheduler.runDue();
  await b.center().idle();
  await b.core.outbox.drain();
}

async function answered(b: CaravanBot): Promise<Stop> {
  const stop = await addStop(b);
  const answers = { g: 'Going', m: 'Maybe', n: 'Not going' } as const;
  for (const [id, label] of Object.entries(answers)) {
    const u = b.user(id);
    await follow(u, stop.id);
    await u.press(label);
  }
  await follow(b.user('x'), stop.id);
  return stop;
}

const reminders = (b: CaravanBot, id: string) => textsTo(b.channel, id).filter((t) => t.startsWith('⏰'));

describe('caravan: reminders and answers', () => {
  it('the day before at 11:00 and on the day at 08:00 (stop time), to those going or maybe, once each', async () => {
    bot = await startCaravanBot();
    const stop = await answered(bot);
    await at(bot, '2026-05-11T07:59:00Z');
    expect(reminders(bot, 'g')).toEqual([]);
    // Taken before it runs: a job that ran is removed from the schedule.
    const job = (await bot.core.scheduler.list()).find((j) => j.id === `cv-eve-${stop.id}`)!;
    await at(bot, '2026-05-11T08:00:30Z');
    expect(reminders(bot, 'g')).toEqual([expect.stringContaining('⏰ Tomorrow: the caravan in Iași, Tuesday, May 12, 2026 at 18:30.')]);
    expect(reminders(bot, 'm')).toHaveLength(1);
    expect(reminders(bot, 'n')).toEqual([]);
    expect(reminders(bot, 'x')).toEqual([]);
    // Run again, run the job by hand, restart: the ledger sends nothing twice.
    await at(bot, '2026-05-11T08:05:00Z');
    await caravan.jobs!['caravan.remind']!(bot.services, job);
    await bot.center().idle();
    bot = await bot.restart();
    await at(bot, '2026-05-11T08:06:00Z');
    expect(reminders(bot, 'g')).toEqual([]);
    const g = bot.user('g');
    const m = bot.user('m');
    expect((await caravanOfUser(bot, 'memory', 'g'))?.rsvp[stop.id]?.answer).toBe('going');
    await at(bot, '2026-05-12T05:00:30Z');
    expect(reminders(bot, 'g')).toEqual([expect.stringContaining('⏰ Today: the caravan in Iași')]);
    expect(texts(await g.press('I confirm'))).toContain('your place in Iași is confirmed');
    expect(texts(await m.press("I can't come"))).toContain('you will not come to Iași');
    expect(((await bot.control('caravan.list', {})) as { counts: unknown }[])[0]?.counts).toEqual({ going: 1, maybe: 0, notGoing: 2, confirmed: 1 });
  });

  it('a reminder held by the quiet hours is sent in the morning; a stale "tomorrow" is dropped on the day', async () => {
    bot = await startCaravanBot();
    await answered(bot);
    // Nothing ran at 11:00 (the bot was down); it runs again at 22:30 Bucharest: within the grace window, but quiet.
    await at(bot, '2026-05-11T19:30:00Z');
    expect(reminders(bot, 'g')).toEqual([]);
    await at(bot, '2026-05-12T05:00:30Z');
    const got = reminders(bot, 'g');
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('Today');
  });

  it('a cancelled stop sends no reminder; a moved stop reminds at its new time only', async () => {
    bot = await startCaravanBot();
    const stop = await answered(bot);
    const other = await addStop(bot, { town: 'Cluj', date: '2026-05-13' });
    const g = bot.user('g');
    await g.send(`/caravan join ${other.id}`);
    await g.press('Going');
    await bot.control('caravan.cancel', { id: stop.id });
    await bot.control('caravan.edit', { id: other.id, date: '2026-05-14' });
    await bot.center().idle();
    await at(bot, '2026-05-11T08:00:30Z');
    await at(bot, '2026-05-12T08:00:30Z');
    expect(reminders(bot, 'g')).toEqual([]);
    await at(bot, '2026-05-13T08:00:30Z');
    expect(reminders(bot, 'g')).toEqual([expect.stringContaining('Tomorrow: the caravan in Cluj, Thursday, May 14, 2026')]);
  });
});
