import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { checkinRecords } from '../flows/network/checkins/records.ts';
import { every } from '../src/engine/index.ts';
import { createCore } from '../src/app.ts';
import { homeView } from '../src/engine/home.ts';
import { silentLogger } from '../src/log/logger.ts';
import { checkin } from '../flows/network/checkins/index.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { activity, disposeCheckinBot, join, letters, member, seedPlan, startCheckinBot, textsTo, type CheckinBot } from './network-checkin-bot.ts';

let cb: CheckinBot | null = null;
afterEach(async () => {
  await disposeCheckinBot(cb);
  cb = null;
});

const answer = async (b: CheckinBot, id: string, key: string, round: string) => checkinRecords(b.services.store).answers.get(`${round}:${key}`);

describe('network check-ins: rounds', () => {
  it("sends each member of an activity's owner group one letter at 10:00 on the month's first weekday, once, even across restarts", async () => {
    cb = await startCheckinBot();
    await seedPlan(cb);
    await cb.at('2026-06-01T07:59:00Z');
    expect(letters(cb, 'ana')).toEqual([]);
    await cb.at('2026-06-01T08:00:30Z');
    // Ana is in both groups: one letter saying two wait, showing the first (training before website: by activity id).
    const ana = letters(cb, 'ana');
    expect(ana).toHaveLength(1);
    expect(ana[0]).toContain('Waiting for you: 2');
    expect(ana[0]).toContain('📋 1/2 · “Training of facilitators” — Trainers · June 2026');
    expect(cb.user('ana').buttons().map((b) => b.label)).toEqual(['📈 What progressed', '🚧 What is blocked', 'Skip this check-in']);
    expect(letters(cb, 'ion')).toEqual([expect.stringContaining('“Website” — Web team')]);
    expect(letters(cb, 'maria')).toHaveLength(1);
    expect(letters(cb, 'dan')).toEqual([]);
    const rounds = await every(checkinRecords(cb.services.store).rounds, { where: { period: '2026-06' } });
    expect(rounds.map((r) => `${r.id} ${r.asked}`).sort()).toEqual(['training@2026-06 1', 'website@2026-06 3']);

    // The same day again, a restart, the next weekday of the first week: nobody is asked twice.
    await cb.at('2026-06-01T09:00:00Z');
    cb = await cb.restart();
    await cb.at('2026-06-02T08:00:30Z');
    await cb.control('checkin.round');
    for (const id of ['ana', 'ion', 'maria']) expect(letters(cb, id)).toHaveLength(1);
    expect(await checkinRecords(cb.services.store).answers.count({ quarter: '2026-Q2' })).toBe(4);
  });

  it('answers in either order, one message each; a skipped question; a skipped check-in; the next round follows', async () => {
    cb = await startCheckinBot();
    const keys = await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    const ana = cb.user('ana');
    // The second question first.
    let said = texts(await ana.press('What is blocked'));
    expect(said).toContain('Check-in 1 of 2');
    expect(said).toContain('“Training of facilitators” (Trainers), check-in of June 2026: what is blocked?');
    said = texts(await ana.send('No room booked for the October session.'));
    expect(said).toContain('✅ Saved: what is blocked.');
    expect(said).toContain('what progressed?');
    said = texts(await ana.send('Programme drafted with the Iași team.'));
    expect(said).toContain('✅ Saved: what progressed.');
    expect(said).toContain('Thank you — your check-in on “Training of facilitators” is complete.');
    // One round after another: the next one comes only now.
    expect(said).toContain('Next check-in:\n📋 2/2 · “Website” — Web team · June 2026');
    const training = await answer(cb, 'ana', keys.ana, 'training@2026-06');
    expect(training).toMatchObject({ status: 'done', progress: 'Programme drafted with the Iași team.', blocked: 'No room booked for the October session.' });
    // The whole website check-in skipped from its card.
    said = texts(await ana.press('Skip this check-in'));
    expect(said).toContain('Check-in on “Website” skipped.');
    expect((await answer(cb, 'ana', keys.ana, 'website@2026-06'))?.status).toBe('skipped');

    // Ion: the first question, then Skip for the second (one question skipped, the answer kept).
    const ion = cb.user('ion');
    await ion.press('What progressed');
    said = texts(await ion.send('New home page online.'));
    expect(said).toContain('what is blocked?');
    said = texts(await ion.press(/^Skip$/));
    expect(said).toContain('Question skipped.');
    expect(said).toContain('your check-in on “Website” is complete');
    expect(await answer(cb, 'ion', keys.ion, 'website@2026-06')).toMatchObject({ status: 'done', progress: 'New home page online.', skipped: ['blocked'] });
    expect(texts(await ion.send('/checkin'))).toContain('No check-in is waiting for you.');

    // Maria answers from the letter's button later, after another message: buttons of a letter keep working.
    const maria = cb.user('maria');
    expect(texts(await maria.send('/checkin'))).toContain('Check-ins waiting for you: 1.');
    await maria.press('What is blocked');
    await maria.send('/cancel');
    expect((await answer(cb, 'maria', keys.maria, 'website@2026-06'))?.status).toBe('open');
  });

  it("the home screen shows the rounds waiting, and its button opens the first", async () => {
    cb = await startCheckinBot();
    await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    const view = await homeView(cb.services, cb.bot.channel.address('ana'));
    const section = view.sections.find((s) => s.text.startsWith('Check-ins waiting for you'));
    expect(section?.text).toBe('Check-ins waiting for you: 2.');
    const said = texts(await cb.user('ana').pressToken(section!.buttons![0]!.token));
    expect(said).toContain('📋 1/2 · “Training of facilitators” — Trainers · June 2026');
    expect((await homeView(cb.services, cb.bot.channel.address('dan'))).sections.some((s) => s.text.includes('Check-ins'))).toBe(false);
  });

  it('a round made while someone is answering another does not interrupt: it follows as the next check-in', async () => {
    cb = await startCheckinBot();
    await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    const ion = cb.user('ion');
    await ion.press('What progressed');
    await activity(cb, { id: 'website-2', title: 'Website, part 2', owner: 'web-team' });
    cb.clock.set('2026-06-01T08:10:00Z');
    await cb.control('checkin.round');
    await cb.at('2026-06-01T08:10:30Z');
    expect(letters(cb, 'ion')).toHaveLength(1);
    expect(letters(cb, 'maria')).toEqual([expect.any(String), expect.stringContaining('“Website, part 2”')]);
    await ion.send('Menus reworked.');
    const said = texts(await ion.press(/^Skip$/));
    expect(said).toContain('Next check-in:\n📋 2/2 · “Website, part 2” — Web team · June 2026');
  });

  it('a check-in across a restart: the question open when the bot stopped takes the next message', async () => {
    cb = await startCheckinBot();
    const keys = await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    await cb.user('maria').press('What progressed');
    cb = await cb.restart();
    const maria = cb.user('maria');
    let said = texts(await maria.send('Translations into Romanian are done.'));
    expect(said).toContain('✅ Saved: what progressed.');
    expect(said).toContain('what is blocked?');
    cb = await cb.restart();
    said = texts(await cb.user('maria').send('Waiting for the hosting contract.'));
    expect(said).toContain('complete');
    expect(await answer(cb, 'maria', keys.maria, 'website@2026-06')).toMatchObject({ status: 'done', progress: 'Translations into Romanian are done.', blocked: 'Waiting for the hosting contract.' });
    // Nothing was asked again by the restarts.
    expect(letters(cb, 'maria')).toHaveLength(1);
  });

  it('rounds made from the command line with no bot running wait, and go out once when it starts; quiet hours hold a member far west', async () => {
    const first = await startCheckinBot({ now: '2026-06-03T14:00:00Z' });
    cb = first;
    await seedPlan(cb);
    await cb.stop();
    // As `together plan checkins --send` does without a bot: a core that is not started.
    const offline = await createCore({ config: { dataDir: cb.dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() }, flows: [onboarding, checkin], channels: [], log: silentLogger(), now: () => new Date('2026-06-03T14:00:00Z'), control: false });
    const made = (await checkin.control!['checkin.round']!(offline.services, {}, () => {})) as { made: string[]; letters: number };
    expect(made.made.sort()).toEqual(['training@2026-06', 'website@2026-06']);
    expect(made.letters).toBe(3);
    await offline.stop();

    cb = await startCheckinBot({ dir: first.dir, now: '2026-06-03T14:01:00Z' });
    // The letters made offline go out once the bot runs; a member in New York joins the web team meanwhile.
    const nyc = await member(cb, 'nyc', { tz: 'America/New_York' });
    await join(cb, nyc, 'web-team');
    await cb.at('2026-06-03T14:02:00Z');
    expect(letters(cb, 'ana')).toHaveLength(1);
    expect(letters(cb, 'ion')).toHaveLength(1);
    // The website round exists: the newcomer is asked from the next round on.
    expect(letters(cb, 'nyc')).toEqual([]);

    // A new activity: a manager makes its round at night (04:00 in Brussels, 22:00 in New York).
    await activity(cb, { id: 'website-2', title: 'Website, part 2', owner: 'web-team' });
    cb.clock.set('2026-06-04T02:00:00Z');
    await cb.control('checkin.round');
    await cb.at('2026-06-04T02:00:30Z');
    // Quiet hours for both; Brussels wakes at 08:00, New York at 08:00 its time (12:00 UTC).
    expect(letters(cb, 'ion')).toHaveLength(1);
    expect(letters(cb, 'nyc')).toEqual([]);
    await cb.at('2026-06-04T06:00:30Z');
    expect(letters(cb, 'ion')).toHaveLength(2);
    expect(letters(cb, 'nyc')).toEqual([]);
    await cb.at('2026-06-04T12:00:30Z');
    expect(letters(cb, 'nyc')).toEqual([expect.stringContaining('“Website, part 2”')]);
    expect(textsTo(cb, 'ion').at(-1)).toContain('Website, part 2');
  });
});
