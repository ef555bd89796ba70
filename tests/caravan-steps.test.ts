/**
 * Core v2 (#9.1, #9.2) for the caravan: the flow is a defineFlow with typed state. Its buttons
 * are namespaced by the engine (bare `#cv…` buttons already in people's chats still work), a
 * stop wizard saved by the older engine (its `vars`) resumes with its draft, and a refusal
 * (UserError) in an action is the engine's localized answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { dispose } from './helpers/harness.ts';
import { addStop, caravanOfUser, follow, startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('caravan buttons are namespaced by the flow (#9.2)', () => {
  it('a stop\'s buttons carry #caravan.…; a bare #cv… button sent before the upgrade still answers', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const ana = bot.user('ana');
    await follow(ana);
    await ana.send('/caravan list');
    await ana.press('Iași');
    const going = ana.findButton('Going')!;
    expect(going.token.startsWith(`#caravan.cvrsvp:${stop.id}:g|`)).toBe(true);
    expect(ana.buttons().every((b) => b.token.startsWith('#caravan.'))).toBe(true);
    // The same button as the older engine wrote it: no flow in front of the action name.
    const bare = ana.findButton('Maybe')!.token.replace('#caravan.cvrsvp:', '#cvrsvp:');
    expect(texts(await ana.pressToken(bare))).toContain('Iași');
    expect((await caravanOfUser(bot, 'memory', 'ana'))?.rsvp[stop.id]).toMatchObject({ answer: 'maybe' });
  });

  it('an action refusing with a UserError gets the localized answer from the engine', async () => {
    bot = await startCaravanBot();
    await addStop(bot);
    const ana = bot.user('ana');
    await ana.send('/caravan list');
    const token = ana.findButton('Iași')!.token.replace(/^#caravan\.cvshow:[^|]+/, '#caravan.cvshow:nowhere-1');
    expect(texts(await ana.pressToken(token))).toContain('nowhere-1');
  });
});

describe('the stop wizard on typed state (#9.1)', () => {
  it('a wizard saved by the older engine (vars, no state) resumes at its step with its draft', async () => {
    bot = await startCaravanBot();
    const boss = bot.user('boss');
    await boss.send('/agree');
    const { store } = bot.services;
    const doc = (await store.loadUser(store.keyOf('memory:boss')))!;
    doc.session = {
      flow: 'caravan', version: 1, step: 'venue', stepIndex: 2, history: ['town', 'country'],
      vars: { mode: 'add', draft: { town: 'Iași', country: 'RO', bogus: 42 }, returnTo: 'nowhere' }, startedAt: '2026-05-01T08:00:00.000Z',
    };
    await store.saveUser(doc);
    expect(texts(await boss.send('Casa de Cultură'))).toContain('time zone');
    await boss.press('Europe/Bucharest');
    await boss.send('12/05/2026');
    await boss.send('18:30');
    await boss.send('/skip');
    await boss.press('Română');
    const review = texts(await boss.send('/done'));
    expect(review).toContain('Iași (Romania)');
    expect(review).toContain('Casa de Cultură');
    expect(texts(await boss.press('Save'))).toContain('Saved: the stop in Iași (iasi-260512)');
  });

  it('/caravan edit opens at "which field?"; a changed field goes back to the review; an unknown stop is refused by the engine', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const boss = bot.user('boss');
    expect(texts(await boss.send('/caravan edit nowhere-1'))).toContain('nowhere-1');
    await boss.send(`/caravan edit ${stop.id}`);
    expect(boss.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['Town', 'Venue', 'Languages']));
    await boss.press('Venue');
    expect(texts(await boss.send('Teatrul Național'))).toContain('Teatrul Național');
    expect(texts(await boss.press('Save'))).toMatch(/Venue/i);
    expect(((await bot.control('caravan.list', { all: true })) as { venue: string }[])[0]?.venue).toBe('Teatrul Național');
  });
});
