import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { dispose } from './helpers/harness.ts';
import { addStop, caravanOfUser, follow, startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('caravan: following the caravan', () => {
  it('/caravan shows the menu; following a region needs the confirmation button (double opt-in)', async () => {
    bot = await startCaravanBot();
    await addStop(bot);
    const ana = bot.user('ana');
    const menu = texts(await ana.send('/caravan'));
    expect(menu).toContain('Caravan of co-responsibility');
    expect(menu).toContain('Upcoming stops: 1');
    expect(menu).not.toContain('Manager:');
    await ana.press('Choose a region');
    expect(ana.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['all stops', 'Europe', 'Romania']));
    const ask = texts(await ana.press('Romania'));
    expect(ask).toContain('Do you want to receive a message for each caravan stop in Romania');
    // Nothing is stored before the confirmation.
    expect(await caravanOfUser(bot, 'memory', 'ana')).toBeUndefined();
    const done = texts(await ana.press('Yes'));
    expect(done).toContain('you follow Romania');
    expect(done).toContain('Iași');
    const data = await caravanOfUser(bot, 'memory', 'ana');
    expect(data?.sub).toMatchObject({ all: false, regions: ['ro'] });
  });

  it('"No, thanks" stores nothing', async () => {
    bot = await startCaravanBot();
    const u = bot.user('nope');
    await u.send('/caravan join europe');
    expect(texts(await u.press('No, thanks'))).toContain('nothing was stored');
    expect(await caravanOfUser(bot, 'memory', 'nope')).toBeUndefined();
  });

  it('a deep link to a stop leads to its confirmation, then shows the stop with answer buttons', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const u = bot.user('linked', 'fr-BE');
    const ask = texts(await u.send(`/start c_${stop.id}`));
    expect(ask).toContain('Voulez-vous recevoir un message');
    expect(ask).toContain('Roumanie');
    const shown = texts(await u.press('Oui'));
    expect(shown).toContain('vous suivez Roumanie');
    expect(shown).toContain('Casa de Cultură');
    expect(u.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(["✅ J'y vais", '🤔 Peut-être', "❌ Je n'y vais pas", '📆 Ajouter au calendrier']));
    const doc = await bot.services.store.loadUser(bot.services.store.keyOf('memory:linked'));
    expect(doc?.lang).toBe('fr');
  });

  it('a region link and `/caravan join` work in one step; an unknown target is explained', async () => {
    bot = await startCaravanBot();
    const u = bot.user('reg');
    expect(texts(await u.send('/start c_all'))).toContain('all stops');
    await u.press('Yes');
    expect((await caravanOfUser(bot, 'memory', 'reg'))?.sub?.all).toBe(true);
    expect(texts(await u.send('/caravan join Atlantis'))).toContain('I know no stop or region called “Atlantis”');
    const v = bot.user('v');
    expect(texts(await v.send('/caravan join Roumanie'))).toContain('in Romania');
    await v.press('Yes');
    expect(texts(await v.send('/caravan join ro'))).toContain('You already follow Romania');
  });

  it('lists upcoming stops and opens one; past and cancelled stops are not listed', async () => {
    bot = await startCaravanBot();
    await addStop(bot);
    const tunis = await addStop(bot, { town: 'Tunis', country: 'TN', tz: 'Africa/Tunis', date: '2026-06-02', time: '10:00' });
    await bot.control('caravan.cancel', { id: tunis.id });
    const u = bot.user('lister');
    const list = texts(await u.send('/caravan list'));
    expect(list).toContain('Iași');
    expect(list).not.toContain('Tunis');
    const card = texts(await u.press('Iași'));
    expect(card).toContain('Tuesday, May 12, 2026');
    expect(card).toContain('18:30');
    expect(card).toContain('Romanian, English');
    bot.clock.set('2026-05-13T08:00:00Z');
    expect(texts(await u.send('/caravan list'))).toContain('No stop is planned');
  });

  it('"Stop these messages" unsubscribes; "Snooze 1 week" pauses announcements', async () => {
    bot = await startCaravanBot();
    const u = bot.user('quiet');
    await follow(u);
    await u.send('/caravan');
    expect(texts(await u.press('Stop these messages'))).toContain('no more caravan messages');
    const data = await caravanOfUser(bot, 'memory', 'quiet');
    expect(data?.sub).toBeUndefined();
    expect(data?.unsubscribedAt).toBeTruthy();
    expect(texts(await u.press('Stop these messages'))).toContain('You do not follow the caravan');
  });

  it('/mydata shows the subscription and the answers; /forget erases them', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const u = bot.user('mine');
    await u.send('/agree');
    await follow(u, stop.id);
    await u.press('Going');
    const mine = texts(await u.send('/mydata'));
    expect(mine).toContain('Caravan: you follow Romania.');
    expect(mine).toContain('Caravan, Iași 2026-05-12: ✅ Going');
    await u.send('/forget');
    await u.press(/Yes/);
    expect(await caravanOfUser(bot, 'memory', 'mine')).toBeUndefined();
  });

  it('the s_ link opens the SPIRAL questionnaire tagged with the stop', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const u = bot.user('spiraller');
    expect(texts(await u.send(`/start s_${stop.id}`))).toContain('I need your consent');
    expect((await caravanOfUser(bot, 'memory', 'spiraller'))?.spiralStop).toBeUndefined();
    const r = texts(await u.press('I agree'));
    expect(r).toContain('SPIRAL');
    expect((await caravanOfUser(bot, 'memory', 'spiraller'))?.spiralStop).toBe(stop.id);
    // Answering on one's own: the participation, and so the export, carry the stop.
    await u.press(/own/i);
    await u.send('Iași');
    const doc = await bot.services.store.loadUser(bot.services.store.keyOf('memory:spiraller'));
    const groups = (doc?.flows.spiral as { groups: Record<string, { origin?: string }> }).groups;
    expect(Object.values(groups)[0]?.origin).toBe(`caravan-stop:${stop.id}`);
    expect(doc?.origin).toBeUndefined();
  });
});
