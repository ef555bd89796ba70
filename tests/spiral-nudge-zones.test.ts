import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { citizen, cleanup, startSpiralBot, type SpiralBot } from './helpers/spiral-harness.ts';
import { answerOnce, citizenIn, finish, groupOf, receipts, runUntil } from './helpers/spiral-zones.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

const NUDGE = 'is not finished yet';

/** A moment as it reads on a wall clock of `zone`. */
const wall = (iso: string | undefined, zone: string) => (iso ? DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ') : undefined);

async function nudgeJob(b: SpiralBot, id: string) {
  const key = b.core.services.store.keyOf(`memory:${id}`);
  return (await b.core.scheduler.list()).find((j) => j.kind === 'spiral-nudge' && j.about === key);
}

/** One person in `zone` answers at `at` and leaves; the moment the reminder reached them. */
async function nudgedAt(at: string, zone: string, until: string): Promise<string | undefined> {
  bot = await startSpiralBot({ now: new Date(at) });
  const code = await groupOf(bot);
  await answerOnce(await citizenIn(bot, 'p', zone), code);
  const got = receipts(bot, NUDGE);
  await runUntil(bot, until);
  return got.get('p');
}

describe('the SPIRAL reminder keeps the quiet hours of the person’s own zone', () => {
  it('a day after the last answer, moved to 08:00 where that falls in the night: Los Angeles, Bucharest, Tokyo and the bot’s zone', async () => {
    // 14:00 UTC: 06:00 in Los Angeles, 16:00 in Bucharest, 23:00 in Tokyo, 15:00 in Brussels (the bot's zone).
    bot = await startSpiralBot({ now: new Date('2026-03-02T14:00:00Z') });
    const code = await groupOf(bot);
    const people = { la: 'America/Los_Angeles', buc: 'Europe/Bucharest', tyo: 'Asia/Tokyo' };
    for (const [id, zone] of Object.entries(people)) await answerOnce(await citizenIn(bot, id, zone), code);
    await answerOnce(await citizen(bot, 'nozone'), code);

    // Planned at the first allowed moment: what the Home tab and /mydata show is when it really goes.
    expect((await nudgeJob(bot, 'la'))?.at).toBe('2026-03-03T16:00:00.000Z');
    expect((await nudgeJob(bot, 'buc'))?.at).toBe('2026-03-03T14:00:00.000Z');
    expect((await nudgeJob(bot, 'tyo'))?.at).toBe('2026-03-03T23:00:00.000Z');
    expect((await nudgeJob(bot, 'nozone'))?.at).toBe('2026-03-03T14:00:00.000Z');

    const got = receipts(bot, NUDGE);
    await runUntil(bot, '2026-03-04T06:00:00Z');
    expect(wall(got.get('la'), people.la)).toBe('2026-03-03 08:00 PST');
    expect(wall(got.get('buc'), people.buc)).toBe('2026-03-03 16:00 GMT+2');
    expect(wall(got.get('tyo'), people.tyo)).toBe('2026-03-04 08:00 GMT+9');
    expect(wall(got.get('nozone'), 'Europe/Brussels')).toBe('2026-03-03 15:00 GMT+1');
    // Once each.
    expect(bot.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.includes(NUDGE))).toHaveLength(4);
  });

  it('across a change of summer time the morning is the local one (Los Angeles in March and November, Bucharest in March)', async () => {
    // Saturday 06:30 PST; 24 h later is 07:30 PDT (the clocks went forward that night): held until 08:00 PDT, not 08:00 PST.
    expect(wall(await nudgedAt('2026-03-07T14:30:00Z', 'America/Los_Angeles', '2026-03-08T18:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-08 08:00 PDT');
    await cleanup(bot);
    // Saturday 07:30 EET; 24 h later is already 08:30 EEST: sent then, not held as a fixed offset would.
    expect(wall(await nudgedAt('2026-03-28T05:30:00Z', 'Europe/Bucharest', '2026-03-29T09:00:00Z'), 'Europe/Bucharest')).toBe('2026-03-29 08:30 GMT+3');
    await cleanup(bot);
    // Saturday 07:30 PDT; 24 h later is 06:30 PST (the clocks went back): held until 08:00 PST.
    expect(wall(await nudgedAt('2026-10-31T14:30:00Z', 'America/Los_Angeles', '2026-11-01T18:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-01 08:00 PST');
  });

  it('a reminder planned by the previous version (due at any hour) still goes after an upgrade, in the person’s morning, once', async () => {
    bot = await startSpiralBot({ now: new Date('2026-03-02T09:00:00Z') });
    const code = await groupOf(bot);
    await answerOnce(await citizenIn(bot, 'la', 'America/Los_Angeles'), code);
    await answerOnce(await citizenIn(bot, 'buc', 'Europe/Bucharest'), code);
    // As the previous version stored them: 24 hours after joining, whatever the hour there.
    for (const id of ['la', 'buc']) {
      const job = (await nudgeJob(bot, id))!;
      await bot.core.scheduler.schedule({ id: job.id, kind: job.kind, about: job.about!, at: '2026-03-03T09:00:00.000Z', graceMs: 12 * 3_600_000, payload: job.payload });
    }
    expect((await nudgeJob(bot, 'la'))?.at).toBe('2026-03-03T09:00:00.000Z'); // 01:00 in Los Angeles
    bot = await bot.restart();
    const got = receipts(bot, NUDGE);
    await runUntil(bot, '2026-03-03T09:15:00Z');
    expect(wall(got.get('buc'), 'Europe/Bucharest')).toBe('2026-03-03 11:00 GMT+2');
    expect(got.has('la')).toBe(false);
    expect((await nudgeJob(bot, 'la'))?.at).toBe('2026-03-03T16:00:00.000Z');
    await runUntil(bot, '2026-03-05T09:00:00Z');
    expect(wall(got.get('la'), 'America/Los_Angeles')).toBe('2026-03-03 08:00 PST');
    expect(bot.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.includes(NUDGE)).map((s) => s.chatId).sort()).toEqual(['buc', 'la']);
  });

  it('/forget and finishing the questionnaire cancel it, also once it waits for the morning', async () => {
    // 14:00 UTC: 24 h later is 06:00 in Los Angeles and 23:00 in Tokyo, both held.
    bot = await startSpiralBot({ now: new Date('2026-03-02T14:00:00Z') });
    const code = await groupOf(bot);
    const la = await citizenIn(bot, 'la', 'America/Los_Angeles');
    const tyo = await citizenIn(bot, 'tyo', 'Asia/Tokyo');
    const done = await citizenIn(bot, 'done', 'Asia/Tokyo');
    const buc = await citizenIn(bot, 'buc', 'Europe/Bucharest');
    for (const u of [la, tyo, done, buc]) await answerOnce(u, code);
    const got = receipts(bot, NUDGE);

    // Finishing right away: no reminder left to plan.
    await finish(done);
    expect(await nudgeJob(bot, 'done')).toBeUndefined();
    // A job planned by the previous version at 14:00 UTC is held at its run: moved, not sent.
    for (const id of ['la', 'tyo']) {
      const job = (await nudgeJob(bot, id))!;
      await bot.core.scheduler.schedule({ ...job, at: '2026-03-03T14:00:00.000Z' });
    }
    await runUntil(bot, '2026-03-03T14:30:00Z');
    expect((await nudgeJob(bot, 'la'))?.at).toBe('2026-03-03T16:00:00.000Z');
    expect((await nudgeJob(bot, 'tyo'))?.at).toBe('2026-03-03T23:00:00.000Z');
    expect([...got.keys()]).toEqual(['buc']);

    await la.send('/forget');
    await la.press(/Yes|erase/i);
    expect(await nudgeJob(bot, 'la')).toBeUndefined();
    await finish(tyo);
    expect((await bot.participation('tyo', code))?.finishedAt).toBeTruthy();
    expect(await nudgeJob(bot, 'tyo')).toBeUndefined();

    await runUntil(bot, '2026-03-05T14:00:00Z', 60 * 60 * 1000);
    expect([...got.keys()]).toEqual(['buc']);
  });
});
