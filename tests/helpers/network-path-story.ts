/**
 * The people and the plan of the network's whole-path tests (tests/network-path*.test.ts): the
 * manager's example plan loaded in December 2026, Ana on Slack (Europe/Bucharest from her Slack
 * profile) and Bob on Telegram (New York, set by hand), both in the Iași coordination group.
 */
import { expect } from 'vitest';
import type { NetworkWorld, Person } from './network-path.ts';

export const ANA = { id: 'U0NETANA01', realName: 'Ana Pop', tz: 'Europe/Bucharest' };
export const BOB = { id: 7_801_001, firstName: 'Bob', lastName: 'Stone' };
export const SEMINAR = 'Seminar on public policies for the well-being of all';
export const CARAVAN_TOUR = 'The Caravan of co-responsibility, from Romania across Europe';
export const REMINDER_BUTTONS = [["✅ I'll be there", "❌ Can't come"], ['📆 Add to calendar', '💤 Snooze']];

/** What the bot sent a person on its own (reminders, notices, digests, check-ins): when, and the first line. */
export const pushed = (p: Person) => p.received().filter((r) => /^(⏰|✏️|❌ Cancelled|📰|📋 Check-in)/u.test(r.text)).map((r) => `${r.at} ${r.text.split('\n')[0]}`);

/** December 2026: the manager loads the example plan, and adds a call of the Mons group (nothing for Ana or Bob). */
export async function loadPlan(w: NetworkWorld): Promise<void> {
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml', '--dry-run')).toBe('action-plan.yaml (dry run, nothing was written): added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.\n');
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml')).toBe('action-plan.yaml: added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.\n');
  expect(await w.together('plan', 'import', 'examples/action-plan.yaml')).toBe('action-plan.yaml: unchanged: 41.\n');
  expect(await w.together('plan', 'add', 'event', '--id', 'mons-call', '--kind', 'meeting', '--title', 'Mons coordination call', '--date', '2027-03-23', '--time', '18:00', '--groups', 'coord-mons')).toBe('added event mons-call\n');
}

/** Bob writes to the bot once; the manager adds him to the Iași group by his Telegram id; he sets his zone and ticks an axis. */
export async function bobJoins(w: NetworkWorld): Promise<Person> {
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
export async function anaJoins(w: NetworkWorld): Promise<Person> {
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
