import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { dispose } from './helpers/harness.ts';
import { addStop, follow, pressEarlier, seedSubscribers, startCaravanBot, stopFields, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';
import type { Stop } from '../flows/caravan/types.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

async function stops(b: CaravanBot): Promise<Stop[]> {
  return (await b.control('caravan.list', { all: true })) as Stop[];
}

describe('caravan: managing stops', () => {
  it('a manager adds a stop through the chat wizard; bad input gets a clear re-ask and loses nothing', async () => {
    bot = await startCaravanBot();
    const boss = bot.user('boss');
    expect(texts(await boss.send('/caravan add'))).toContain('New stop — step 1 of 8');
    expect(texts(await boss.send('Iași'))).toContain('In which country');
    expect(texts(await boss.send('Atlantis'))).toContain('I do not know the country “Atlantis”');
    expect(texts(await boss.press('Romania'))).toContain('Where exactly');
    const long = texts(await boss.send('x'.repeat(2000)));
    expect(long).toContain('This is too long (2000 characters): at most 200');
    expect(long).toContain('Where exactly');
    await boss.send('Casa de Cultură');
    expect(boss.buttons().map((b) => b.label)).toContain('Europe/Bucharest');
    expect(texts(await boss.send('Mars/Olympus'))).toContain('“Mars/Olympus” is not a time zone I know');
    expect(texts(await boss.press('Europe/Bucharest'))).toContain('On which day');
    expect(texts(await boss.send('2026-04-12'))).toContain('is in the past');
    expect(texts(await boss.send('31/02/2026'))).toContain('is not a date I can read');
    expect(texts(await boss.send('12/05/2026'))).toContain('At what time');
    expect(texts(await boss.send('25:00'))).toContain('not a time I can read');
    expect(texts(await boss.send('18h30'))).toContain('short description');
    expect(texts(await boss.send('/skip'))).toContain('Which languages');
    await boss.press('Română');
    expect(texts(await boss.send('en, xx'))).toContain('“xx” is not a language code');
    expect(texts(await boss.send('en'))).toContain('Chosen: Romanian, English');
    const review = texts(await boss.send('/done'));
    expect(review).toContain('Here is the new stop');
    expect(review).toContain('Iași (Romania)');
    expect(review).toContain('Europe/Bucharest');
    const saved = texts(await boss.press('Save'));
    expect(saved).toContain('Saved: the stop in Iași (iasi-260512)');
    expect(saved).toContain('/caravan join iasi-260512');
    const [stop] = await stops(bot);
    expect(stop).toMatchObject({ id: 'iasi-260512', town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2026-05-12', time: '18:30', tz: 'Europe/Bucharest', languages: ['ro', 'en'], status: 'scheduled' });
    // The reminders are scheduled in the stop's zone: 11:00 the day before, 08:00 the day itself.
    const jobs = await bot.core.scheduler.list();
    expect(jobs.filter((j) => j.kind === 'caravan.remind').map((j) => j.at).sort()).toEqual(['2026-05-11T08:00:00.000Z', '2026-05-12T05:00:00.000Z']);
  });

  it('refuses manager commands to others, and logs the attempt with the pseudonym, not the platform id', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const eve = bot.user('eve-12345');
    await eve.send('/agree');
    for (const cmd of ['/caravan add', `/caravan announce ${stop.id}`, `/caravan cancel ${stop.id}`, `/caravan edit ${stop.id}`, '/caravan stats']) {
      expect(texts(await eve.send(cmd))).toContain('Only caravan managers can do this.');
    }
    const refusals = bot.logs.filter((l) => String(l.msg).includes('manager command refused'));
    expect(refusals).toHaveLength(5);
    const doc = await bot.services.store.loadUser(bot.services.store.keyOf('memory:eve-12345'));
    expect(refusals[0]?.pseudonym).toBe(doc?.pseudonym);
    expect(JSON.stringify(bot.logs)).not.toContain('eve-12345');
    expect(await stops(bot)).toHaveLength(1);
  });

  it('the command-line path refuses bad input with a clear sentence', async () => {
    bot = await startCaravanBot();
    await expect(bot.control('caravan.add', stopFields({ date: '2026-04-01' }))).rejects.toThrow('2026-04-01 18:30 (Europe/Bucharest) is in the past: a stop must be in the future.');
    await expect(bot.control('caravan.add', stopFields({ tz: 'Europe/Atlantis' }))).rejects.toThrow('“Europe/Atlantis” is not a time zone I know');
    await expect(bot.control('caravan.add', stopFields({ venue: 'v'.repeat(2000) }))).rejects.toThrow('This is too long (2000 characters): at most 200');
    await expect(bot.control('caravan.add', stopFields({ town: '' }))).rejects.toThrow('The field “town” is missing.');
    await expect(bot.control('caravan.edit', { id: 'nowhere-1', venue: 'x' })).rejects.toThrow('There is no stop “nowhere-1”');
    expect(await stops(bot)).toEqual([]);
  });

  it('editing a stop tells everyone who answered, moves the reminders, and keeps the id', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const going = bot.user('going');
    const no = bot.user('no');
    const silent = bot.user('silent');
    for (const u of [going, no, silent]) await follow(u, stop.id);
    await going.press('Going');
    await no.press('Not going');
    const boss = bot.user('boss');
    expect(texts(await boss.send(`/caravan edit ${stop.id}`))).toContain('Which field do you want to change?');
    expect(texts(await boss.press(/^Time$/))).toContain('(now: 18:30)');
    expect(texts(await boss.send('19:00'))).toContain('Here is the stop with your changes');
    const saved = texts(await boss.press('Save the changes'));
    expect(saved).toContain('Time changed for Iași. 2 people who answered are being told.');
    await bot.center().idle();
    for (const id of ['going', 'no']) expect(textsTo(bot.channel, id).at(-1)).toContain('A stop you answered has changed');
    expect(textsTo(bot.channel, 'going').at(-1)).toContain('19:00');
    expect(textsTo(bot.channel, 'silent').join('\n')).not.toContain('has changed');
    const jobs = await bot.core.scheduler.list();
    expect(jobs.find((j) => j.id === `cv-day-${stop.id}`)?.payload).toMatchObject({ stamp: '2605121600' });
    const cli = (await bot.control('caravan.edit', { id: stop.id, venue: 'Palatul Culturii' })) as { changed: string[]; notified: number };
    expect(cli).toMatchObject({ changed: ['venue'], notified: 2 });
  });

  it('cancelling asks for confirmation, tells those who answered, and the stop can then not be announced', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const fan = bot.user('fan');
    await follow(fan, stop.id);
    await fan.press('Maybe');
    const boss = bot.user('boss');
    expect(texts(await boss.send(`/caravan cancel ${stop.id}`))).toContain('Cancel the stop in Iași on Tuesday, May 12, 2026');
    expect(texts(await boss.press('Yes, cancel the stop'))).toContain('The stop in Iași is cancelled. 1 people who answered are being told.');
    await bot.center().idle();
    expect(textsTo(bot.channel, 'fan').at(-1)).toContain('The caravan stop in Iași on Tuesday, May 12, 2026 at 18:30 is cancelled');
    expect(texts(await boss.send(`/caravan announce ${stop.id}`))).toContain('The stop in Iași is cancelled: it cannot be announced.');
    await expect(bot.control('caravan.announce', { id: stop.id })).rejects.toThrow('cannot be announced');
    expect(texts(await boss.send(`/caravan cancel ${stop.id}`))).toContain('already cancelled');
    expect(texts(await pressEarlier(fan, 'Going'))).toContain('has been cancelled');
  });

  it('a manager sees live counts with /caravan stats', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const answers = { a: 'Going', b: 'Going', c: 'Maybe', d: 'Not going' } as const;
    for (const [id, label] of Object.entries(answers)) {
      const u = bot.user(id);
      await follow(u, stop.id);
      await u.press(label);
    }
    const boss = bot.user('boss');
    const one = texts(await boss.send(`/caravan stats ${stop.id}`));
    expect(one).toContain('✅ 2 going · 🤔 1 maybe · ❌ 1 not going · ☑️ 0 confirmed');
    expect(one).toContain('Not announced yet.');
    const all = texts(await boss.send('/caravan stats'));
    expect(all).toContain('Caravan — 4 subscribers');
    const list = (await bot.control('caravan.list', {})) as { counts: unknown }[];
    expect(list[0]?.counts).toEqual({ going: 2, maybe: 1, notGoing: 1, confirmed: 0 });
  });

  it('the wizard can save and announce now, or plan the announcement for a time', async () => {
    bot = await startCaravanBot({ botNames: { telegram: 'together_test_bot' } });
    await seedSubscribers(bot.services, ['sub1', 'sub2']);
    const boss = bot.user('boss');
    const fill = async (town: string, date: string) => {
      await boss.send('/caravan add');
      for (const answer of [town, 'RO', 'Piața Unirii 1', 'Europe/Bucharest', date, '18:30', 'A short stop.']) await boss.send(answer);
      await boss.send('/done');
    };
    await fill('Cluj', '2026-05-20');
    const now = texts(await boss.press('Save and announce now'));
    expect(now).toContain('https://t.me/together_test_bot?start=c_cluj-260520');
    expect(now).toContain('Announcing the stop in Cluj to 2 subscribers');
    await bot.center().idle();
    await bot.core.outbox.drain();
    expect(textsTo(bot.channel, 'sub1').filter((t) => t.includes('Cluj'))).toHaveLength(1);
    expect(textsTo(bot.channel, 'boss').at(-1)).toContain('Announcement of Cluj finished: 2 sent');

    await fill('Brașov', '2026-05-25');
    expect(texts(await boss.press('Save and announce at a time'))).toContain('When should it be announced?');
    expect(texts(await boss.send('2026-04-30 10:00'))).toContain('is in the past');
    expect(texts(await boss.send('2026-05-03 10:00'))).toContain('The stop in Brașov will be announced on Sunday, May 3, 2026 at 10:00');
    bot.clock.set('2026-05-03T07:00:30Z');
    await bot.core.scheduler.runDue();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'sub2').filter((t) => t.includes('Brașov'))).toHaveLength(1);

    const qr = await boss.send('/caravan qr ro');
    expect(qr.find((r) => r.kind === 'image')).toMatchObject({ kind: 'image', caption: 'https://t.me/together_test_bot?start=c_ro' });
    expect(texts(await boss.send('/caravan link cluj-260520'))).toContain('https://t.me/together_test_bot?start=s_cluj-260520');
  });

  it('exports stops with their counts, and counts for `together stats`', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const u = bot.user('fan');
    await follow(u, stop.id);
    await u.press('Going');
    const { caravan } = await import('../flows/caravan/index.ts');
    const rows = await caravan.exports!.caravan!(bot.services, {});
    expect(rows).toEqual([expect.objectContaining({ stop: stop.id, town: 'Iași', going: 1, maybe: 0 })]);
    expect(JSON.stringify(rows)).not.toContain('memory:');
    expect(await caravan.stats!(bot.services)).toMatchObject({ stops: 1, subscribers: 1, going: 1 });
  });
});
