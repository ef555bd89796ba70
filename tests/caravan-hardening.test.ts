/**
 * Issue #8, caravan side: private chats only, atomic confirmations, cleaned and validated
 * manager input, nothing left behind by /forget, and the rough edges of stop lists and posters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import { Turn } from '../src/engine/turn.ts';
import { caravan } from '../flows/caravan/index.ts';
import { groupsDoc } from '../flows/spiral/groups.ts';
import type { Group } from '../flows/spiral/types.ts';
import type { Stop } from '../flows/caravan/types.ts';
import { collectionsOf } from '../flows/caravan/records.ts';
import { dispose } from './helpers/harness.ts';
import { FakeUser, texts } from './helpers/memory-channel.ts';
import { addStop, caravanOfUser, follow, seedSubscribers, startCaravanBot, stopFields, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error) => e.message);

/** Every regular file under the data folder, as text (names included). */
function allData(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = statSync(path);
      out.push(name);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out.join('\n');
}

describe('caravan: personal things stay in private chats (#8.1)', () => {
  it('the bot removed from a group neither unsubscribes the person nor marks them unreachable', async () => {
    bot = await startCaravanBot();
    const ana = bot.user('ana');
    await follow(ana);
    await ana.inGroup('group-7').membership('left');
    expect((await caravanOfUser(bot, 'memory', 'ana'))?.sub?.regions).toEqual(['ro']);
    const doc = await bot.services.store.loadUser(bot.services.store.keyOf('memory:ana'));
    expect(doc?.unreachable).toBeFalsy();

    // The flow's own hook, whatever the engine does: a group's event changes nothing.
    const turn = new Turn(bot.services, { kind: 'left', address: { channel: 'memory', chatId: 'group-7', userId: 'ana' }, groupChat: true }, doc!, 'en');
    await caravan.onMembership!(turn, 'left');
    expect((turn.user.flows.caravan as { sub?: unknown }).sub).toBeTruthy();
    // Blocked in the private chat: that one counts.
    await ana.membership('left');
    expect((await caravanOfUser(bot, 'memory', 'ana'))?.sub).toBeUndefined();
  });

  it('/caravan join in a group stores nothing and the group gets only a pointer; the report of an announcement goes to the private chat', async () => {
    bot = await startCaravanBot({ managers: ['memory:boss'] });
    bot.channel.linkBase = 'https://chat.example/together_bot';
    const stop = await addStop(bot);
    const ana = bot.user('ana');
    const inGroup = texts(await ana.inGroup('group-7').send('/caravan join ro'));
    expect(inGroup).toContain('https://chat.example/together_bot?start=c_ro');
    expect(inGroup).not.toContain('Romania');
    expect(await caravanOfUser(bot, 'memory', 'ana')).toBeUndefined();

    await seedSubscribers(bot.services, ['s1', 's2']);
    const boss = bot.user('boss');
    await boss.send('/caravan');
    await boss.send(`/caravan announce ${stop.id}`);
    await bot.center().idle();
    expect(textsTo(bot.channel, 'boss').join('\n')).toContain('Announcement of Iași finished: 2 sent');
    expect(bot.channel.sent.filter((s) => s.chatId === 'group-7').map((s) => (s.reply.kind === 'text' ? s.reply.text : '')).join('\n')).not.toContain('Iași');
    // The broadcast names the manager by their file key, never by a platform id.
    const meta = await bot.center().get(`cv-ann-${stop.id}`);
    expect(meta?.payload.reportTo).toBe(bot.services.store.keyOf('memory:boss'));
    expect(JSON.stringify(meta)).not.toContain('memory:boss');
  });
});

describe('caravan: confirmations are checked and used in one step (#8.2)', () => {
  it('twenty simultaneous presses of the same "Yes" subscribe once; the others are told they already follow', async () => {
    bot = await startCaravanBot();
    const ana = bot.user('ana');
    await ana.send('/caravan join ro');
    const yes = ana.findButton('Yes')!;
    await Promise.all(Array.from({ length: 20 }, () => ana.pressToken(yes.token)));
    // Counted on what the chat received (each press's own replies overlap when they run together).
    const received = textsTo(bot.channel, 'ana');
    expect(received.filter((r) => r.includes('Done: you follow Romania'))).toHaveLength(1);
    expect(received.filter((r) => r.includes('You already follow Romania'))).toHaveLength(19);
    expect((await caravanOfUser(bot, 'memory', 'ana'))?.sub).toMatchObject({ all: false, regions: ['ro'] });
  });

  it('five managers confirming the cancellation of one stop at once: exactly one cancels it, and each person who answered is told once', async () => {
    const managers = ['m1', 'm2', 'm3', 'm4', 'm5'];
    bot = await startCaravanBot({ managers: managers.map((m) => `memory:${m}`) });
    const stop = await addStop(bot);
    const ana = bot.user('ana');
    await follow(ana);
    await ana.send(`/caravan join ${stop.id}`);
    await ana.press('Going');
    const users = managers.map((m) => bot!.user(m));
    for (const u of users) await u.send(`/caravan cancel ${stop.id}`);
    await Promise.all(users.map((u) => u.press('Yes, cancel the stop')));
    const replies = managers.map((m) => textsTo(bot!.channel, m).at(-1) ?? '');
    expect(replies.filter((r) => r.includes('The stop in Iași is cancelled.'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('already cancelled'))).toHaveLength(4);
    await bot.center().idle();
    expect((await collectionsOf(bot.services.store).stops.get(stop.id))?.version).toBe(2);
    expect(textsTo(bot.channel, 'ana').filter((t) => t.includes('is cancelled. We are sorry'))).toHaveLength(1);
  });

  it('the same stop added ten times at once is added once; --force adds a second one on purpose', async () => {
    bot = await startCaravanBot();
    const results = await Promise.all(Array.from({ length: 10 }, () => refusal(bot!.control('caravan.add', stopFields()))));
    expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r.includes('This stop is already scheduled: Iași, 2026-05-12'))).toHaveLength(9);
    // Case, accents and spacing aside it is the same stop.
    expect(await refusal(bot.control('caravan.add', stopFields({ town: 'IASI', venue: 'casa de cultura,  str. Lapusneanu 14' })))).toContain('already scheduled');
    const second = (await bot.control('caravan.add', { ...stopFields(), force: true })) as Stop;
    expect(second.id).toBe('iasi-260512-2');
    // Another venue the same day is another stop.
    expect(await refusal(bot.control('caravan.add', stopFields({ venue: 'Palatul Culturii' })))).toBe('accepted');
  });

  it('the wizard refuses the same stop twice and offers to save it anyway', async () => {
    bot = await startCaravanBot();
    await addStop(bot);
    const boss = bot.user('boss');
    await boss.send('/caravan add');
    for (const answer of ['Iași', 'RO', 'Casa de Cultură, Str. Lăpușneanu 14', 'Europe/Bucharest', '2026-05-12', '18:30', '/skip']) await boss.send(answer);
    await boss.send('/done');
    expect(texts(await boss.press('Save'))).toContain('This stop is already scheduled');
    expect(texts(await boss.press('Save anyway'))).toContain('Saved: the stop in Iași (iasi-260512-2)');
  });
});

describe('caravan: what a manager types is cleaned and checked (#8.6, #8.19)', () => {
  it('towns and venues lose escapes and invisible characters; a name of nothing visible is refused', async () => {
    bot = await startCaravanBot();
    const stop = (await bot.control('caravan.add', stopFields({ town: '\u001b[31mIa\u200bși\u0007', venue: 'Casa\u202e de Cultură', description: 'Line one\u001b[2J\nLine two' }))) as Stop;
    expect(stop.town).toBe('Iași');
    expect(stop.venue).toBe('Casa de Cultură');
    expect(stop.description).toBe('Line one\nLine two');
    expect(await refusal(bot.control('caravan.add', stopFields({ town: '\u200b\u200b\u2060' })))).toContain('The field “town” is missing');
    expect(await refusal(bot.control('caravan.edit', { id: stop.id, venue: '\u200b \u200b' }))).toContain('Please write something');

    const boss = bot.user('boss');
    await boss.send('/caravan add');
    expect(texts(await boss.send('\u200b\u200d\u200b'))).toMatch(/Please write/);
    expect(texts(await boss.send('Iași'))).toContain('In which country?');
  });

  it('countries come from the ISO list: ZZ is refused, names in every shipped language are accepted and shown as the code', async () => {
    bot = await startCaravanBot();
    for (const country of ['ZZ', 'EU', 'Atlantis', 'XX']) expect(await refusal(bot.control('caravan.add', stopFields({ country })))).toContain('I do not know the country');
    const named = [['Roumanie', 'RO'], ['rumania', 'RO'], ['Tunisia', 'TN'], ['Belgique', 'BE'], ['ma', 'MA'], ['Marocco', 'MA']] as const;
    for (const [i, [country, code]] of named.entries()) {
      const stop = (await bot.control('caravan.add', stopFields({ country, venue: `Hall ${i}` }))) as Stop;
      expect(stop.country, country).toBe(code);
    }
  });

  it('time zones are written the IANA way whatever the case; unknown zones are refused', async () => {
    bot = await startCaravanBot();
    const stop = (await bot.control('caravan.add', stopFields({ tz: 'europe/bucharest' }))) as Stop;
    expect(stop.tz).toBe('Europe/Bucharest');
    expect(((await bot.control('caravan.edit', { id: stop.id, tz: 'EUROPE/BUCHAREST' })) as { changed: string[] }).changed).toEqual([]);
    for (const tz of ['Europe/Nowhere', 'bucharest', '../etc/passwd']) expect(await refusal(bot.control('caravan.edit', { id: stop.id, tz }))).toContain('is not a time zone I know');
  });

  it('a SPIRAL group must exist (its code is normalised); a bad group code is explained', async () => {
    bot = await startCaravanBot();
    const doc = await groupsDoc(bot.services);
    await doc.update((d) => void (d.groups.K7M2QX = { code: 'K7M2QX', kind: 'group', name: 'Young people of Iași' } as Group));
    expect(await refusal(bot.control('caravan.add', stopFields({ spiralGroup: 'B2B2B2' })))).toContain('No SPIRAL group has the code B2B2B2');
    expect(await refusal(bot.control('caravan.add', stopFields({ spiralGroup: 'not a code!' })))).toContain('is not a SPIRAL group code');
    const stop = (await bot.control('caravan.add', stopFields({ spiralGroup: 'k7m 2qx' }))) as Stop;
    expect(stop.spiralGroup).toBe('K7M2QX');
    expect(await refusal(bot.control('caravan.edit', { id: stop.id, spiralGroup: 'ZZZZZZ' }))).toContain('No SPIRAL group has the code ZZZZZZ');
  });

  it('--bot must be a Telegram bot name', async () => {
    bot = await startCaravanBot();
    for (const name of ['bad name!', 'ab', 'together', 'https://t.me/x_bot', '1together_bot']) {
      expect(await refusal(bot.control('caravan.link', { target: 'ro', bot: name })), name).toContain('is not a Telegram bot name');
    }
    const ok = (await bot.control('caravan.link', { target: 'ro', bot: '@Together_Test_Bot' })) as { telegram: string };
    expect(ok.telegram).toBe('https://t.me/Together_Test_Bot?start=c_ro');
  });
});

describe('caravan: /forget leaves nothing; /mydata shows what shared files hold (#8.7)', () => {
  it('a manager who followed, answered, planned and announced is found nowhere in the data folder after /forget', async () => {
    bot = await startCaravanBot({ managers: ['memory:mgr7431'] });
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['s1']);
    const zelda = new FakeUser(bot.channel, 'mgr7431', 'en', undefined, 'Zelda Quux');
    await follow(zelda);
    await zelda.send(`/caravan join ${stop.id}`);
    await zelda.press('Going');
    await zelda.send(`/caravan announce ${stop.id} 2026-05-05 10:00`);
    await zelda.send(`/caravan announce ${stop.id}`);
    await bot.center().idle();
    expect(textsTo(bot.channel, 'mgr7431').join('\n')).toContain('Announcement of Iași finished');

    const { store } = bot.services;
    const key = store.keyOf('memory:mgr7431');
    const doc = (await store.loadUser(key))!;
    expect(doc.contact.name).toBe('Zelda Quux');
    const before = allData(bot.dir);
    expect(before).toContain(key);

    const mydata = await zelda.send('/mydata');
    const file = mydata.find((r) => r.kind === 'file');
    const json = JSON.parse(Buffer.from(file!.kind === 'file' ? file!.content : new Uint8Array()).toString('utf8')) as { elsewhere: { caravan: Record<string, unknown[]> } };
    expect(json.elsewhere.caravan.messages).toEqual([expect.objectContaining({ broadcast: `cv-ann-${stop.id}`, status: 'sent' })]);
    expect(json.elsewhere.caravan.reports).toEqual([expect.objectContaining({ broadcast: `cv-ann-${stop.id}`, fields: ['reportTo'] })]);
    expect(json.elsewhere.caravan.planned).toEqual([expect.objectContaining({ stop: stop.id })]);
    expect(texts(mydata)).toContain('announcements whose report is sent to you: 2');

    // Data written before this fix named the manager by platform id: a plan's job and a broadcast.
    await bot.services.schedule({ id: 'cv-annat-legacy', kind: 'caravan.announce', at: '2026-05-06T08:00:00.000Z', payload: { stopId: stop.id, reportTo: 'memory:mgr7431' } });
    await bot.center().create({ id: 'cv-ann-legacy', kind: 'caravan.announce', payload: { stopId: stop.id, reportTo: 'memory:mgr7431' }, recipients: [] });

    await zelda.send('/forget');
    expect(texts(await zelda.press('Yes, erase'))).toContain('erased');
    await bot.center().idle();
    await bot.stop();
    const after = allData(bot.dir);
    for (const trace of [key, doc.pseudonym, 'mgr7431', 'Zelda Quux']) expect(after, trace).not.toContain(trace);
    // The others are still there, and so are the planned announcements (with nobody to report to).
    expect(after).toContain(store.keyOf('memory:s1'));
    expect(after).toContain('cv-annat-legacy');
    expect(after).toContain(`cv-annat-${stop.id}`);
  });
});

describe('caravan: stop lists and posters (#8.21)', () => {
  it('lists show the year, and two stops of one town on one day get different buttons', async () => {
    bot = await startCaravanBot();
    await addStop(bot);
    await addStop(bot, { time: '10:00', venue: 'Palatul Culturii' });
    await addStop(bot, { time: '10:00', venue: 'Universitatea' });
    await addStop(bot, { town: 'Tunis', country: 'TN', tz: 'Africa/Tunis', date: '2027-01-15', time: '10:00' });
    const u = bot.user('lister');
    const list = texts(await u.send('/caravan list'));
    expect(list).toContain('2026');
    expect(list).toContain('2027');
    const labels = u.buttons().map((b) => b.label);
    expect(labels).toHaveLength(4);
    expect(new Set(labels).size).toBe(4);
    expect(labels).toContain('Tunis · Jan 15, 2027');
    expect(labels).toContain('Iași · May 12, 2026 18:30');
    expect(labels.filter((l) => l.startsWith('Iași · May 12, 2026 10:00 · '))).toHaveLength(2);
  });

  it('the poster QR code has the standard quiet zone of 4 modules', async () => {
    bot = await startCaravanBot({ botNames: { telegram: 'together_test_bot' } });
    const stop = await addStop(bot);
    const image = (await bot.user('boss').send(`/caravan qr ${stop.id}`)).find((r) => r.kind === 'image');
    expect(image?.kind).toBe('image');
    const require = createRequire(import.meta.url);
    const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; data: Buffer } } } };
    const png = PNG.sync.read(Buffer.from(image!.kind === 'image' ? image!.png : new Uint8Array()));
    const modules = QRCode.create(`https://t.me/together_test_bot?start=c_${stop.id}`, { errorCorrectionLevel: 'M' }).modules.size;
    const moduleWidth = png.width / (modules + 8);
    // The first dark pixel of the row through the top-left finder pattern starts the code.
    // (Row 3.5 of the code: inside that pattern with a quiet zone of 4 modules, and of 2 as well.)
    const y = Math.floor((4 + 3.5) * moduleWidth);
    let x = 0;
    while (x < png.width && png.data[(y * png.width + x) * 4]! > 128) x++;
    expect(Math.round(x / moduleWidth)).toBe(4);
  });
});
