import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { closesAt, isDue } from '../flows/network/checkins/due.ts';
import { checkinRecords } from '../flows/network/checkins/records.ts';
import type { Activity } from '../flows/network/types.ts';
import { networkRecords } from '../flows/network/records.ts';
import { activity, disposeCheckinBot, join, letters, member, seedPlan, startCheckinBot, textsTo, type CheckinBot } from './network-checkin-bot.ts';

let cb: CheckinBot | null = null;
afterEach(async () => {
  await disposeCheckinBot(cb);
  cb = null;
});

const answerOf = (b: CheckinBot, key: string) => checkinRecords(b.services.store).answers.get(`website@2026-06:${key}`);

describe('network check-ins: what an answer may be', () => {
  it('5,000 characters are refused with the length and the limit, nothing stored; empty and punctuation-only re-ask; emoji and right-to-left text are answers', async () => {
    cb = await startCheckinBot();
    const keys = await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    const ion = cb.user('ion');
    await ion.press('What progressed');
    let said = texts(await ion.send('é'.repeat(5000)));
    expect(said).toContain('Your answer has 5,000 characters; a check-in answer holds at most 1,000. Nothing was saved');
    expect(said).toContain('what progressed?');
    expect((await answerOf(cb, keys.ion))?.progress).toBeUndefined();
    said = texts(await ion.send('   '));
    expect(said).toContain('I received an empty message');
    said = texts(await ion.send('... !!! ---'));
    expect(said).toContain('There is no word in that answer.');
    expect((await answerOf(cb, keys.ion))?.progress).toBeUndefined();
    // 1,000 characters exactly are fine.
    said = texts(await ion.send('a'.repeat(1000)));
    expect(said).toContain('✅ Saved: what progressed.');
    said = texts(await ion.send('👍'));
    expect(said).toContain('complete');
    expect(await answerOf(cb, keys.ion)).toMatchObject({ progress: 'a'.repeat(1000), blocked: '👍', status: 'done' });

    const maria = cb.user('maria');
    await maria.press('What is blocked');
    await maria.send('التمويل لم يصل بعد');
    expect((await answerOf(cb, keys.maria))?.blocked).toBe('التمويل لم يصل بعد');
  });

  it('the refusal is in the member\'s language', async () => {
    cb = await startCheckinBot();
    await seedPlan(cb);
    const key = await member(cb, 'lea', { lang: 'fr' });
    await join(cb, key, 'web-team');
    await cb.at('2026-06-01T08:00:30Z');
    expect(textsTo(cb, 'lea')).toEqual([expect.stringContaining("📋 Point d'étape — juin 2026. En attente pour vous : 1.")]);
    const lea = cb.user('lea');
    const said = texts(await lea.press('Ce qui a avancé'));
    expect(said).toContain('« Site web » (Équipe web), point d\'étape de juin 2026 : qu\'est-ce qui a avancé ?');
    expect(texts(await lea.send('x'.repeat(5000)))).toContain('Votre réponse compte 5\u202f000 caractères ; une réponse de point d\'étape en contient 1\u202f000 au plus.');
  });

  it('a round closes when the next one would be due: a late answer gets a clear answer', async () => {
    cb = await startCheckinBot();
    await seedPlan(cb);
    await cb.at('2026-06-01T08:00:30Z');
    cb.clock.set('2026-07-01T09:00:00Z');
    const said = texts(await cb.user('ion').press('What progressed'));
    expect(said).toContain('The check-in of June 2026 on “Website” is closed');
    expect(texts(await cb.user('ion').send('/checkin'))).toContain('No check-in is waiting for you.');
  });

  it('a member who stopped /plan, never consented or left the group is not asked; check-ins off network-wide except where an activity sets its own', async () => {
    cb = await startCheckinBot();
    const keys = await seedPlan(cb);
    await member(cb, 'ion', { name: 'Ion Rusu', off: true });
    const added = await member(cb, 'added', { consent: false });
    await join(cb, added, 'web-team');
    await cb.control('checkin.settings', { every: 0 });
    await activity(cb, { id: 'website', title: 'Website', owner: 'web-team', checkinMonths: 1 });
    await cb.at('2026-06-01T08:00:30Z');
    expect(letters(cb, 'ion')).toEqual([]);
    expect(textsTo(cb, 'added')).toEqual([]);
    expect(letters(cb, 'maria')).toHaveLength(1);
    expect((await checkinRecords(cb.services.store).rounds.get('website@2026-06'))?.asked).toBe(2);
    // The training (no checkinMonths of its own) follows the network-wide 0: no round.
    expect(await checkinRecords(cb.services.store).rounds.get('training@2026-06')).toBeUndefined();
    expect(await checkinRecords(cb.services.store).answers.get(`website@2026-06:${keys.ion}`)).toBeUndefined();
    // Maria leaves the web team before answering: the round is no longer hers.
    await networkRecords(cb.services.store).memberships.delete(`web-team:${keys.maria}`);
    expect(texts(await cb.user('maria').press('What progressed'))).toContain('This check-in is not (or no longer) asked of you.');
    expect(texts(await cb.user('maria').send('/checkin'))).toContain('No check-in is waiting for you.');
  });
});

describe('network check-ins: which month an activity is due', () => {
  const a = (fields: Partial<Activity> = {}): Activity => ({ id: 'x', axis: 'basic', title: 'X', owner: 'g', status: 'ongoing', ...fields });

  it('every month by default, from the month it starts; every checkinMonths months; 0 is off', () => {
    expect(isDue(a(), '2026-06', undefined)).toBe(true);
    expect(isDue(a({ from: '2026-07-15' }), '2026-06', undefined)).toBe(false);
    expect(isDue(a({ from: '2026-07-15' }), '2026-07', undefined)).toBe(true);
    const quarterly = a({ quarter: 'Q2', checkinMonths: 3 });
    expect(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07'].map((p) => isDue(quarterly, p, undefined))).toEqual([false, true, false, false, true]);
    expect(isDue(a({ checkinMonths: 2 }), '2026-03', undefined)).toBe(true);
    expect(isDue(a({ checkinMonths: 2 }), '2026-04', undefined)).toBe(false);
    expect(isDue(a({ checkinMonths: 0 }), '2026-06', 1)).toBe(false);
    expect(isDue(a(), '2026-06', 0)).toBe(false);
    expect(isDue(a(), '2026-04', 3)).toBe(true);
    expect(isDue(a(), '2026-05', 3)).toBe(false);
  });

  it('only planned or ongoing activities with an owner group', () => {
    expect(isDue(a({ status: 'done' }), '2026-06', undefined)).toBe(false);
    expect(isDue(a({ status: 'dropped' }), '2026-06', undefined)).toBe(false);
    expect(isDue(a({ status: 'planned' }), '2026-06', undefined)).toBe(true);
    expect(isDue(a({ owner: undefined }), '2026-06', undefined)).toBe(false);
  });

  it('a round takes answers until the start of the month its next round would be in, in the bot zone', () => {
    expect(closesAt('2026-06', 1, 'Europe/Brussels')).toBe('2026-06-30T22:00:00.000Z');
    expect(closesAt('2026-11', 3, 'Europe/Brussels')).toBe('2027-01-31T23:00:00.000Z');
  });
});
