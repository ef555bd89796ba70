import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { plandata } from '../flows/network/plan/index.ts';
import { networkRecords } from '../flows/network/records.ts';
import { EXAMPLE_PLAN, importPlan, planCmd, refusal } from './helpers/plan-admin.ts';
import { at, member, person, remindersOf, startPlanBot, textsOf, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

const TODAY = '2026-12-01T10:00:00Z';

describe('together plan add|edit|cancel|remove', () => {
  it('events: added with the same checks as a file, changed field by field (texts per language), cancelled, removed', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const s = bot.services;
    const added = await planCmd(s, 'plan.add', { kind: 'event', fields: { title: ['Coordination call', 'fr:Appel de coordination'], date: '2027-02-03', time: '10:00', kind: 'meeting', link: 'https://meet.example.org/call', groups: 'dynamisors,coord-mons', axis: 'exchanges' } });
    expect(added.text).toBe('added event coordination-call-270203');
    expect(added.data).toMatchObject({ changed: true, record: { title: { en: 'Coordination call', fr: 'Appel de coordination' }, tz: 'Europe/Brussels', groups: ['dynamisors', 'coord-mons'], version: 1 } });

    const problems = await refusal(planCmd(s, 'plan.add', { kind: 'event', id: 'x', fields: { title: ['X'], date: '2026-11-02', time: '25:00', tz: 'Nowhere/Land', axis: 'nope' } }));
    expect(problems.split('\n')).toEqual([
      'Nothing was changed. Problems to fix (2):',
      '  - “25:00” is not a time (time): write HH:mm on a 24-hour clock, e.g. 09:30.',
      '  - “Nowhere/Land” is not a time zone I know (tz): use an IANA name such as Europe/Brussels or Europe/Bucharest.',
    ]);
    expect(await refusal(planCmd(s, 'plan.add', { kind: 'event', fields: { title: ['X'], date: '2026-11-02' } }))).toBe('Nothing was changed. Problems to fix (1):\n  - 2026-11-02 (Europe/Brussels) is in the past: a new event, or a new date, must be still to come. Correct it, remove it, or import with --skip-past to leave past events out.');
    expect(await refusal(planCmd(s, 'plan.add', { kind: 'event', fields: { title: ['Coordination call'], date: '2027-02-03', time: '10:00' } }))).toContain('“coordination-call-270203” already exists (event): change it with together plan edit event coordination-call-270203.');

    const edited = await planCmd(s, 'plan.edit', { kind: 'event', id: 'coordination-call-270203', fields: { title: ['ro:Apel de coordonare'], time: '11:30', place: 'Online' }, clear: ['link'] });
    expect(edited.text).toBe('changed event coordination-call-270203');
    const call = await networkRecords(s.store).events.get('coordination-call-270203');
    expect(call).toMatchObject({ title: { en: 'Coordination call', fr: 'Appel de coordination', ro: 'Apel de coordonare' }, time: '11:30', place: 'Online', version: 2 });
    expect(call?.link).toBeUndefined();
    expect((await planCmd(s, 'plan.edit', { kind: 'event', id: 'coordination-call-270203', fields: { time: '11:30' } })).text).toBe('event coordination-call-270203: nothing changed');
    expect(await refusal(planCmd(s, 'plan.edit', { kind: 'event', id: 'coordination-call-270203', fields: { date: '2026-11-30' } }))).toContain('is in the past');
    expect(await refusal(planCmd(s, 'plan.edit', { kind: 'event', id: 'nope', fields: { time: '10:00' } }))).toBe('there is no event “nope” in the plan.');

    expect((await planCmd(s, 'plan.cancel', { id: 'coordination-call-270203' })).text).toBe('cancelled the event coordination-call-270203; everyone reminded of it is told');
    expect(await networkRecords(s.store).events.get('coordination-call-270203')).toMatchObject({ status: 'cancelled', version: 3 });
    expect(await refusal(planCmd(s, 'plan.cancel', { id: 'coordination-call-270203' }))).toBe('the event coordination-call-270203 is already cancelled.');
    expect((await planCmd(s, 'plan.remove', { kind: 'event', id: 'coordination-call-270203' })).text).toBe('removed event coordination-call-270203');
    expect(await networkRecords(s.store).events.get('coordination-call-270203')).toBeUndefined();
  });

  it('phases, axes, groups and activities too; one still named elsewhere cannot be removed', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const s = bot.services;
    const r = networkRecords(s.store);
    await planCmd(s, 'plan.add', { kind: 'group', fields: { id: 'tn-elderly', name: ['Thematic network: elderly people', 'fr:Réseau thématique : personnes âgées'], kind: 'thematic' } });
    await planCmd(s, 'plan.add', { kind: 'axis', fields: { id: 'evaluation', name: ['Evaluation'], parts: ['Indicators', 'Reports'] } });
    await planCmd(s, 'plan.add', { kind: 'activity', fields: { id: 'elderly-groups', axis: 'evaluation', title: ['Groups of elderly people'], owner: 'tn-elderly', quarter: 'q3', checkinMonths: '3' } });
    expect(await r.activities.get('elderly-groups')).toEqual({ id: 'elderly-groups', axis: 'evaluation', title: 'Groups of elderly people', owner: 'tn-elderly', quarter: 'Q3', status: 'planned', checkinMonths: 3 });
    await planCmd(s, 'plan.edit', { kind: 'activity', id: 'elderly-groups', fields: { status: 'ongoing' } });
    expect((await r.activities.get('elderly-groups'))?.status).toBe('ongoing');
    await planCmd(s, 'plan.edit', { kind: 'phase', id: 'dialogue', fields: { asks: ['tn-elderly=Bring the groups\' proposals', 'dynamisors=Report on the year'] } });
    expect(Object.keys((await r.phases.get('dialogue'))?.asks ?? {})).toEqual(['*', 'tn-elderly', 'dynamisors']);
    await planCmd(s, 'plan.edit', { kind: 'phase', id: 'dialogue', fields: { asks: ['dynamisors='] } });
    expect(Object.keys((await r.phases.get('dialogue'))?.asks ?? {})).toEqual(['*', 'tn-elderly']);
    await planCmd(s, 'plan.add', { kind: 'phase', fields: { id: 'review', name: ['Review'], quarter: 'Q4', from: '2027-12-01' } });
    expect(await r.phases.get('review')).toMatchObject({ year: 2027, from: '2027-12-01', to: '2027-12-31' });
    await planCmd(s, 'plan.edit', { kind: 'axis', id: 'evaluation', fields: { parts: ['Indicators'] } });
    expect((await r.axes.get('evaluation'))?.parts).toEqual(['Indicators']);

    expect(await refusal(planCmd(s, 'plan.remove', { kind: 'group', id: 'tn-elderly' }))).toBe('the group tn-elderly is still named by: activity elderly-groups, phase dialogue. Change or remove those first.');
    expect(await refusal(planCmd(s, 'plan.remove', { kind: 'axis', id: 'evaluation' }))).toBe('the axis evaluation is still named by: activity elderly-groups. Change or remove those first.');
    expect(await refusal(planCmd(s, 'plan.remove', { kind: 'milestone', id: 'x' }))).toBe('“milestone” is not part of the plan: phase, axis, group, activity, event.');
    await planCmd(s, 'plan.remove', { kind: 'activity', id: 'elderly-groups' });
    await planCmd(s, 'plan.remove', { kind: 'axis', id: 'evaluation' });
    await planCmd(s, 'plan.edit', { kind: 'phase', id: 'dialogue', fields: { asks: ['tn-elderly='] } });
    await planCmd(s, 'plan.remove', { kind: 'group', id: 'tn-elderly' });
    expect(await r.groups.get('tn-elderly')).toBeUndefined();
    expect(await refusal(planCmd(s, 'plan.add', { kind: 'activity', fields: { id: 'a', axis: 'evaluation', title: ['A'] } }))).toContain('there is no axis “evaluation”, neither in the file nor in the plan.');
  });

  it('plan list: upcoming events by default, --all with past and cancelled ones; stats figures', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    await planCmd(bot.services, 'plan.cancel', { id: 'mons-coordination' });
    bot.clock.current = new Date('2027-03-20T10:00:00Z');
    const upcoming = (await planCmd(bot.services, 'plan.list')).data as { events: { id: string }[] };
    expect(upcoming.events.map((e) => e.id)).toEqual(['seminar-public-policies', 'tn-youth-meeting', 'caravan-launch', 'dynamisor-training', 'website-online', 'nowbeall-proposals-close', 'nowbeall-seminar', 'research-report', 'partners-dialogue-day']);
    const all = await planCmd(bot.services, 'plan.list', { all: true });
    expect((all.data as { events: unknown[] }).events).toHaveLength(12);
    expect(all.text).toContain('  2027-02-18 18:00 Europe/Brussels  mons-coordination — Mons coordination group meeting [meeting, cancelled, past] v2');
    expect(all.text).toContain('  Q2 2027  skills-extension — Skills extension (2027-04-01 → 2027-06-30)');
    expect(all.text).toContain('  promotion / caravan-tour — The Caravan of co-responsibility, from Romania across Europe [planned] · owner: coord-iasi · 2027-05-01 → 2027-09-30');
    expect(await plandata.stats!(bot.services)).toEqual({
      phases: 4, axes: 5, groups: 8, activities: 12,
      'activities.planned': 12, 'activities.ongoing': 0, 'activities.done': 0, 'activities.dropped': 0,
      events: 11, 'events.cancelled': 1, 'events.meeting': 4, 'events.seminar': 2, 'events.deadline': 4, 'events.event': 1, 'events.withLink': 5,
    });
  });
});

describe('together plan group add|remove|list', () => {
  it('a manager puts a person who wrote to the bot into a working group by their channel id, and takes them out', async () => {
    bot = await startPlanBot({ now: TODAY });
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    const s = bot.services;
    await person(bot, 'ana');
    await s.updateUser('memory:ana', (doc) => void (doc.contact.name = 'Ana Popescu'));
    expect((await planCmd(s, 'plan.group.add', { group: 'coord-iasi', person: 'memory:ana' })).text).toBe('memory:ana is now in the working group coord-iasi.');
    expect((await planCmd(s, 'plan.group.add', { group: 'coord-iasi', person: 'memory:ana' })).text).toBe('memory:ana was already in the working group coord-iasi.');
    expect(await refusal(planCmd(s, 'plan.group.add', { group: 'coord-iasi', person: 'memory:nobody' }))).toBe('nobody known as memory:nobody: the person must have written to the bot once.');
    expect(await refusal(planCmd(s, 'plan.group.add', { group: 'coord-iasi', person: 'ana' }))).toBe('“ana” is not a platform id: write channel:userId, e.g. telegram:12345 or slack:U0123ABC.');
    expect(await refusal(planCmd(s, 'plan.group.add', { group: 'coord-paris', person: 'memory:ana' }))).toBe('there is no working group “coord-paris”: together plan group list shows them.');

    const members = await planCmd(s, 'plan.group.list', { group: 'coord-iasi' });
    expect(members.text).toBe('coord-iasi\n  Ana Popescu (memory:ana) · manager · 2026-12-01');
    expect((await planCmd(s, 'plan.group.list')).text.split('\n')[0]).toBe('coord-iasi [coordination, Iași] · members: 1');
    expect(await refusal(planCmd(s, 'plan.remove', { kind: 'group', id: 'coord-iasi' }))).toContain('the group coord-iasi is still named by: activity caravan-tour');

    expect((await planCmd(s, 'plan.group.remove', { group: 'coord-iasi', person: 'memory:ana' })).text).toBe('memory:ana is no longer in the working group coord-iasi.');
    expect((await planCmd(s, 'plan.group.remove', { group: 'coord-iasi', person: 'memory:ana' })).text).toBe('memory:ana was not in the working group coord-iasi.');
    expect((await planCmd(s, 'plan.group.list', { group: 'coord-iasi' })).text).toBe('coord-iasi\n  nobody is in coord-iasi yet.');
  });
});

describe('a changed or cancelled event reaches the members already reminded of it', () => {
  it('an edit and a cancel from the command line tell the member who got the week-before reminder', async () => {
    bot = await startPlanBot({ now: TODAY });
    await member(bot, 'ana');
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    await at(bot, '2027-01-07T08:00:00Z');
    expect(remindersOf(bot, 'ana')).toEqual([{ at: '2027-01-07T08:00:00.000Z', line: '⏰ In 7 days · Network kick-off meeting 2027' }]);
    const before = textsOf(bot, 'ana').length;
    await planCmd(bot.services, 'plan.edit', { kind: 'event', id: 'kick-off-2027', fields: { time: '11:00' } });
    await at(bot, '2027-01-07T08:01:00Z');
    const changed = textsOf(bot, 'ana').slice(before);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('✏️ An event you were reminded of has changed:');
    // The same file imported again puts the time back: that is a change too, told once more.
    await importPlan(bot.services, 'action-plan.yaml', EXAMPLE_PLAN);
    await planCmd(bot.services, 'plan.cancel', { id: 'kick-off-2027' });
    await at(bot, '2027-01-07T08:02:00Z');
    const after = textsOf(bot, 'ana').slice(before + 1);
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('❌ Cancelled: Network kick-off meeting 2027');
    // An event nobody was reminded of changes quietly.
    await planCmd(bot.services, 'plan.edit', { kind: 'event', id: 'nowbeall-seminar', fields: { time: '11:00' } });
    await at(bot, '2027-01-07T08:03:00Z');
    expect(textsOf(bot, 'ana').slice(before + 3)).toEqual([]);
  });
});
