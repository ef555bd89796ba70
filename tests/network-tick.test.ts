/**
 * Many jobs on one scheduler tick (issue #13 under load): on Monday 8 June 2026 at 07:00 UTC it
 * is 09:00 in eight European zones at once, so each zone's day-before reminders of six events,
 * week-before reminders of six others, the hour-before reminder of a meeting and each zone's
 * weekly digest are all due on the same tick; Tokyo and Los Angeles have theirs at other hours,
 * and the meeting's hour-before falls in Los Angeles' night. A member moves from Tokyo to
 * Brussels between the two. Then the bot restarts and the day goes on.
 */
import { afterEach, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { DateTime } from 'luxon';
import { whenText } from '../flows/network/reminders/format.ts';
import type { PlanEvent } from '../flows/network/types.ts';
import { FakeUser, texts } from './helpers/memory-channel.ts';
import { addEvent, person, startPlanBot, throughDue, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

/** 09:00 in all of them is 07:00 UTC in June. */
const EUROPE = ['Europe/Paris', 'Europe/Brussels', 'Europe/Rome', 'Europe/Madrid', 'Europe/Berlin', 'Europe/Amsterdam', 'Europe/Vienna', 'Europe/Oslo'];
const ZONES = [...EUROPE, 'Asia/Tokyo', 'America/Los_Angeles'];
const PER_ZONE = 8;
const TICK = '2026-06-08T07:00:00.000Z';

const people = ZONES.flatMap((tz, z) => Array.from({ length: PER_ZONE }, (_, i) => ({ id: `z${z}p${i}`, tz })));
/** The one who moves from Tokyo to Brussels after Tokyo's 09:00. */
const MIKA = people.find((p) => p.tz === 'Asia/Tokyo')!.id;

/** What a person was sent on its own, by kind of message and when: `06-08 07:00Z ⏰ Tomorrow`. */
function pushed(b: PlanBot, id: string): string[] {
  return b.deliveries
    .filter((d) => d.chatId === id && /^(⏰|📰)/u.test(d.text))
    .map((d) => `${d.at.slice(5, 16).replace('T', ' ')}Z ${d.text.startsWith('📰') ? '📰' : d.text.split(' · ')[0]}`)
    .sort();
}

const times = (n: number, line: string) => Array.from({ length: n }, () => line);

it('reminders of many events and digests of many zones due on the same tick: each member once, in their zone, nothing in their night; a restart sends nothing again', async () => {
  bot = await startPlanBot({ now: '2026-06-07T20:00:00Z', digest: true });
  for (const p of people) await person(bot, p.id, { tz: p.tz });
  const joined = await Promise.all(people.map((p) => new FakeUser(bot!.channel, p.id).send('/plan join')));
  for (const replies of joined) expect(texts(replies)).toContain("You joined the plan's reminders");

  const events: PlanEvent[] = [];
  for (let i = 0; i < 6; i++) {
    // Tomorrow (the day-before reminder is today at 09:00) and next Monday (the week-before one).
    events.push(await addEvent(bot, { id: `tue-${i}`, kind: 'seminar', title: `Tuesday seminar ${i}`, date: '2026-06-09', time: '10:00', tz: 'Europe/Brussels' }));
    events.push(await addEvent(bot, { id: `mon-${i}`, kind: 'deadline', title: `Deadline ${i}`, date: '2026-06-15', tz: 'Europe/Brussels' }));
  }
  // Its hour-before reminder is 07:00 UTC too: 09:00 in Europe, 16:00 in Tokyo, midnight in Los Angeles.
  events.push(await addEvent(bot, { id: 'call', kind: 'meeting', title: 'Coordination call', date: '2026-06-08', time: '10:00', tz: 'Europe/Brussels' }));

  await throughDue(bot, '2026-06-07T20:00:00Z', '2026-06-08T03:00:00Z');
  expect(texts(await new FakeUser(bot.channel, MIKA).send('/plan tz Europe/Brussels'))).toContain('Your time zone is now Europe/Brussels');
  const due = (await bot.core.scheduler.list()).filter((j) => j.due === Date.parse(TICK));
  // One tick: every European zone's reminders (6 + 6 + the call's, the call's in every zone) and digests.
  expect(due.length).toBeGreaterThanOrEqual(EUROPE.length * 13 + EUROPE.length);
  await throughDue(bot, '2026-06-08T03:00:00Z', '2026-06-08T10:00:00Z');
  bot = await bot.restart();
  await throughDue(bot, '2026-06-08T10:00:00Z', '2026-06-09T06:00:00Z');

  const monday = (at: string) => [...times(6, 'Tomorrow'), ...times(6, 'In 7 days')].map((k) => `06-08 ${at} ⏰ ${k}`).concat(`06-08 ${at} 📰`);
  for (const p of people) {
    const got = pushed(bot, p.id);
    if (EUROPE.includes(p.tz)) expect(got).toEqual([...monday('07:00Z'), '06-08 07:00Z ⏰ In 60 minutes'].sort());
    else if (p.tz === 'Asia/Tokyo') expect(got).toEqual([...monday('00:00Z'), '06-08 07:00Z ⏰ In 60 minutes'].sort());
    // Los Angeles: the call is on Monday there too (01:00), its day-before reminder was due on Sunday at 16:00 UTC and
    // the call was added within its grace window: sent then. Its hour-before would be at midnight; held until 08:00
    // it would come after the call: dropped.
    else expect(got).toEqual(['06-07 20:00Z ⏰ Tomorrow', ...monday('16:00Z')].sort());
    // In their zone: the card's time is theirs (Mika's first ones were written in Tokyo's).
    const card = bot.deliveries.find((d) => d.chatId === p.id && d.text.startsWith('⏰ Tomorrow · Tuesday seminar 0'));
    expect(card?.text).toContain(whenText(events[0]!, 'en', p.tz === 'Asia/Tokyo' ? 'Asia/Tokyo' : p.tz));
    // Nothing the bot sends on its own between 22:00 and 08:00 where they live (answers to what they type are another matter).
    for (const d of bot.deliveries.filter((x) => x.chatId === p.id && /^(⏰|📰)/u.test(x.text))) {
      const hour = DateTime.fromISO(d.at, { zone: p.id === MIKA && d.at > '2026-06-08T03' ? 'Europe/Brussels' : p.tz }).hour;
      expect(hour >= 8 && hour < 22).toBe(true);
    }
  }
}, 300_000);
