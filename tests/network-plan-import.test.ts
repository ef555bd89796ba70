import { rmSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { networkRecords } from '../flows/network/records.ts';
import { EXAMPLE_PLAN, importPlan, planCmd, planCounts, refusal } from './helpers/plan-admin.ts';
import { startPlanBot, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

/** Today by the fake clock: 1 December 2026, as the plan for 2027 is prepared. */
const TODAY = '2026-12-01T10:00:00Z';
const EMPTY = { phases: 0, axes: 0, groups: 0, activities: 0, events: 0 };

const plan = (events: string, head = 'year: 2027\ntz: Europe/Brussels\n') => `${head}events:\n${events}`;

describe('together plan import: the example plan', () => {
  it('imports examples/action-plan.yaml whole; --dry-run writes nothing; the same file again changes nothing', async () => {
    bot = await startPlanBot({ now: TODAY });
    const dry = await importPlan(bot.services, 'examples/action-plan.yaml', EXAMPLE_PLAN, { dryRun: true });
    expect(dry.text).toBe('action-plan.yaml (dry run, nothing was written): added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.');
    expect(await planCounts(bot.services.store)).toEqual(EMPTY);

    const done = await importPlan(bot.services, 'examples/action-plan.yaml', EXAMPLE_PLAN);
    expect(done.text).toBe('action-plan.yaml: added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.');
    expect(done.warnings).toEqual([]);
    expect(await planCounts(bot.services.store)).toEqual({ phases: 4, axes: 5, groups: 8, activities: 12, events: 12 });

    const r = networkRecords(bot.services.store);
    expect((await r.phases.get('skills-extension'))).toMatchObject({ quarter: 'Q2', year: 2027, from: '2027-04-01', to: '2027-06-30', name: { en: 'Skills extension', fr: 'Extension des compétences' } });
    expect((await r.axes.get('basic-functions'))?.parts).toHaveLength(5);
    expect(await r.groups.get('coord-iasi')).toEqual({ id: 'coord-iasi', name: { en: 'Iași coordination group', fr: 'Groupe de coordination de Iași' }, kind: 'coordination', territory: 'Iași' });
    expect(await r.activities.get('comparative-research')).toMatchObject({ axis: 'basic-functions', owner: 'research', quarter: 'Q3', status: 'planned', checkinMonths: 2 });
    const launch = await r.events.get('caravan-launch');
    expect(launch).toMatchObject({ kind: 'event', date: '2027-05-12', time: '18:30', tz: 'Europe/Bucharest', durationMin: 150, version: 1, status: 'scheduled' });
    expect(launch?.start).toBe(DateTime.fromISO('2027-05-12T15:30:00Z').toMillis());
    // A whole-day deadline starts at 00:00 in the plan's zone.
    expect((await r.events.get('exchange-fund-deadline'))?.start).toBe(DateTime.fromISO('2027-03-15T00:00', { zone: 'Europe/Brussels' }).toMillis());

    const again = await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    expect(again.text).toBe('action-plan.yaml: unchanged: 41.');
    expect(again.data).toMatchObject({ added: [], updated: [], unchanged: 41 });
    expect((await r.events.get('caravan-launch'))?.version).toBe(1);
  });

  it('a changed file updates what changed (a new version of the event), adds what is new, keeps the rest', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const changed = EXAMPLE_PLAN.replace('date: 2027-05-12\n    time: "18:30"', 'date: 2027-05-13\n    time: "18:00"').replace('- id: partnerships\n    name: { en: Partnerships, fr: Partenariats }', '- id: partnerships\n    name: { en: Partnerships and alliances, fr: Partenariats }');
    const extra = `${changed}  - id: extra-call\n    kind: meeting\n    title: Extra call\n    date: 2027-01-20\n    time: "15:00"\n`;
    const r = await importPlan(bot.services, 'action-plan.yaml', extra);
    expect(r.text).toBe('action-plan.yaml: added — events: 1; changed — axes: 1, events: 1; unchanged: 39.');
    const launch = await networkRecords(bot.services.store).events.get('caravan-launch');
    expect(launch).toMatchObject({ date: '2027-05-13', time: '18:00', version: 2, updatedAt: '2026-12-01T10:00:00.000Z' });
    expect((await networkRecords(bot.services.store).axes.get('partnerships'))?.name).toEqual({ en: 'Partnerships and alliances', fr: 'Partenariats' });
  });

  it('plan list --json is a plan file: importing it back changes nothing', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const listed = (await planCmd(bot.services, 'plan.list', { all: true })).data as Record<string, { id: string }[]>;
    // `past` and `members` are what list adds for reading; the rest is the plan file format.
    const file = {
      phases: listed.phases,
      axes: listed.axes,
      groups: listed.groups!.map(({ members: _m, ...g }: Record<string, unknown>) => g),
      activities: listed.activities,
      events: listed.events!.map(({ past: _p, ...e }: Record<string, unknown>) => e),
    };
    // As a Windows editor saves it: with a byte-order mark.
    const back = await importPlan(bot.services, 'plan.json', `\uFEFF${JSON.stringify(file, null, 2)}`);
    expect(back.text).toBe('plan.json: unchanged: 41.');
  });
});

describe('together plan import: bad input is refused whole, with every problem, and nothing is stored', () => {
  it('a YAML syntax error says its line and column', async () => {
    bot = await startPlanBot({ now: TODAY });
    const text = plan('  - id: a\n    title: [unclosed\n    date: 2027-02-01\n');
    const message = await refusal(importPlan(bot.services, 'plan.yaml', text));
    expect(message).toBe('plan.yaml: nothing was imported. Problems to fix (1):\n  - line 6, column 5: missed comma between flow collection entries');
    const dup = await refusal(importPlan(bot.services, 'plan.yaml', 'year: 2027\nyear: 2028\n'));
    expect(dup).toContain('line 2, column 1: duplicated mapping key');
    expect(await planCounts(bot.services.store)).toEqual(EMPTY);
  });

  it('a JSON syntax error says its line and column too', async () => {
    bot = await startPlanBot({ now: TODAY });
    const message = await refusal(importPlan(bot.services, 'plan.json', '{\n  "year": 2027,\n  "events": [\n    { "id": "a", }\n  ]\n}'));
    expect(message).toBe('plan.json: nothing was imported. Problems to fix (1):\n  - line 4, column 18: Expected double-quoted property name in JSON');
    expect(await planCounts(bot.services.store)).toEqual(EMPTY);
  });

  it('missing date, unknown zone, event in the past, duplicates and unknown references: all listed, nothing half-imported', async () => {
    bot = await startPlanBot({ now: TODAY });
    const text = [
      'year: 2027',
      'axes:',
      '  - { id: promotion, name: Promotion }',
      'activities:',
      '  - { id: caravan-tour, axis: promotion, title: Caravan, owner: nobody }',
      'events:',
      '  - { id: ok, title: Fine, date: 2027-02-01 }',
      '  - { id: no-date, title: No date }',
      '  - { id: moon, title: On the moon, date: 2027-02-02, time: "10:00", tz: Moon/Base }',
      '  - { id: old, title: Last year, date: 2026-11-30, time: "10:00" }',
      '  - { id: ok, title: Same id, date: 2027-02-03 }',
      '  - { id: twin-a, title: Twin, date: 2027-02-04, time: "09:00" }',
      '  - { id: twin-b, title: twin, date: 2027-02-04, time: "09:00" }',
      '  - { id: lost, title: Lost, date: 2027-02-05, axis: nowhere }',
      '  - { id: bad-link, title: Link, date: 2027-02-06, link: "javascript:alert(1)", dat: 2027-02-06 }',
    ].join('\n');
    const message = await refusal(importPlan(bot.services, 'plan.yaml', text));
    expect(message.split('\n')).toEqual([
      'plan.yaml: nothing was imported. Problems to fix (9):',
      '  - events[2] (no-date): date is missing.',
      '  - events[3] (moon): “Moon/Base” is not a time zone I know (tz): use an IANA name such as Europe/Brussels or Europe/Bucharest.',
      '  - events[9] (bad-link): unknown field “dat” (known fields: id, kind, title, description, date, time, tz, durationMin, place, link, axis, activity, groups, status, uid).',
      '  - events[9] (bad-link): “javascript:alert(1)” is not a web link (link): it must start with https:// or http://.',
      '  - events: the id “ok” is used twice.',
      '  - events: “twin-b” is the same event as “twin-a” (same title, date 2027-02-04 and time 09:00).',
      '  - activities (caravan-tour): there is no working group “nobody”, neither in the file nor in the plan.',
      '  - events (lost): there is no axis “nowhere”, neither in the file nor in the plan.',
      '  - events (old): 2026-11-30 10:00 (Europe/Brussels) is in the past: a new event, or a new date, must be still to come. Correct it, remove it, or import with --skip-past to leave past events out.',
    ]);
    expect(await planCounts(bot.services.store)).toEqual(EMPTY);
  });

  it('an event in the past refuses the file; --skip-past leaves it out with a warning and imports the rest', async () => {
    bot = await startPlanBot({ now: TODAY });
    const text = plan('  - { id: gone, title: Gone, date: 2026-11-30 }\n  - { id: today, title: Due today, kind: deadline, date: 2026-12-01 }\n  - { id: soon, title: Soon, date: 2027-01-10, time: "10:00" }\n');
    expect(await refusal(importPlan(bot.services, 'plan.yaml', text))).toContain('events (gone): 2026-11-30 (Europe/Brussels) is in the past');
    const r = await importPlan(bot.services, 'plan.yaml', text, { skipPast: true });
    expect(r.warnings).toEqual(['events (gone): 2026-11-30 (Europe/Brussels) is in the past: left out.']);
    // A whole-day entry of today (a deadline) is not past until the day is over.
    expect(r.text).toBe('plan.yaml: added — events: 2.');
    // Once stored, an event that has passed does not stop the same file from being imported again.
    bot.clock.current = new Date('2027-01-11T10:00:00Z');
    expect((await importPlan(bot.services, 'plan.yaml', text, { skipPast: true })).text).toBe('plan.yaml: unchanged: 2.');
    expect(await refusal(importPlan(bot.services, 'plan.yaml', text.replace('time: "10:00"', 'time: "11:00"'), { skipPast: false }))).toContain('events (soon): 2027-01-10 11:00 (Europe/Brussels) is in the past');
  });

  it('an event already stored under another id is a duplicate; events without an id get one from their title and date', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'a.yaml', plan('  - { title: "Séminaire annuel", date: 2027-03-01, time: "10:00" }\n  - { title: Call, date: 2027-03-02, time: "09:00" }\n  - { title: Call, date: 2027-03-02, time: "15:00" }\n'));
    const ids = (await networkRecords(bot.services.store).events.find()).records.map((e) => e.id);
    expect(ids).toEqual(['call-270302-0900', 'call-270302-1500', 'seminaire-annuel-270301']);
    const message = await refusal(importPlan(bot.services, 'b.yaml', plan('  - { id: seminar, title: "séminaire annuel", date: 2027-03-01, time: "10:00" }\n')));
    expect(message).toContain('events (seminar): “seminar” is already in the plan as “seminaire-annuel-270301” (same title, date 2027-03-01 and time 10:00)');
    expect(await networkRecords(bot.services.store).events.count()).toBe(3);
  });

  it('wrong shapes: not a plan, unknown sections, bad values of every kind', async () => {
    bot = await startPlanBot({ now: TODAY });
    expect(await refusal(importPlan(bot.services, 'plan.yaml', '- just\n- a list\n'))).toContain('the file holds no plan');
    expect(await refusal(importPlan(bot.services, 'huge.yaml', `# ${'x'.repeat(300_000)}\n`))).toBe('huge.yaml: nothing was imported. Problems to fix (1):\n  - the file is longer than 300000 characters: is it the right file?');
    const text = [
      'year: 27',
      'tz: Mars/Olympus',
      'milestones: []',
      'phases:',
      '  - { id: Bad Id, name: X, quarter: Q5 }',
      'groups:',
      '  - { id: g, name: { en: G, english: G }, kind: committee }',
      'activities:',
      '  - { id: a, axis: x, title: A, from: 2027-05-01, to: 2027-04-01, status: late, checkinMonths: 13 }',
      'events: { id: e }',
    ].join('\n');
    const lines = (await refusal(importPlan(bot.services, 'plan.yaml', text))).split('\n').slice(1);
    expect(lines).toEqual([
      '  - unknown section “milestones” (known sections: year, tz, phases, axes, groups, activities, events).',
      '  - “27” is not a year (year).',
      '  - “Mars/Olympus” is not a time zone I know (tz): use an IANA name such as Europe/Brussels or Europe/Bucharest.',
      '  - phases[1] (Bad Id): “Bad Id” is not a valid id: use 1 to 60 lower-case letters, digits and dashes, e.g. seminar-2027.',
      '  - phases[1] (Bad Id): “Q5” is not a quarter (quarter): Q1, Q2, Q3 or Q4.',
      '  - phases[1] (Bad Id): year is missing.',
      '  - groups[1] (g): “english” is not a language code (name): use two letters such as en or fr.',
      '  - groups[1] (g): “committee” is not one of thematic, dynamisors, coordination, other (kind).',
      '  - activities[1] (a): “late” is not one of planned, ongoing, done, dropped (status).',
      '  - activities[1] (a): “13” is not a whole number from 0 to 12 (checkinMonths).',
      '  - activities[1] (a): the last day 2027-04-01 comes before the first day 2027-05-01.',
      '  - events must be a list.',
    ]);
    expect(await planCounts(bot.services.store)).toEqual(EMPTY);
  });

  it('refusals speak the bot\'s language', async () => {
    bot = await startPlanBot({ now: TODAY });
    bot.services.config.lang = 'fr';
    const message = await refusal(importPlan(bot.services, 'plan.yaml', plan('  - { id: x, title: X, date: 2027-02-30 }\n')));
    expect(message).toBe('plan.yaml : rien n\'a été importé. Problèmes à corriger (1) :\n  - events[1] (x): « 2027-02-30 » n\'est pas une date (date) : écrivez AAAA-MM-JJ, p. ex. 2027-03-18.');
  });
});
