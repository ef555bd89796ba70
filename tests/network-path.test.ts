/**
 * Network members' reminders (issue #13), the whole path as the README tells it: every shipped
 * flow on one core, the real Slack adapter and the real Telegram adapter against their fakes, a
 * fake clock walking hour by hour through the weeks, and the manager's `together plan …`
 * commands parsed by the CLI's own program in this process (tests/helpers/network-path.ts).
 *
 * Ana coordinates the Iași territory on Slack (her profile says Europe/Bucharest); Bob is in the
 * Iași coordination group too, on Telegram, in New York (Telegram tells no zone: he sets it).
 * The example plan is the network's plan for 2027, loaded in December 2026.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startNetworkWorld, type NetworkWorld, type Person } from './helpers/network-path.ts';

let world: NetworkWorld | null = null;
afterEach(async () => {
  await world?.stop();
  world = null;
});

const ANA = { id: 'U0NETANA01', realName: 'Ana Pop', tz: 'Europe/Bucharest' };
const BOB = { id: 7_801_001, firstName: 'Bob', lastName: 'Stone' };
const SEMINAR = 'Seminar on public policies for the well-being of all';
const REMINDER_BUTTONS = [["✅ I'll be there", "❌ Can't come"], ['📆 Add to calendar', '💤 Snooze']];

/** What the bot sent a person on its own (reminders, notices, digests, check-ins): when, and the first line. */
const pushed = (p: Person) => p.received().filter((r) => /^(⏰|✏️|❌ Cancelled|📰|📋 Check-in)/u.test(r.text)).map((r) => `${r.at} ${r.text.split('\n')[0]}`);

/** December 2026: the manager loads the example plan, and adds a call of the Mons group (nothing for Ana or Bob). */
async function loadPlan(w: NetworkWorld): Promise<void> {
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml', '--dry-run')).toBe('action-plan.yaml (dry run, nothing was written): added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.\n');
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml')).toBe('action-plan.yaml: added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.\n');
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml')).toBe('action-plan.yaml: unchanged: 41.\n');
  expect(await w.together('plan', 'add', 'event', '--id', 'mons-call', '--kind', 'meeting', '--title', 'Mons coordination call', '--date', '2027-03-23', '--time', '18:00', '--groups', 'coord-mons')).toBe('added event mons-call\n');
}

/** Bob writes to the bot once; the manager adds him to the Iași group by his Telegram id; he sets his zone and ticks an axis. */
async function bobJoins(w: NetworkWorld): Promise<Person> {
  const bob = w.telegramPerson('bob', BOB);
  expect(await bob.send('/agree')).toContain('Thank you, your consent is recorded.');
  expect(await w.together('plan', 'group', 'add', 'coord-iasi', bob.id)).toBe(`${bob.id} is now in the working group coord-iasi.\n`);
  expect(await bob.send('/plan tz America/New_York')).toMatch(/^🌍 Your time zone is now America\/New_York \(it is .* there\)\. Reminders come at 09:00 there\.$/);
  await bob.send('/plan axes');
  expect(await bob.press(/Public policies/)).toContain('✅ Public policies: followed.');
  expect(await bob.press(/Done/)).toBe('🗓 Your plan reminders\nFollowing: axes: Public policies · working groups: Iași coordination group\nTime zone: America/New_York (you chose it)\nReminders: on');
  return bob;
}

/** Ana types /together plan in the bot's DM, consents, joins, ticks her coordination group, keeps only it and an axis. */
async function anaJoins(w: NetworkWorld): Promise<Person> {
  const ana = w.slackPerson('ana', ANA);
  // Her first words to the bot: consent comes first (the core does not run /plan after it: she types it again).
  expect(await ana.send('/plan')).toMatch(/^Before I can store your answers I need your consent\./);
  expect(await ana.press(/I agree/)).toContain('Thank you, your consent is recorded.');
  expect(await ana.send('/plan')).toMatch(/^🗓 The network's action plan\. Join to be reminded/);
  expect(await ana.press(/Join/)).toBe("✅ You joined the plan's reminders. You follow everything for now; pick axes or working groups below.\n\n🗓 Your plan reminders\nFollowing: everything\nTime zone: Europe/Bucharest (from your platform)\nReminders: on");
  await ana.press(/Working groups/);
  expect(await ana.press(/Iași coordination group/)).toContain('✅ Iași coordination group: followed.');
  await ana.press(/Done/);
  expect(await ana.press(/Everything/)).toContain('You no longer follow everything: only the axes and working groups you pick.');
  await ana.press(/Axes/);
  expect(await ana.press(/Public policies/)).toContain('✅ Public policies: followed.');
  expect(await ana.press(/Done/)).toBe('🗓 Your plan reminders\nFollowing: axes: Public policies · working groups: Iași coordination group\nTime zone: Europe/Bucharest (from your platform)\nReminders: on');
  return ana;
}

describe("network members' reminders: the whole path on Slack and Telegram", () => {
  it('the seminar on public policies: reminders at 09:00 in Bucharest and in New York, coming, calendar, a change told once, snooze, the hour before, Monday digests; nothing twice, even after a restart', async () => {
    world = await startNetworkWorld({ now: '2026-12-01T10:00:00Z' });
    const w = world;
    await loadPlan(w);

    // Friday 12 March 2027 (New York is on summer time since Sunday): Bob.
    await w.at('2027-03-12T15:00:00Z');
    const bob = await bobJoins(w);

    // Monday 15 March, 08:00 in Bucharest: Ana.
    await w.at('2027-03-15T06:00:00Z');
    const ana = await anaJoins(w);
    const dm = w.slack.dmOf(ANA.id);
    // Her App Home tab shows the plan and her next events (the Mons call is not hers).
    await w.slack.openHome(ANA.id);
    await w.settle();
    const home = JSON.stringify(w.slack.homeView(ANA.id));
    expect(home).toContain('🗓 Plan reminders');
    expect(home).toContain(`• ${SEMINAR} — Thu, Mar 25, 2027, 10:30 GMT+2`);
    expect(home).not.toContain('Mons coordination call');

    // The week walks by, hour by hour. Wednesday, the manager adds a caravan stop in Iași (news for Monday's digest).
    await w.walk('2027-03-15T07:00:00Z', '2027-03-17T12:00:00Z');
    expect(await w.together('caravan', 'add', '--town', 'Iași', '--country', 'RO', '--venue', 'Piața Unirii', '--date', '2027-04-10', '--time', '18:00', '--tz', 'Europe/Bucharest')).toBe('added iasi-270410: Iași (RO), 2027-04-10 18:00 Europe/Bucharest — Piața Unirii\n');

    // Thursday 18 March, 09:00 in Bucharest: the week-before reminder, as Slack shows it.
    await w.walk('2027-03-17T13:00:00Z', '2027-03-18T07:00:00Z');
    const week = ana.received().at(-1)!;
    expect(week).toEqual({ at: '2027-03-18T07:00:00.000Z', text: `⏰ In 7 days · ${SEMINAR}\n\nSeminar · ${SEMINAR}\n🗓 Thu, Mar 25, 2027, 10:30 GMT+2\n📍 Council of Europe, Strasbourg\n🔗 https://meet.example.org/together-seminar`, buttons: REMINDER_BUTTONS });
    const posted = w.slack.calls('chat.postMessage').filter((c) => c.params.channel === dm && String(c.params.text).startsWith('⏰'));
    expect(posted).toHaveLength(1);
    // She will be there, and wants it in her calendar: an .ics file shared in her DM.
    expect(await ana.press(/I'll be there/)).toBe(`✅ Noted: you will be at ${SEMINAR}.`);
    await ana.press(/Add to calendar/);
    const [file] = w.slack.uploads(dm);
    expect(file?.filename).toMatch(/\.ics$/);
    const ics = file!.bytes.toString('utf8');
    expect(ics).toContain(`SUMMARY:${SEMINAR}`);
    expect(ics).toContain('DTSTART:20270325T083000Z');
    expect(ics).toContain('UID:plan-seminar-public-policies@together-bot');
    expect(ics).toContain('SEQUENCE:1');
    // 09:00 in New York, four hours later: Bob's, in his zone.
    await w.walk('2027-03-18T08:00:00Z', '2027-03-18T13:00:00Z');
    expect(bob.received().at(-1)).toEqual({ at: '2027-03-18T13:00:00.000Z', text: `⏰ In 7 days · ${SEMINAR}\n\nSeminar · ${SEMINAR}\n🗓 Thu, Mar 25, 2027, 04:30 EDT\n📍 Council of Europe, Strasbourg\n🔗 https://meet.example.org/together-seminar`, buttons: REMINDER_BUTTONS });

    // Friday, the manager moves the seminar to 11:00 (Brussels): everyone reminded is told, once; Bob when his night is over.
    await w.walk('2027-03-18T14:00:00Z', '2027-03-19T10:00:00Z');
    expect(await w.together('plan', 'edit', 'event', 'seminar-public-policies', '--time', '11:00')).toBe('changed event seminar-public-policies\n');
    const changed = ana.received().at(-1)!;
    expect(changed.text).toBe(`✏️ An event you were reminded of has changed:\n\nSeminar · ${SEMINAR}\n🗓 Thu, Mar 25, 2027, 12:00 GMT+2\n📍 Council of Europe, Strasbourg\n🔗 https://meet.example.org/together-seminar`);
    expect(changed.buttons).toEqual([["✅ I'll be there", "❌ Can't come"], ['📆 Add to calendar']]);
    // The calendar entry of the new version updates the one she has.
    await ana.press(/Add to calendar/);
    expect(w.slack.uploads(dm).at(-1)!.bytes.toString('utf8')).toMatch(/DTSTART:20270325T100000Z[\s\S]*SEQUENCE:2|SEQUENCE:2[\s\S]*DTSTART:20270325T100000Z/);

    // Monday 22 March, 09:00 in each zone: the digest, with what each should see.
    await w.walk('2027-03-19T11:00:00Z', '2027-03-22T13:00:00Z');
    const digestOf = (p: Person) => p.received().find((r) => r.text.startsWith('📰 Your week in the network — March 22, 2027'));
    expect(digestOf(ana)?.at).toBe('2027-03-22T07:00:00.000Z');
    const anaDigest = digestOf(ana)!.text;
    expect(anaDigest).toContain('🧭 Phase: Consolidation (Jan 1, 2027 – Mar 31, 2027)\n• everyone: Consolidate the network: each territory confirms its coordination group and its dynamisors.');
    expect(anaDigest).toContain(`📅 This week\n• Thu, Mar 25, 12:00 — ${SEMINAR} (seminar)\n   📍 Council of Europe, Strasbourg`);
    expect(anaDigest).toMatch(/🚐 New caravan stops\n• Apr 10, 2027, 18:00 — Iași/);
    expect(anaDigest).toContain('What you follow, your time zone, a pause: /together plan');
    // Not hers: the Mons group's call this week, the dynamisors' ask.
    expect(anaDigest).not.toContain('Mons coordination call');
    expect(anaDigest).not.toContain('homogeneous groups');
    expect(digestOf(bob)?.at).toBe('2027-03-22T13:00:00.000Z');
    expect(digestOf(bob)!.text).toContain(`• Thu, Mar 25, 06:00 — ${SEMINAR} (seminar)`);
    expect(digestOf(bob)!.text).toContain('What you follow, your time zone, a pause: /plan');

    // Wednesday 24 March, 09:00 in Bucharest: the day before. Busy, she snoozes it three hours; at 12:00 it is back.
    await w.walk('2027-03-22T14:00:00Z', '2027-03-24T07:00:00Z');
    expect(ana.received().at(-1)).toMatchObject({ at: '2027-03-24T07:00:00.000Z', text: expect.stringMatching(new RegExp(`^⏰ Tomorrow · ${SEMINAR}\n\nSeminar · ${SEMINAR}\n🗓 Thu, Mar 25, 2027, 12:00 GMT\\+2`)), buttons: REMINDER_BUTTONS });
    expect(await ana.press(/Snooze/)).toBe(`When should I remind you again of ${SEMINAR}?`);
    expect(ana.received().at(-1)!.buttons).toEqual([['In 1 hour', 'In 3 hours', 'Tomorrow 09:00']]);
    expect(await ana.press(/In 3 hours/)).toBe('💤 I will remind you again on Wed, Mar 24, 2027, 12:00 GMT+2.');
    await w.walk('2027-03-24T08:00:00Z', '2027-03-24T13:00:00Z');
    // Thursday 25 March: the hour before, at 11:00 in Bucharest. In New York it would be 05:00, in the quiet hours and
    // held past the start: Bob does not get it (the README's decision).
    await w.walk('2027-03-24T14:00:00Z', '2027-03-25T14:00:00Z');

    expect(pushed(ana)).toEqual([
      '2027-03-15T07:00:00.000Z 📰 Your week in the network — March 15, 2027',
      `2027-03-18T07:00:00.000Z ⏰ In 7 days · ${SEMINAR}`,
      '2027-03-19T10:00:00.000Z ✏️ An event you were reminded of has changed:',
      '2027-03-22T07:00:00.000Z 📰 Your week in the network — March 22, 2027',
      `2027-03-24T07:00:00.000Z ⏰ Tomorrow · ${SEMINAR}`,
      `2027-03-24T10:00:00.000Z ⏰ Tomorrow · ${SEMINAR}`,
      `2027-03-25T09:00:00.000Z ⏰ In 60 minutes · ${SEMINAR}`,
    ]);
    expect(pushed(bob)).toEqual([
      '2027-03-15T13:00:00.000Z 📰 Your week in the network — March 15, 2027',
      `2027-03-18T13:00:00.000Z ⏰ In 7 days · ${SEMINAR}`,
      '2027-03-19T12:00:00.000Z ✏️ An event you were reminded of has changed:',
      '2027-03-22T13:00:00.000Z 📰 Your week in the network — March 22, 2027',
      `2027-03-24T13:00:00.000Z ⏰ Tomorrow · ${SEMINAR}`,
    ]);
    expect(ana.received().find((r) => r.text.startsWith('⏰ In 60 minutes'))!.text).toContain('🗓 Thu, Mar 25, 2027, 12:00 GMT+2');

    // The bot restarts (the store reopened, a new core, every job and ledger read back): nobody gets anything again.
    await w.restart();
    await w.walk('2027-03-25T15:00:00Z', '2027-03-26T12:00:00Z');
    expect(pushed(ana)).toHaveLength(7);
    expect(pushed(bob)).toHaveLength(5);
    expect(await w.together('stats')).toMatch(/plan\.planComing: 1\n/);
  }, 120_000);
});
