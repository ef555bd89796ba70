import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispose, removeDir } from './helpers/harness.ts';
import { seedSubscribers, startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';
import { together } from './helpers/together-cli.ts';
import { togetherHereOn as here } from './helpers/together-in-process.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const ADD = ['caravan', 'add', '--town', 'Iași', '--country', 'RO', '--venue', 'Casa de Cultură', '--date', '2026-05-12', '--time', '18:30', '--tz', 'Europe/Bucharest', '--languages', 'ro,en'];

// Each command runs in this process (`here`) but for one of each kind in a real `together`
// process (`together`): a spawn costs seconds of CPU, and what it shows more is its exit code.
describe('together caravan … (through the running bot\'s control socket)', () => {
  it('add, list, announce with a report, report, qr, ics, cancel', async () => {
    bot = await startCaravanBot({ botNames: { telegram: 'together_test_bot' } });
    const added = await here(bot.dir, ...ADD, '--json');
    expect(added.stderr).toBe('');
    const stop = JSON.parse(added.stdout) as { id: string; town: string };
    expect(stop).toMatchObject({ id: 'iasi-260512', town: 'Iași' });

    const past = await here(bot.dir, ...ADD.slice(0, -6), '--date', '2026-04-12', '--time', '18:30', '--tz', 'Europe/Bucharest');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('2026-04-12 18:30 (Europe/Bucharest) is in the past');
    const badZone = await here(bot.dir, 'caravan', 'edit', stop.id, '--tz', 'Moon/Base');
    expect(badZone.stderr).toContain('“Moon/Base” is not a time zone I know');

    await seedSubscribers(bot.services, ['s1', 's2', 's3', 's4', 's5']);
    const list = JSON.parse((await here(bot.dir, 'caravan', 'list', '--json')).stdout) as { id: string; counts: Record<string, number> }[];
    expect(list.map((s) => s.id)).toEqual([stop.id]);
    expect(list[0]?.counts).toEqual({ going: 0, maybe: 0, notGoing: 0, confirmed: 0 });

    const announced = await together(bot.dir, 'caravan', 'announce', stop.id);
    expect(announced.stderr).toBe('');
    expect(announced.stdout).toContain('announced iasi-260512 (Iași) to 5 new recipients: sent 5, failed 0, unreachable (unsubscribed) 0, skipped 0, in doubt 0, pending 0 — of 5');
    for (const id of ['s1', 's5']) expect(textsTo(bot.channel, id)).toHaveLength(1);

    const report = JSON.parse((await here(bot.dir, 'caravan', 'report', stop.id, '--json')).stdout) as { broadcasts: { kind: string; counts: { sent: number } }[] };
    expect(report.broadcasts).toEqual([expect.objectContaining({ kind: 'caravan.announce', status: 'done', counts: expect.objectContaining({ sent: 5 }) })]);

    const png = join(bot.dir, 'poster.png');
    const qr = await here(bot.dir, 'caravan', 'qr', stop.id, '--out', png);
    expect(qr.stdout).toContain('https://t.me/together_test_bot?start=c_iasi-260512');
    expect(readFileSync(png).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const link = await here(bot.dir, 'caravan', 'link', 'Romania');
    expect(link.stdout).toContain('https://t.me/together_test_bot?start=c_ro');
    expect(link.stdout).toContain('/caravan join ro');

    const ics = await here(bot.dir, 'caravan', 'ics', stop.id);
    expect(ics.stdout).toContain('BEGIN:VCALENDAR');
    expect(ics.stdout).toContain('DTSTART:20260512T153000Z');

    const cancelled = await here(bot.dir, 'caravan', 'cancel', stop.id);
    expect(cancelled.stdout).toContain('cancelled iasi-260512');
    const again = await together(bot.dir, 'caravan', 'announce', stop.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The stop in Iași is cancelled: it cannot be announced.');
  }, 120_000);

  it('without a running bot: data commands run in-process, announce is refused clearly', async () => {
    bot = await startCaravanBot();
    const dir = bot.dir;
    await bot.stop();
    bot = null;
    try {
      // In-process, the command line checks the date against the real clock: a year from today
      // is always in the future (a fixed date would be in the past one day).
      const date = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
      const id = `iasi-${date.slice(2).replace(/-/g, '')}`;
      const added = await together(dir, ...ADD.slice(0, 10), '--date', date, '--time', '18:30', '--tz', 'Europe/Bucharest');
      expect(added.stdout).toContain(`added ${id}`);
      // Refused with a clear error (#8.19): the same stop again (unless --force), a country that is none, a bad bot name.
      const twice = await here(dir, ...ADD.slice(0, 10), '--date', date, '--time', '18:30', '--tz', 'Europe/Bucharest');
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain(`This stop is already scheduled: Iași, ${date}, Casa de Cultură (${id})`);
      const forced = await here(dir, ...ADD.slice(0, 10), '--date', date, '--time', '18:30', '--tz', 'europe/bucharest', '--force', '--json');
      expect(JSON.parse(forced.stdout)).toMatchObject({ id: `${id}-2`, tz: 'Europe/Bucharest' });
      const zz = await here(dir, ...ADD.slice(0, 5), 'ZZ', ...ADD.slice(6, 10), '--date', date, '--time', '18:30', '--tz', 'Europe/Bucharest');
      expect(zz.code).toBe(1);
      expect(zz.stderr).toContain('I do not know the country “ZZ”');
      const badBot = await here(dir, 'caravan', 'link', 'ro', '--bot', 'bad name!');
      expect(badBot.code).toBe(1);
      expect(badBot.stderr).toContain('“bad name!” is not a Telegram bot name');
      const announce = await here(dir, 'caravan', 'announce', id);
      expect(announce.code).toBe(1);
      expect(announce.stderr).toContain('No bot is running on this data folder');
      const qr = await here(dir, 'caravan', 'qr', 'ro');
      expect(qr.stderr).toContain('The Telegram bot name is not known');
      const list = await here(dir, 'caravan', 'list');
      expect(list.stdout).toContain(`${id}: Iași (RO), ${date} 18:30 Europe/Bucharest`);
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});
