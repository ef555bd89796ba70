import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { jobsAbout } from '../src/engine/index.ts';
import { addToGroupByManager, removeFromGroupByManager } from '../flows/network/members/api.ts';
import { networkRecords } from '../flows/network/records.ts';
import { reminderRecords } from '../flows/network/reminders/records.ts';
import { addEvent, at, keyOf, member, person, pressEarlier, remindersOf, startPlanBot, type PlanBot } from './helpers/plan-reminders-bot.ts';

let bot: PlanBot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = null;
});

const AXES = ['Basic functions', 'Exchanges between territories', 'Public policies', 'Promotion', 'Partnerships', 'Resources centre', 'Website', 'Methodology', 'Research', 'Training', 'The fund', 'Virtual spaces'];

async function seedPlan(b: PlanBot): Promise<void> {
  const r = networkRecords(b.services.store);
  for (const [i, name] of AXES.entries()) await r.axes.put({ id: `axis-${String(i).padStart(2, '0')}`, name });
  await r.groups.put({ id: 'dynamisors', name: { en: 'Dynamisors', fr: 'Dynamiseurs' }, kind: 'dynamisors' });
  await r.groups.put({ id: 'coord-iasi', name: 'Iași coordination group', kind: 'coordination', territory: 'Iași' });
}

describe('/plan: joining, choices, time zone', () => {
  it('joins from the menu; the zone comes from the platform, else TOGETHER_TZ; each choice is confirmed once stored', async () => {
    bot = await startPlanBot();
    const slack = await person(bot, 'slacker', { tz: 'America/New_York' });
    const intro = texts(await slack.send('/plan'));
    expect(intro).toContain("The network's action plan. Join to be reminded");
    expect(slack.buttons().map((b) => b.label)).toEqual(['✅ Join']);
    const joined = texts(await slack.press('Join'));
    expect(joined).toContain("You joined the plan's reminders");
    expect(joined).toContain('Following: everything');
    expect(joined).toContain('Time zone: America/New_York (from your platform)');
    expect(joined).toContain('Reminders: on');
    const stored = await networkRecords(bot.services.store).members.get(keyOf(bot, 'slacker'));
    expect(stored).toMatchObject({ tz: 'America/New_York', channel: 'memory', follows: { all: true, axes: [], groups: [] } });
    expect(stored?.pseudonym).toBe('p-slacker');
    const plain = await member(bot, 'plain');
    expect(texts(await plain.send('/plan'))).toContain('Time zone: Europe/Brussels (the bot\'s default)');
    expect(texts(await plain.press('Everything'))).toContain('You no longer follow everything');
    expect((await networkRecords(bot.services.store).members.get(keyOf(bot, 'plain')))?.follows.all).toBe(false);
    expect(texts(await plain.send('/plan all'))).toContain('You now follow every event of the plan.');
  });

  it('/plan tz validates the zone: a clear answer for Nowhere, nothing changed; a valid one is stored in its canonical spelling', async () => {
    bot = await startPlanBot();
    const u = await person(bot, 'u', { tz: 'Asia/Tokyo' });
    await u.send('/plan join');
    const members = networkRecords(bot.services.store).members;
    expect(texts(await u.send('/plan tz Nowhere'))).toContain('“Nowhere” is not a time zone I know. Write it as Region/City, for example Europe/Bucharest');
    expect(texts(await u.send('/plan tz Europe/Atlantis'))).toContain('is not a time zone I know');
    expect((await members.get(keyOf(bot, 'u')))?.tz).toBe('Asia/Tokyo');
    expect(texts(await u.send('/plan tz europe/bucharest'))).toContain('Your time zone is now Europe/Bucharest');
    expect(await members.get(keyOf(bot, 'u'))).toMatchObject({ tz: 'Europe/Bucharest', tzChosen: true });
    expect(texts(await u.send('/plan tz'))).toContain('Your time zone: Europe/Bucharest (you chose it)');
    expect(texts(await u.press("Use my platform's zone"))).toContain('Your time zone is back to Asia/Tokyo (from your platform)');
    // Someone who has not joined gets the same clear answer, and an invitation rather than a stored zone.
    const stranger = await person(bot, 'stranger');
    expect(texts(await stranger.send('/plan tz Nowhere'))).toContain('is not a time zone I know');
    expect(texts(await stranger.send('/plan tz Europe/Paris'))).toContain("You have not joined the plan's reminders yet.");
    expect(await members.get(keyOf(bot, 'stranger'))).toBeUndefined();
    // French, for a French speaker.
    const fr = await person(bot, 'fr', { lang: 'fr' });
    expect(texts(await fr.send('/plan tz Nulle/Part'))).toContain("« Nulle/Part » n'est pas un fuseau horaire que je connais");
  });

  it('axes and working groups are picked with buttons, paged by the core when long; a group picked is a group joined', async () => {
    bot = await startPlanBot();
    await seedPlan(bot);
    const u = await member(bot, 'u');
    await u.send('/plan alloff');
    const prompt = texts(await u.send('/plan axes'));
    expect(prompt).toContain('Tick the axes whose events you want reminders of');
    const labels = u.buttons().map((b) => b.label);
    expect(labels).toContain('More ›');
    expect(labels).toContain('✅ Done');
    expect(labels.filter((l) => l.startsWith('▫️')).length).toBeLessThan(AXES.length);
    expect(texts(await u.press('Public policies'))).toContain('✅ Public policies: followed.');
    expect(u.buttons().map((b) => b.label)).toContain('✅ Public policies');
    await u.press('More ›');
    expect(texts(await u.press('Virtual spaces'))).toContain('Virtual spaces: followed.');
    const menu = texts(await u.press('Done'));
    expect(menu).toContain('Following: axes: Public policies, Virtual spaces');
    await u.send('/plan groups');
    expect(texts(await u.press('Dynamisors'))).toContain('✅ Dynamisors: followed.');
    const { memberships, members } = networkRecords(bot.services.store);
    expect(await memberships.get(`dynamisors:${keyOf(bot, 'u')}`)).toMatchObject({ by: 'self', group: 'dynamisors' });
    expect(texts(await u.press('✅ Dynamisors'))).toContain('Dynamisors: no longer followed.');
    expect(await memberships.count({ key: keyOf(bot, 'u') })).toBe(0);
    await u.press('Dynamisors');
    await u.press('Done');
    expect((await members.get(keyOf(bot, 'u')))?.follows).toEqual({ all: false, axes: ['axis-02', 'axis-11'], groups: ['dynamisors'] });
  });

  it('managers add and remove people to groups by channel id; a group event reaches only its followers', async () => {
    bot = await startPlanBot({ now: '2026-05-01T08:00:00Z' });
    await seedPlan(bot);
    const s = bot.services;
    expect(await addToGroupByManager(s, 'memory:nobody', 'coord-iasi')).toBe('unknown');
    await person(bot, 'zoe');
    const all = await member(bot, 'all');
    expect(await addToGroupByManager(s, 'memory:zoe', 'coord-iasi')).toBe('added');
    expect(await addToGroupByManager(s, 'memory:zoe', 'coord-iasi')).toBe('already');
    expect(await addToGroupByManager(s, 'memory:all', 'coord-iasi')).toBe('added');
    const { members, memberships } = networkRecords(s.store);
    expect(await members.get(keyOf(bot, 'zoe'))).toMatchObject({ follows: { all: false, axes: [], groups: ['coord-iasi'] }, tz: 'Europe/Brussels' });
    expect(await memberships.get(`coord-iasi:${keyOf(bot, 'zoe')}`)).toMatchObject({ by: 'manager' });
    await addEvent(bot, { id: 'coord', kind: 'meeting', title: 'Iași coordination', date: '2026-05-12', time: '17:00', tz: 'Europe/Bucharest', groups: ['coord-iasi'] });
    await addEvent(bot, { id: 'dyn', kind: 'meeting', title: 'Dynamisors call', date: '2026-05-12', time: '18:00', tz: 'Europe/Bucharest', groups: ['dynamisors'] });
    await at(bot, '2026-05-05T07:00:00Z');
    expect(remindersOf(bot, 'zoe').map((r) => r.line)).toEqual(['⏰ In 7 days · Iași coordination']);
    expect(remindersOf(bot, 'all').map((r) => r.line)).toEqual(['⏰ In 7 days · Iași coordination']);
    expect(await removeFromGroupByManager(s, 'memory:zoe', 'coord-iasi')).toBe('removed');
    expect(await removeFromGroupByManager(s, 'memory:zoe', 'coord-iasi')).toBe('absent');
    expect(await removeFromGroupByManager(s, 'memory:nobody', 'coord-iasi')).toBe('unknown');
    await at(bot, '2026-05-11T07:00:00Z');
    expect(remindersOf(bot, 'zoe')).toHaveLength(1);
    expect(remindersOf(bot, 'all')).toHaveLength(2);
    expect(all.id).toBe('all');
  });
});

describe('/plan: privacy, help, odd input', () => {
  it('in a group chat /plan gets the pointer to the private chat and stores nothing; /plan digest in a private chat says where it belongs', async () => {
    bot = await startPlanBot();
    const u = await person(bot, 'u');
    const inGroup = texts(await u.inGroup('team-chat').send('/plan join'));
    expect(inGroup).toContain('I answer this only in a private chat');
    expect(await networkRecords(bot.services.store).members.get(keyOf(bot, 'u'))).toBeUndefined();
    expect(texts(await u.send('/plan digest here'))).toContain('is for a manager, typed in the channel or group that should receive the weekly digest');
    expect(texts(await u.send('/plan fly'))).toContain('I did not understand that. Try /plan');
    expect(texts(await u.send('/help'))).toContain("/plan — the network's action plan");
  });

  it('/mydata shows the membership, groups, answers and snoozes; /forget erases them all', async () => {
    bot = await startPlanBot({ now: '2026-05-06T20:00:00Z' });
    await seedPlan(bot);
    const u = await member(bot, 'u', 'Europe/Bucharest');
    await addToGroupByManager(bot.services, 'memory:u', 'dynamisors');
    await addEvent(bot, { id: 'sem', kind: 'seminar', title: 'Seminar', date: '2026-05-14', time: '10:00', tz: 'Europe/Bucharest' });
    await at(bot, '2026-05-07T06:00:00Z');
    await u.press("I'll be there");
    await pressEarlier(u, 'Snooze');
    await u.press('Tomorrow 09:00');
    const key = keyOf(bot, 'u');
    expect((await jobsAbout(bot.services.store, key)).map((j) => j.kind)).toEqual(['plan.snooze']);
    const mydata = await u.send('/mydata');
    const readable = texts(mydata);
    expect(readable).toContain('Plan reminders: following everything · working groups: Dynamisors; time zone Europe/Bucharest; Reminders: on; working groups: 1; events answered: 1.');
    const file = mydata.find((r) => r.kind === 'file');
    const json = file?.kind === 'file' ? JSON.parse(new TextDecoder().decode(file.content)) : {};
    expect(json.elsewhere.plan.member.tz).toBe('Europe/Bucharest');
    expect(json.elsewhere.plan.memberships).toHaveLength(1);
    expect(json.elsewhere.plan.attendance[0].answer).toBe('yes');
    expect(json.scheduled.map((j: { kind: string }) => j.kind)).toEqual(['plan.snooze']);
    await u.send('/forget');
    expect(texts(await u.press('Yes, erase everything'))).toContain('everything stored about you has been erased');
    const { members, memberships } = networkRecords(bot.services.store);
    expect(await members.get(key)).toBeUndefined();
    expect(await memberships.count({ key })).toBe(0);
    expect(await reminderRecords(bot.services.store).attendance.count({ key })).toBe(0);
    expect(await jobsAbout(bot.services.store, key)).toEqual([]);
    await at(bot, '2026-05-08T06:00:00Z');
    expect(remindersOf(bot, 'u')).toHaveLength(1);
  });
});
