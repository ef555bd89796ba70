import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { rmSync } from 'node:fs';
import { plan } from '../flows/network/index.ts';
import { reminderRecords } from '../flows/network/reminders/records.ts';
import { networkRecords } from '../flows/network/records.ts';
import { eventChanged } from '../flows/network/reminders/on-change.ts';
import { homeView } from '../src/engine/home.ts';
import { addEvent, at, editEvent, keyOf, member, person, remindersOf, startPlanBot, textsOf, walk, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

const count = (b: PlanBot, id: string, start: string) => textsOf(b, id).filter((t) => t.startsWith(start)).length;

/** Two members in Bucharest and a seminar on Thursday 14 May 2026, 10:00 there. */
async function seminar(b: PlanBot) {
  const ana = await member(b, 'ana', 'Europe/Bucharest');
  const bob = await member(b, 'bob', 'Europe/Bucharest');
  const event = await addEvent(b, { id: 'seminar-policies', kind: 'seminar', title: { en: 'Seminar on public policies', fr: 'Séminaire sur les politiques publiques' }, date: '2026-05-14', time: '10:00', tz: 'Europe/Bucharest', place: 'Iași, Casa de Cultură', link: 'https://meet.example.org/seminar' });
  return { ana, bob, event };
}

describe('plan reminders: buttons, snooze, stop', () => {
  it('answers are stored and counted for managers; the calendar button sends an .ics file', async () => {
    bot = await startPlanBot({ now: '2026-05-06T20:00:00Z' });
    const { ana, bob } = await seminar(bot);
    await at(bot, '2026-05-07T06:00:00Z');
    expect(remindersOf(bot, 'ana')).toEqual([{ at: '2026-05-07T06:00:00.000Z', line: '⏰ In 7 days · Seminar on public policies' }]);
    expect(texts(await ana.press("I'll be there"))).toContain('Noted: you will be at Seminar on public policies.');
    const ics = await ana.press('Add to calendar');
    const file = ics.find((r) => r.kind === 'file');
    expect(file?.kind === 'file' && file.mime).toBe('text/calendar');
    const body = file?.kind === 'file' ? new TextDecoder().decode(file.content) : '';
    expect(body).toContain('SUMMARY:Seminar on public policies');
    expect(body).toContain('DTSTART:20260514T070000Z');
    expect(body).toContain('LOCATION:Iași');
    expect(texts(await bob.press("Can't come"))).toContain("Noted: you can't come to Seminar on public policies. No more reminders of it.");
    const { attendance } = reminderRecords(bot.services.store);
    expect(await attendance.count({ event: 'seminar-policies', answer: 'yes' })).toBe(1);
    // A manager's list of upcoming events shows who comes.
    const boss = await member(bot, 'boss');
    expect(texts(await boss.send('/plan upcoming'))).toContain('Seminar on public policies — Thu, May 14, 2026, 09:00 GMT+2 (✅ 1 · ❌ 1)');
    expect(texts(await ana.send('/plan upcoming'))).not.toContain('✅ 1');
    // Who said they cannot come is not reminded again.
    await at(bot, '2026-05-13T06:00:00Z');
    expect(count(bot, 'bob', '⏰')).toBe(1);
    expect(count(bot, 'ana', '⏰')).toBe(2);
    expect((await plan.stats!(bot.services)).planComing).toBe(1);
  });

  it('snooze brings the same reminder back later, once; stop ends every reminder, snoozed ones too', async () => {
    bot = await startPlanBot({ now: '2026-05-12T20:00:00Z' });
    const { ana, bob } = await seminar(bot);
    await at(bot, '2026-05-13T06:00:00Z');
    expect(texts(await ana.press('Snooze'))).toContain('When should I remind you again of Seminar on public policies?');
    expect(texts(await ana.press('In 3 hours'))).toContain('I will remind you again on Wed, May 13, 2026, 12:00 GMT+3');
    await bob.press('Snooze');
    await bob.press('In 1 hour');
    expect(texts(await bob.send('/plan stop'))).toContain('Reminders stopped');
    await walk(bot, '2026-05-13T06:30:00Z', '2026-05-13T12:00:00Z', 30);
    expect(remindersOf(bot, 'ana')).toEqual([
      { at: '2026-05-13T06:00:00.000Z', line: '⏰ Tomorrow · Seminar on public policies' },
      { at: '2026-05-13T09:00:00.000Z', line: '⏰ Tomorrow · Seminar on public policies' },
    ]);
    expect(remindersOf(bot, 'bob')).toHaveLength(1);
    // The hour before: Ana gets it, Bob (stopped) does not; resuming brings the next ones back.
    await at(bot, '2026-05-14T06:00:00Z');
    expect(remindersOf(bot, 'ana').at(-1)?.line).toBe('⏰ In 60 minutes · Seminar on public policies');
    expect(remindersOf(bot, 'bob')).toHaveLength(1);
    expect(texts(await bob.send('/plan resume'))).toContain('Reminders are on again');
  });

  it('pause holds reminders until its end; a snooze cannot go past the event', async () => {
    bot = await startPlanBot({ now: '2026-05-05T20:00:00Z' });
    const { ana, bob } = await seminar(bot);
    await bob.send('/plan pause');
    expect(texts(await bob.press('7 days'))).toContain('Reminders paused until May 12, 2026');
    await at(bot, '2026-05-07T06:00:00Z');
    await at(bot, '2026-05-13T06:00:00Z');
    expect(remindersOf(bot, 'bob').map((r) => r.at)).toEqual(['2026-05-13T06:00:00.000Z']);
    await at(bot, '2026-05-14T06:00:00Z');
    // An hour before the seminar: even "in 1 hour" would be after its start.
    expect(texts(await ana.press('Snooze'))).toContain('Seminar on public policies starts too soon to snooze.');
  });
});

describe('plan reminders: changes after reminders went out', () => {
  it('an edit tells everyone reminded, once per version, and the reminders follow the new time; a cancel tells them too', async () => {
    bot = await startPlanBot({ now: '2026-05-06T20:00:00Z' });
    await seminar(bot);
    await at(bot, '2026-05-07T06:00:00Z');
    // Carla joins after the week reminder: she was not reminded, so she hears of no change.
    await member(bot, 'carla', 'Europe/Bucharest');
    const { before, after } = await editEvent(bot, 'seminar-policies', { time: '11:30', place: 'Iași, Palatul Culturii' });
    // Called again (a crash after the store, before the answer): nothing twice.
    await bot.core.broadcasts.idle();
    await eventChanged(bot.services, before, after);
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    expect(count(bot, 'ana', '✏️')).toBe(1);
    expect(count(bot, 'bob', '✏️')).toBe(1);
    expect(count(bot, 'carla', '✏️')).toBe(0);
    expect(textsOf(bot, 'ana').find((t) => t.startsWith('✏️'))).toContain('Thu, May 14, 2026, 11:30 GMT+3\n📍 Iași, Palatul Culturii');
    // The day before is still 09:00; the hour before moved with the time.
    await at(bot, '2026-05-13T06:00:00Z');
    await at(bot, '2026-05-14T06:00:00Z');
    expect(remindersOf(bot, 'carla').map((r) => r.at)).toEqual(['2026-05-13T06:00:00.000Z']);
    await at(bot, '2026-05-14T07:30:00Z');
    expect(remindersOf(bot, 'ana').map((r) => r.at)).toEqual(['2026-05-07T06:00:00.000Z', '2026-05-13T06:00:00.000Z', '2026-05-14T07:30:00.000Z']);
    await editEvent(bot, 'seminar-policies', { status: 'cancelled' });
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    expect(textsOf(bot, 'carla').filter((t) => t.startsWith('❌ Cancelled'))).toEqual(['❌ Cancelled: Seminar on public policies (Thu, May 14, 2026, 11:30 GMT+3).']);
    expect(count(bot, 'ana', '❌ Cancelled')).toBe(1);
  });

  it('a cancelled event sends no more reminders; a moved one reminds at its new date', async () => {
    bot = await startPlanBot({ now: '2026-05-01T20:00:00Z' });
    await seminar(bot);
    await addEvent(bot, { id: 'webinar', kind: 'meeting', title: 'Webinar', date: '2026-05-20', time: '15:00', tz: 'Europe/Bucharest' });
    await editEvent(bot, 'seminar-policies', { status: 'cancelled' });
    await editEvent(bot, 'webinar', { date: '2026-05-21' });
    await walk(bot, '2026-05-06T20:00:00Z', '2026-05-21T13:00:00Z', 60);
    expect(remindersOf(bot, 'ana')).toEqual([
      { at: '2026-05-14T06:00:00.000Z', line: '⏰ In 7 days · Webinar' },
      { at: '2026-05-20T06:00:00.000Z', line: '⏰ Tomorrow · Webinar' },
      { at: '2026-05-21T11:00:00.000Z', line: '⏰ In 60 minutes · Webinar' },
    ]);
    // Nobody was reminded before these changes: no notice.
    expect(count(bot, 'ana', '❌')).toBe(0);
  });
});

describe('plan reminders: missed while down, and restarts', () => {
  it('a reminder missed while the bot was down goes out within its grace window, not after it; never twice across a restart', async () => {
    bot = await startPlanBot({ now: '2026-05-06T20:00:00Z' });
    await seminar(bot);
    // Down from before the week reminder (7 May 09:00) until 8 May 10:00: more than its day of grace.
    await at(bot, '2026-05-08T07:00:00Z');
    expect(remindersOf(bot, 'ana')).toEqual([]);
    // Down across the day before's 09:00, back at 15:00 the same day: within its grace, sent at once.
    bot = await bot.restart();
    await at(bot, '2026-05-13T12:00:00Z');
    expect(remindersOf(bot, 'ana')).toEqual([{ at: '2026-05-13T12:00:00.000Z', line: '⏰ Tomorrow · Seminar on public policies' }]);
    expect(remindersOf(bot, 'bob')).toHaveLength(1);
    // Restarted, the job run again by hand: the ledger sends it to nobody twice.
    bot = await bot.restart();
    await at(bot, '2026-05-13T12:05:00Z');
    const { runReminderJob } = await import('../flows/network/reminders/run.ts');
    const { jobId } = await import('../flows/network/reminders/schedule.ts');
    const { refOf } = await import('../flows/network/reminders/records.ts');
    const ref = await refOf(bot.services.store, 'seminar-policies');
    const dayAt = Date.parse('2026-05-13T06:00:00Z');
    await runReminderJob(bot.services, { id: jobId(ref, 'day', 'Europe/Bucharest'), kind: 'plan.remind', payload: { event: 'seminar-policies', moment: 'day', tz: 'Europe/Bucharest', at: dayAt } });
    await at(bot, '2026-05-13T12:06:00Z');
    expect(remindersOf(bot, 'ana')).toHaveLength(1);
    expect(remindersOf(bot, 'bob')).toHaveLength(1);
  });

  it('a zone is planned for events already in the plan when its first member joins; a zone change does not repeat a reminder', async () => {
    bot = await startPlanBot({ now: '2026-05-06T20:00:00Z' });
    await addEvent(bot, { id: 'call', kind: 'meeting', title: 'Coordination call', date: '2026-05-20', time: '16:00', tz: 'Europe/Brussels' });
    const tokyo = await member(bot, 'tokyo', 'Asia/Tokyo');
    await at(bot, '2026-05-13T00:00:00Z');
    expect(remindersOf(bot, 'tokyo').map((r) => r.at)).toEqual(['2026-05-13T00:00:00.000Z']);
    // Moving west the same morning: 09:00 in Lisbon is still to come, but this reminder was had.
    expect(texts(await tokyo.send('/plan tz Europe/Lisbon'))).toContain('Your time zone is now Europe/Lisbon');
    await walk(bot, '2026-05-13T00:30:00Z', '2026-05-13T12:00:00Z', 30);
    expect(remindersOf(bot, 'tokyo')).toHaveLength(1);
    await at(bot, '2026-05-19T08:00:00Z');
    expect(remindersOf(bot, 'tokyo').map((r) => r.at)).toEqual(['2026-05-13T00:00:00.000Z', '2026-05-19T08:00:00.000Z']);
    expect(keyOf(bot, 'tokyo')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('plan reminders: deadlines, removal, home screen', () => {
  it('a whole-day deadline: reminders at 09:00, a date-only calendar entry; a removed event tells those reminded; the home screen lists what comes', async () => {
    bot = await startPlanBot({ now: '2026-06-01T08:00:00Z' });
    const ana = await member(bot, 'ana', 'Europe/Bucharest');
    const deadline = await addEvent(bot, { id: 'fund-call', kind: 'deadline', title: 'Fund applications close', date: '2026-06-10', tz: 'Europe/Brussels' });
    await addEvent(bot, { id: 'later', kind: 'seminar', title: 'NOW-BE-ALL seminar', date: '2026-09-15', time: '09:30', tz: 'Europe/Rome' });
    await at(bot, '2026-06-03T06:00:00Z');
    expect(remindersOf(bot, 'ana')).toEqual([{ at: '2026-06-03T06:00:00.000Z', line: '⏰ In 7 days · Fund applications close' }]);
    const ics = (await ana.press('Add to calendar')).find((r) => r.kind === 'file');
    const body = ics?.kind === 'file' ? new TextDecoder().decode(ics.content) : '';
    expect(body).toMatch(/DTSTART;VALUE=DATE:20260610/);
    expect(body).toMatch(/DTEND;VALUE=DATE:20260611/);
    const view = await homeView(bot.services, bot.channel.address('ana'));
    const section = view.sections.map((x) => x.text).find((t) => t.startsWith('🗓 Plan reminders'));
    expect(section).toContain('• Fund applications close — Wed, Jun 10, 2026');
    expect(section).toContain('• NOW-BE-ALL seminar — Tue, Sep 15, 2026, 10:30 GMT+3');
    const stranger = await person(bot, 'stranger');
    const theirs = await homeView(bot.services, bot.channel.address(stranger.id));
    expect(theirs.sections.map((x) => x.text).join('\n')).not.toContain('Plan reminders');
    // Removed from the plan after the reminder: those reminded are told, once.
    await networkRecords(bot.services.store).events.delete('fund-call');
    await eventChanged(bot.services, deadline, undefined);
    await eventChanged(bot.services, deadline, undefined);
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    expect(textsOf(bot, 'ana').filter((t) => t.startsWith('❌'))).toEqual(['❌ Cancelled: Fund applications close (Wed, Jun 10, 2026).']);
    await walk(bot, '2026-06-08T00:00:00Z', '2026-06-10T00:00:00Z', 60);
    expect(remindersOf(bot, 'ana')).toHaveLength(1);
    expect(keyOf(bot, 'ana')).toBeTruthy();
  });
});
