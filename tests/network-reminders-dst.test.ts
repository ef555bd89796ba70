import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { addEvent, member, remindersOf, startPlanBot, walk, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

const times = (b: PlanBot, id: string) => remindersOf(b, id).map((r) => r.at);

describe('plan reminders across daylight-saving changes, three zones', () => {
  it('a week and a day before at 09:00 local, an hour before a meeting, each once; quiet hours drop an hour reminder that would come after the start', async () => {
    bot = await startPlanBot({ now: '2026-03-20T00:00:00Z' });
    await member(bot, 'ro', 'Europe/Bucharest');
    await member(bot, 'ny', 'America/New_York');
    await member(bot, 'syd', 'Australia/Sydney');
    // Europe moves its clocks on Sunday 29 March; Sydney on Sunday 5 April.
    await addEvent(bot, { id: 'board', kind: 'meeting', title: 'Board meeting', date: '2026-03-31', time: '14:00', tz: 'Europe/Brussels' });
    await addEvent(bot, { id: 'report', kind: 'deadline', title: 'Quarterly report', date: '2026-04-07', tz: 'Australia/Sydney' });
    await walk(bot, '2026-03-20T00:00:00Z', '2026-04-08T00:00:00Z', 30);

    expect(times(bot, 'ro')).toEqual([
      '2026-03-24T07:00:00.000Z', // 09:00 EET (UTC+2), before the change
      '2026-03-30T06:00:00.000Z', // 09:00 EEST (UTC+3), after it
      '2026-03-31T11:00:00.000Z', // an hour before 14:00 Brussels (13:00 there is 14:00 in Bucharest)
      '2026-03-31T06:00:00.000Z', // the deadline's week reminder
      '2026-04-06T06:00:00.000Z',
    ].sort());
    expect(times(bot, 'ny')).toEqual([
      '2026-03-24T13:00:00.000Z', // 09:00 EDT
      '2026-03-30T13:00:00.000Z',
      // No hour reminder: 07:00 in New York is quiet, and at 08:00 the meeting has begun.
      '2026-03-31T13:00:00.000Z',
      '2026-04-06T13:00:00.000Z',
    ]);
    expect(times(bot, 'syd')).toEqual([
      '2026-03-23T22:00:00.000Z', // 09:00 AEDT (UTC+11) on the 24th: the meeting is on the 31st at 23:00 there
      '2026-03-29T22:00:00.000Z',
      '2026-03-30T22:00:00.000Z', // the deadline, 7 April: 09:00 AEDT on 31 March
      '2026-04-05T23:00:00.000Z', // 09:00 AEST (UTC+10) on 6 April, after the change
      // No hour reminder: 22:00 in Sydney is quiet, and the meeting is over by 08:00.
    ]);
    const ro = remindersOf(bot, 'ro').map((r) => r.line);
    expect(ro).toContain('⏰ In 7 days · Board meeting');
    expect(ro).toContain('⏰ Tomorrow · Board meeting');
    expect(ro).toContain('⏰ In 60 minutes · Board meeting');
    expect(ro).toContain('⏰ Tomorrow · Quarterly report');
  });
});
