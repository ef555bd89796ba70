/**
 * A reminder is noted on the member's attendance when it is written, before it goes out. When the
 * instance writing it loses the broadcast before sending (its lease ran out; another instance takes
 * it over) or stops, the same broadcast writes it again and it still goes out; another broadcast of
 * the same moment (the member changed zone between the two) does not write it at all.
 */
import { afterEach, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { letterFor } from '../src/broadcast/letter.ts';
import { planKinds, REMIND_KIND, type RemindLetter } from '../flows/network/reminders/kinds.ts';
import { momentAt } from '../flows/network/reminders/moments.ts';
import { reminderRecords, shortHash } from '../flows/network/reminders/records.ts';
import { addEvent, keyOf, member, startPlanBot, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

it('the same broadcast writes a reminder again after a hand-over; another zone\'s broadcast of the same moment does not', async () => {
  bot = await startPlanBot({ now: '2026-05-07T06:00:00Z' });
  await member(bot, 'ana', 'Europe/Bucharest');
  const event = await addEvent(bot, { id: 'seminar', kind: 'seminar', title: 'Seminar', date: '2026-05-14', time: '10:00', tz: 'Europe/Bucharest' });
  const user = (await bot.services.store.loadUser(keyOf(bot, 'ana')))!;
  const at = momentAt(event, 'week', 'Europe/Bucharest')!;
  // Chișinău's 09:00 is Bucharest's: its job of the same moment is due at the same time.
  expect(momentAt(event, 'week', 'Europe/Chisinau')).toBe(at);
  const write = async (zone: string) => {
    const letter = letterFor(bot!.services, user);
    const payload: RemindLetter = { event: event.id, ref: shortHash(event.id), moment: 'week', at, zone };
    return { written: await planKinds[REMIND_KIND]!.render(letter, { ...payload }), texts: letter.replies.length };
  };
  expect(await write('Europe/Bucharest')).toEqual({ written: true, texts: 1 });
  // Not sent; the instance that took the broadcast over writes it again.
  expect(await write('Europe/Bucharest')).toEqual({ written: true, texts: 1 });
  // Ana moved to Chișinău after Bucharest's broadcast reached her: that zone's broadcast does not remind her again.
  expect(await write('Europe/Chisinau')).toEqual({ written: false, texts: 0 });
  const noted = await reminderRecords(bot.services.store).attendance.get(`${shortHash(event.id)}:${keyOf(bot, 'ana')}`);
  expect([noted?.got, noted?.gotIn]).toEqual([[`week@${event.start}`], { [`week@${event.start}`]: 'Europe/Bucharest' }]);
});
