import { rmSync } from 'node:fs';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { every, networkRecords } from '../flows/network/records.ts';
import type { PlanEvent } from '../flows/network/types.ts';
import { EXAMPLE_PLAN, importPlan, planCmd, planCounts, refusal } from './helpers/plan-admin.ts';
import { startPlanBot, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

const TODAY = '2026-12-01T10:00:00Z';

/** A calendar of these VEVENT bodies (and extra calendar lines), CRLF as RFC 5545 writes it. */
const calendar = (events: string[], head: string[] = []) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//plan//EN', ...head, ...events.flatMap((e) => ['BEGIN:VEVENT', ...e.trim().split('\n').map((l) => l.trim()), 'END:VEVENT']), 'END:VCALENDAR'].join('\r\n');

const events = async (b: PlanBot) => (await every(networkRecords(b.services.store).events)).sort((x, y) => x.start - y.start);
const utc = (e: PlanEvent) => new Date(e.start).toISOString();

const SINGLES = [
  `UID:launch@example.org
   DTSTART;TZID=Europe/Bucharest:20270512T183000
   DTEND;TZID=Europe/Bucharest:20270512T210000
   SUMMARY:Caravan launch in Romania
   LOCATION:Casa de Cultură\\, Iași
   URL:https://example.org/caravan
   CATEGORIES:seminar,promotion
   DESCRIPTION:The caravan sets off.`,
  `UID:kickoff@example.org
   DTSTART:20270114T090000Z
   DURATION:PT90M
   SUMMARY:Kick-off`,
  `UID:deadline@example.org
   DTSTART;VALUE=DATE:20270315
   SUMMARY:Fund applications close`,
  `UID:floating@example.org
   DTSTART:20270201T140000
   SUMMARY:Floating meeting
   LOCATION:https://meet.example.org/floating`,
  `UID:cancelled@example.org
   DTSTART;TZID=Europe/Brussels:20270301T100000
   SUMMARY:Called off
   STATUS:CANCELLED`,
];

describe('together plan import <calendar.ics>', () => {
  it('reads single events in any kind of time; the same calendar again changes nothing, a changed event is updated by its UID', async () => {
    bot = await startPlanBot({ now: TODAY });
    const r = await importPlan(bot.services, 'network.ics', calendar(SINGLES, ['X-WR-TIMEZONE:Europe/Paris']));
    expect(r.text).toBe('network.ics: added — events: 5.');
    const stored = await events(bot);
    expect(stored.map((e) => [e.id, e.kind, e.date, e.time, e.tz, utc(e), e.status])).toEqual([
      // UTC times land in the calendar's own zone (X-WR-TIMEZONE), floating ones are read in it.
      ['kick-off-270114', 'meeting', '2027-01-14', '10:00', 'Europe/Paris', '2027-01-14T09:00:00.000Z', 'scheduled'],
      ['floating-meeting-270201', 'meeting', '2027-02-01', '14:00', 'Europe/Paris', '2027-02-01T13:00:00.000Z', 'scheduled'],
      ['called-off-270301', 'meeting', '2027-03-01', '10:00', 'Europe/Brussels', '2027-03-01T09:00:00.000Z', 'cancelled'],
      ['fund-applications-close-270315', 'event', '2027-03-15', undefined, 'Europe/Paris', '2027-03-14T23:00:00.000Z', 'scheduled'],
      ['caravan-launch-in-romania-270512', 'seminar', '2027-05-12', '18:30', 'Europe/Bucharest', '2027-05-12T15:30:00.000Z', 'scheduled'],
    ]);
    expect(stored.at(-1)).toMatchObject({ uid: 'launch@example.org', durationMin: 150, place: 'Casa de Cultură, Iași', link: 'https://example.org/caravan', description: 'The caravan sets off.' });
    expect(stored[0]).toMatchObject({ durationMin: 90 });
    expect(stored[1]).toMatchObject({ link: 'https://meet.example.org/floating' });
    expect(stored[1]?.place).toBeUndefined();

    expect((await importPlan(bot.services, 'network.ics', calendar(SINGLES, ['X-WR-TIMEZONE:Europe/Paris']))).text).toBe('network.ics: unchanged: 5.');
    const moved = SINGLES.map((s) => s.replace('20270512T183000', '20270513T180000').replace('20270512T210000', '20270513T203000'));
    expect((await importPlan(bot.services, 'network.ics', calendar(moved, ['X-WR-TIMEZONE:Europe/Paris']))).text).toBe('network.ics: changed — events: 1; unchanged: 4.');
    const launch = await networkRecords(bot.services.store).events.get('caravan-launch-in-romania-270512');
    expect(launch).toMatchObject({ date: '2027-05-13', time: '18:00', version: 2, uid: 'launch@example.org' });
  });

  it('--tz, --axis and --groups apply to the whole calendar; an unknown axis refuses it', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const ics = calendar([SINGLES[1]!]);
    expect(await refusal(importPlan(bot.services, 'x.ics', ics, { axis: 'nowhere' }))).toContain('there is no axis “nowhere”');
    await importPlan(bot.services, 'x.ics', ics, { tz: 'Europe/Bucharest', axis: 'promotion', groups: 'coord-iasi, dynamisors' });
    expect(await networkRecords(bot.services.store).events.get('kick-off-270114')).toMatchObject({ time: '11:00', tz: 'Europe/Bucharest', axis: 'promotion', groups: ['coord-iasi', 'dynamisors'] });
  });

  it('a repeating event is expanded from now to the end of the plan\'s year: excluded and moved dates honoured, past ones left out, wall time kept across daylight saving', async () => {
    bot = await startPlanBot({ now: TODAY });
    const weekly = `UID:weekly@example.org
      DTSTART;TZID=Europe/Brussels:20261102T100000
      DTEND;TZID=Europe/Brussels:20261102T110000
      RRULE:FREQ=WEEKLY;COUNT=10
      EXDATE;TZID=Europe/Brussels:20261221T100000
      SUMMARY:Weekly call`;
    const moved = `UID:weekly@example.org
      RECURRENCE-ID;TZID=Europe/Brussels:20261214T100000
      DTSTART;TZID=Europe/Brussels:20261214T140000
      DTEND;TZID=Europe/Brussels:20261214T150000
      SUMMARY:Weekly call (afternoon)`;
    const r = await importPlan(bot.services, 'calls.ics', calendar([weekly, moved]), { year: 2027 });
    expect(r.warnings).toEqual(['VEVENT Weekly call: repeating event “Weekly call”: dates imported: 4 (past dates left out: 5).']);
    expect((await events(bot)).map((e) => [e.id, e.date, e.time, e.uid])).toEqual([
      ['weekly-call-261207', '2026-12-07', '10:00', 'weekly@example.org#20261207T100000'],
      ['weekly-call-afternoon-261214', '2026-12-14', '14:00', 'weekly@example.org#20261214T100000'],
      ['weekly-call-261228', '2026-12-28', '10:00', 'weekly@example.org#20261228T100000'],
      ['weekly-call-270104', '2027-01-04', '10:00', 'weekly@example.org#20270104T100000'],
    ]);
    expect((await importPlan(bot.services, 'calls.ics', calendar([weekly, moved]), { year: 2027 })).text).toBe('calls.ics: unchanged: 4.');

    // 10:00 in Brussels is 09:00 UTC before the clocks change on 28 March 2027 and 08:00 after.
    const spring = `UID:spring@example.org
      DTSTART;TZID=Europe/Brussels:20270318T100000
      RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=3
      SUMMARY:Spring call`;
    await importPlan(bot.services, 'spring.ics', calendar([spring]), { year: 2027 });
    const springs = (await events(bot)).filter((e) => e.uid?.startsWith('spring'));
    expect(springs.map((e) => [e.time, utc(e)])).toEqual([
      ['10:00', '2027-03-18T09:00:00.000Z'],
      ['10:00', '2027-03-25T09:00:00.000Z'],
      ['10:00', '2027-04-01T08:00:00.000Z'],
    ]);
  });

  it('a series without end stops at the end of the plan\'s year (with a warning); one too dense is refused with its reason', async () => {
    bot = await startPlanBot({ now: TODAY });
    const monthly = `UID:monthly@example.org
      DTSTART;TZID=Europe/Brussels:20261215T180000
      RRULE:FREQ=MONTHLY
      SUMMARY:Monthly coordination`;
    // No plan stored yet: the plan's year is this one.
    const first = await importPlan(bot.services, 'm.ics', calendar([monthly]));
    expect(first.warnings).toEqual(['VEVENT Monthly coordination: repeating event “Monthly coordination”: dates imported up to 2026-12-31: 1 (past dates left out: 0); later ones come with --year.']);
    // The example plan is for 2027: the same calendar now reaches its end.
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const second = await importPlan(bot.services, 'm.ics', calendar([monthly]));
    expect(second.text).toBe('m.ics: added — events: 12; unchanged: 1.');
    expect((await events(bot)).filter((e) => e.uid?.startsWith('monthly')).at(-1)?.date).toBe('2027-12-15');

    const before = await planCounts(bot.services.store);
    const hourly = `UID:hourly@example.org
      DTSTART:20261202T080000Z
      RRULE:FREQ=HOURLY
      SUMMARY:Every hour`;
    const message = await refusal(importPlan(bot.services, 'h.ics', calendar([hourly, SINGLES[0]!])));
    expect(message).toBe('h.ics: nothing was imported. Problems to fix (1):\n  - VEVENT Every hour: the repeating event “Every hour” happens more than 397 times up to 2027-12-31: too many for a plan\'s calendar. Import a shorter series (an RRULE with UNTIL or COUNT).');
    expect(await planCounts(bot.services.store)).toEqual(before);
    // Daily is not too dense: one a day to the end of the plan's year fits.
    const daily = `UID:daily@example.org
      DTSTART;TZID=Europe/Brussels:20261202T090000
      RRULE:FREQ=DAILY
      SUMMARY:Daily stand-up`;
    const fits = await importPlan(bot.services, 'd.ics', calendar([daily]), { dryRun: true });
    expect(fits.text).toBe('d.ics (dry run, nothing was written): added — events: 395.');
  });

  it('a zone named only by the calendar\'s VTIMEZONE keeps its instant; an unknown one, a broken file, two events with one UID, a past event: refused', async () => {
    bot = await startPlanBot({ now: TODAY });
    const outlook = [
      'BEGIN:VTIMEZONE',
      'TZID:Romance Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const summer = `UID:outlook@example.org
      DTSTART;TZID=Romance Standard Time:20270610T100000
      SUMMARY:Outlook meeting`;
    await importPlan(bot.services, 'outlook.ics', calendar([summer], outlook));
    const [event] = await events(bot);
    expect([event?.date, event?.time, event?.tz, utc(event!)]).toEqual(['2027-06-10', '10:00', 'Europe/Brussels', '2027-06-10T08:00:00.000Z']);

    const nowhere = await refusal(importPlan(bot.services, 'x.ics', calendar(['UID:x\nDTSTART;TZID=Atlantis/Capital:20270610T100000\nSUMMARY:Lost'])));
    expect(nowhere).toContain('“Atlantis/Capital” is not a time zone I know (tz)');
    expect(await refusal(importPlan(bot.services, 'x.ics', 'BEGIN:VCALENDAR\nthis is not a calendar\nEND:VCALENDAR'))).toContain('this is not a readable iCalendar file: invalid line');
    expect(await refusal(importPlan(bot.services, 'x.ics', calendar(['UID:same\nDTSTART:20270101T100000Z\nSUMMARY:A', 'UID:same\nDTSTART:20270102T100000Z\nSUMMARY:B'])))).toContain('two events have the UID same');
    const past = calendar(['UID:past\nDTSTART:20261101T100000Z\nSUMMARY:Past meeting', 'UID:next\nDTSTART:20270101T100000Z\nSUMMARY:Next meeting']);
    expect(await refusal(importPlan(bot.services, 'x.ics', past))).toContain('2026-11-01 11:00 (Europe/Brussels) is in the past');
    expect(await networkRecords(bot.services.store).events.count()).toBe(1);
    expect((await importPlan(bot.services, 'x.ics', past, { skipPast: true })).text).toBe('x.ics: added — events: 1.');
  });
});

describe('together plan ics', () => {
  it('the whole calendar: valid iCalendar, UIDs that stay, SEQUENCE = version, cancelled events STATUS:CANCELLED', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    await planCmd(bot.services, 'plan.edit', { kind: 'event', id: 'caravan-launch', fields: { time: '19:00' } });
    await planCmd(bot.services, 'plan.cancel', { id: 'mons-coordination' });
    const { content } = (await planCmd(bot.services, 'plan.ics', { lang: 'fr' })).data as { content: string };
    const root = new ICAL.Component(ICAL.parse(content) as unknown[]);
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Réseau TOGETHER — plan d\'action');
    const vevents = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(vevents).toHaveLength(12);
    const byUid = new Map(vevents.map((e) => [e.uid, e]));
    const launch = byUid.get('plan-caravan-launch@together-bot')!;
    expect(launch.summary).toBe('Caravane de la coresponsabilité : lancement en Roumanie');
    expect(launch.startDate.toString()).toBe('2027-05-12T16:00:00Z');
    expect(launch.duration.toSeconds()).toBe(150 * 60);
    expect(launch.component.getFirstPropertyValue('sequence')).toBe(2);
    const mons = byUid.get('plan-mons-coordination@together-bot')!;
    expect([mons.component.getFirstPropertyValue('status'), mons.component.getFirstPropertyValue('sequence')]).toEqual(['CANCELLED', 2]);
    const deadline = byUid.get('plan-exchange-fund-deadline@together-bot')!;
    expect([deadline.startDate.isDate, deadline.startDate.toString(), deadline.endDate.toString()]).toEqual([true, '2027-03-15', '2027-03-16']);
    expect(byUid.get('plan-seminar-public-policies@together-bot')?.component.getFirstPropertyValue('url')).toBe('https://meet.example.org/together-seminar');

    // The calendar read back by the importer gives the same moments and kinds.
    const other = await startPlanBot({ now: TODAY });
    try {
      await importPlan(other.services, 'plan.ics', content);
      const mine = (await events(bot)).map((e) => [utc(e), e.kind, e.status, e.time === undefined]);
      expect((await events(other)).map((e) => [utc(e), e.kind, e.status, e.time === undefined])).toEqual(mine);
    } finally {
      await other.stop();
      rmSync(other.dir, { recursive: true, force: true });
    }
  });
});
