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
import { ANA, anaJoins, bobJoins, CARAVAN_TOUR, loadPlan, pushed, REMINDER_BUTTONS, SEMINAR } from './helpers/network-path-story.ts';

let world: NetworkWorld | null = null;
afterEach(async () => {
  await world?.stop();
  world = null;
});

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

  it('a monthly check-in reaches the Iași coordination group: Ana answers both questions across a restart, Bob does not; the report names them; the next digests show the check-in', async () => {
    world = await startNetworkWorld({ now: '2026-12-01T10:00:00Z' });
    const w = world;
    await loadPlan(w);
    // Thursday 29 April 2027: both join. The caravan's tour, owned by the Iași coordination group, starts in May.
    await w.at('2027-04-29T13:00:00Z');
    const bob = await bobJoins(w);
    const ana = await anaJoins(w);

    // Monday 3 May, the month's first weekday, 10:00 in Brussels: one round for the group, one letter each.
    await w.walk('2027-04-29T14:00:00Z', '2027-05-03T08:00:00Z');
    const letter = `📋 Check-in — May 2027. Waiting for you: 1. For each activity of your working groups, two short questions: what progressed, and what is blocked. Answer in any order, one message each; skip what you wish.\n\n📋 1/1 · “${CARAVAN_TOUR}” — Iași coordination group · May 2027\nPress a question, then answer it in one message.`;
    expect(ana.received().at(-1)).toEqual({ at: '2027-05-03T08:00:00.000Z', text: letter, buttons: [['📈 What progressed', '🚧 What is blocked'], ['Skip this check-in']] });
    // The second question first; one message answers it, and the other question is asked.
    expect(await ana.press(/What is blocked/)).toContain(`🚧 “${CARAVAN_TOUR}” (Iași coordination group), check-in of May 2027: what is blocked?`);
    const blocked = 'The city has not yet allowed the stage on Piața Unirii.';
    const saved = await ana.send(blocked);
    expect(saved).toMatch(/^✅ Saved: what is blocked\./);
    expect(saved).toContain(`📈 “${CARAVAN_TOUR}” (Iași coordination group), check-in of May 2027: what progressed?`);

    // The bot restarts while the question waits: her next message answers it.
    await w.restart();
    const progress = 'Venue booked at Casa de Cultură; posters printed in Romanian and English.';
    expect(await ana.send(progress)).toMatch(new RegExp(`^✅ Saved: what progressed\\.\\s+Thank you — your check-in on “${CARAVAN_TOUR}” is complete\\.$`));

    // 04:00 in New York at 10:00 Brussels: Bob's letter waits for his morning (08:00 there).
    await w.walk('2027-05-03T09:00:00Z', '2027-05-03T12:00:00Z');
    expect(bob.received().at(-1)).toMatchObject({ at: '2027-05-03T12:00:00.000Z', text: letter });

    // The manager's quarter report, from the command line: her answers by name, Bob not answered yet.
    const md = await w.together('plan', 'report', '--quarter', 'Q2', '--year', '2027');
    expect(md).toContain('# Check-ins — Q2 2027');
    expect(md).toContain('## Axis: Promotion');
    expect(md).toContain(`### ${CARAVAN_TOUR} — Iași coordination group\n\n#### May 2027: 1 of 2 answered\n\n- **Ana Pop**\n  - What progressed: ${progress}\n  - What is blocked: ${blocked}\n\nNot answered yet: Bob Stone`);
    const csv = (await w.together('plan', 'report', '--quarter', 'Q2', '--year', '2027', '--format', 'csv')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe('quarter,axis,activity,activity_title,group,period,person,status,progress,blocked,skipped,answered_at');
    expect(csv.slice(1).map((line) => /,coord-iasi,(2027-05,[^,]+,(?:answered|waiting)),/.exec(line)?.[1])).toEqual(['2027-05,Ana Pop,answered', '2027-05,Bob Stone,waiting']);

    // The next Monday's digests show the group's last check-in, without names.
    await w.walk('2027-05-03T13:00:00Z', '2027-05-10T13:00:00Z');
    const lastCheckin = `✅ Last check-ins\n• Iași coordination group — ${CARAVAN_TOUR} (2027-05): 1 of 2 answered\n   ↗ Progress: ${progress}\n   ⛔ Blocked: ${blocked}`;
    const letters = (p: Person) => pushed(p).filter((line) => /📰|📋/u.test(line));
    expect(letters(ana)).toEqual(['2027-05-03T06:00:00.000Z 📰 Your week in the network — May 3, 2027', '2027-05-03T08:00:00.000Z 📋 Check-in — May 2027. Waiting for you: 1. For each activity of your working groups, two short questions: what progressed, and what is blocked. Answer in any order, one message each; skip what you wish.', '2027-05-10T06:00:00.000Z 📰 Your week in the network — May 10, 2027']);
    expect(letters(bob).map((line) => line.slice(0, 40))).toEqual(['2027-05-03T12:00:00.000Z 📋 Check-in — M', '2027-05-03T13:00:00.000Z 📰 Your week in', '2027-05-10T13:00:00.000Z 📰 Your week in']);
    for (const p of [ana, bob]) {
      const digest = p.received().find((r) => r.text.startsWith('📰 Your week in the network — May 10, 2027'))!.text;
      expect(digest).toContain(lastCheckin);
      expect(digest).not.toMatch(/Ana Pop|Bob Stone/);
    }
  }, 120_000);
});
