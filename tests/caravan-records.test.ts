/**
 * Core v2 (#9.4) for the caravan: stops, subscriptions, answers, plans and broadcasts are records
 * read through indexes; older data (shared documents, subscriptions kept only in the people's
 * files) is moved in once at the first start; an empty CSV export keeps its header.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { exportData } from '../src/cli/export.ts';
import { allFlows } from '../flows/index.ts';
import { subscribersOf } from '../flows/caravan/audience.ts';
import { collectionsOf } from '../flows/caravan/records.ts';
import { dispose, tempDir } from './helpers/harness.ts';
import { addStop, seedSubscribers, startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const legacyStop = {
  id: 'iasi-260512', town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2026-05-12', time: '18:30', tz: 'Europe/Bucharest',
  description: '', languages: ['ro'], status: 'scheduled', createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', version: 1,
};

function person(store: Store, id: string, caravan: unknown): UserDoc {
  return {
    schema: 1, key: store.keyOf(`memory:${id}`), pseudonym: `p-${id}`, contact: { channel: 'memory', userId: id, chatId: id },
    lang: 'en', createdAt: '2026-04-01T00:00:00.000Z', seq: 0, seen: [], flows: { caravan },
  };
}

/** A data folder as the version before records left it: shared documents and people's files only. */
async function legacyFolder(): Promise<{ dir: string; keys: Record<string, string> }> {
  const dir = tempDir('together-caravan-legacy-');
  const store = await LowdbStore.open(dir);
  const keys: Record<string, string> = {};
  const docs = [
    person(store, 'ana', { sub: { all: false, regions: ['ro'], since: '2026-04-01' }, rsvp: { 'iasi-260512': { answer: 'going', at: '2026-04-02' } } }),
    person(store, 'ben', { sub: { all: false, regions: ['europe'], since: '2026-04-01' }, rsvp: {} }),
    person(store, 'cy', { sub: { all: false, regions: ['fr'], since: '2026-04-01' }, rsvp: {} }),
    person(store, 'mgr', { rsvp: {} }),
  ];
  for (const d of docs) {
    await store.saveUser(d);
    keys[d.contact.userId] = d.key;
  }
  await store.close();
  mkdirSync(join(dir, 'shared'), { recursive: true });
  const write = (name: string, data: unknown) => writeFileSync(join(dir, 'shared', `${name}.json`), JSON.stringify(data), { mode: 0o600 });
  write('caravan-stops', { stops: { [legacyStop.id]: legacyStop } });
  write('caravan-plans', { plans: { [legacyStop.id]: { at: '2026-05-05T08:00:00.000Z', by: keys.mgr } } });
  write('broadcasts', { items: { 'cv-ann-old': { id: 'cv-ann-old', kind: 'caravan.announce', payload: { stopId: legacyStop.id, reportTo: keys.mgr }, status: 'done', createdAt: '2026-04-03T00:00:00.000Z', chunks: 1 } } });
  write('bc-cv-ann-old-0', { e: { [keys.ana!]: { c: 'memory', s: 'sent', at: '2026-04-03T00:00:01.000Z' } } });
  return { dir, keys };
}

describe('caravan records: older data is moved in once (#9.4)', () => {
  it('stops, plans, broadcasts and the subscriptions and answers in people\'s files become records; the shared documents are emptied', async () => {
    const { dir, keys } = await legacyFolder();
    bot = await startCaravanBot({ dir });
    const { store } = bot.services;
    const records = collectionsOf(store);
    const found = (await bot.control('caravan.list', {})) as { id: string; counts: { going: number } }[];
    expect(found).toEqual([expect.objectContaining({ id: legacyStop.id, counts: expect.objectContaining({ going: 1 }) })]);
    expect((await subscribersOf(store, { country: 'RO' })).map((r) => r.key).sort()).toEqual([keys.ana, keys.ben].sort());
    expect(await records.plans.get(legacyStop.id)).toMatchObject({ by: keys.mgr });
    expect(await bot.center().entriesOf(keys.ana!)).toEqual([expect.objectContaining({ broadcast: 'cv-ann-old', status: 'sent' })]);
    expect(await bot.center().referencing([keys.mgr!])).toEqual([expect.objectContaining({ broadcast: 'cv-ann-old' })]);
    expect((await store.shared<{ stops: object }>('caravan-stops', () => ({ stops: {} }))).data.stops).toEqual({});
    expect((await store.shared<{ items: object }>('broadcasts', () => ({ items: {} }))).data.items).toEqual({});
    expect((await store.shared<{ e: object }>('bc-cv-ann-old-0', () => ({ e: {} }))).data.e).toEqual({});
    // The old stop still refuses its twin: the move claimed its town, date and venue.
    await expect(bot.control('caravan.add', { town: 'Iasi', country: 'RO', venue: 'casa de cultura', date: '2026-05-12', time: '18:30', tz: 'Europe/Bucharest' })).rejects.toThrow(/already scheduled/);
  });

  it('the people\'s files are read once: a later start does not scan them again', async () => {
    const { dir } = await legacyFolder();
    bot = await startCaravanBot({ dir });
    await bot.control('caravan.list', {});
    const { store } = bot.services;
    // A subscription written straight into a file after the move is not picked up by a scan.
    const late = person(store, 'late', { sub: { all: true, regions: [], since: '2026-04-01' }, rsvp: {} });
    await store.saveUser(late);
    bot = await bot.restart();
    expect((await subscribersOf(bot.services.store, { country: 'RO' })).map((r) => r.key)).not.toContain(late.key);
  });
});

describe('caravan records: finding people goes through the indexes (#9.4)', () => {
  it('the subscribers of a region are found without reading any person file', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['r1', 'r2'], { regions: ['ro'] });
    await seedSubscribers(bot.services, ['e1'], { regions: ['europe'] });
    await seedSubscribers(bot.services, ['f1'], { regions: ['fr'] });
    const { store } = bot.services;
    const eachUser = store.eachUser.bind(store);
    let scans = 0;
    store.eachUser = (onCorrupt) => {
      scans++;
      return eachUser(onCorrupt);
    };
    const found = await subscribersOf(store, stop);
    expect(found.map((r) => r.key).sort()).toEqual(['r1', 'r2', 'e1'].map((id) => store.keyOf(`memory:${id}`)).sort());
    await bot.control('caravan.announce', { id: stop.id });
    await bot.control('caravan.list', {});
    expect(scans).toBe(0);
  });

  it('unsubscribing and /forget take the person out of the region index', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['stay', 'quit', 'gone']);
    await bot.user('quit').send('/caravan stop');
    const gone = bot.user('gone');
    await gone.send('/forget');
    await gone.press(/Yes/);
    const { store } = bot.services;
    expect((await subscribersOf(store, stop)).map((r) => r.key)).toEqual([store.keyOf('memory:stay')]);
    expect(await collectionsOf(store).subscriptions.count({ key: store.keyOf('memory:gone') })).toBe(0);
  });
});

describe('together export caravan (#9)', () => {
  it('an empty CSV export still prints its header row', async () => {
    bot = await startCaravanBot();
    const csv = await exportData(allFlows, bot.services, 'caravan', 'csv', {});
    expect(csv.replace('\uFEFF', '').trim()).toBe('stop,town,country,venue,date,time,tz,status,languages,going,maybe,notGoing,confirmed');
  });
});

describe('read-only opens of a folder whose older data is not moved yet (#9.4)', () => {
  const cli = (dir: string, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TOGETHER_DATA: dir, LANG: 'C', LOG_LEVEL: 'warn' };
    delete env.TELEGRAM_BOT_TOKEN;
    return spawnSync(process.execPath, ['bin/together.mjs', ...args], { encoding: 'utf8', env, timeout: 60_000 });
  };
  const snapshot = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f), 'utf8') : '']);

  it('`together stats` and `together export caravan` write nothing; once the bot has started they read the moved records', async () => {
    const { dir } = await legacyFolder();
    const before = snapshot(dir);
    const stats = cli(dir, 'stats', '--json');
    expect(stats.stderr).toBe('');
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ 'caravan.stops': 0 });
    const empty = cli(dir, 'export', 'caravan', '--format', 'json');
    expect(empty.stderr).toBe('');
    expect(JSON.parse(empty.stdout)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);

    // The bot moves the older data at its start, before anyone uses the caravan.
    bot = await startCaravanBot({ dir });
    const moved = cli(dir, 'stats', '--json');
    expect(JSON.parse(moved.stdout)).toMatchObject({ 'caravan.stops': 1, 'caravan.subscribers': 3, 'caravan.going': 1 });
    const rows = JSON.parse(cli(dir, 'export', 'caravan', '--format', 'json').stdout) as { stop: string; going: number }[];
    expect(rows).toEqual([expect.objectContaining({ stop: legacyStop.id, going: 1 })]);
  });
});
