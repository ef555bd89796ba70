import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../src/channels/channel.ts';
import type { Counts } from '../src/broadcast/index.ts';
import { texts } from './helpers/memory-channel.ts';
import { dispose } from './helpers/harness.ts';
import { addStop, caravanOfUser, follow, pressEarlier, seedSubscribers, startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Waits for `p`, or at most `ms`. */
const within = (p: Promise<unknown>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
type Report = { status: string; added: number; counts: Counts; wakeAt?: string };

describe('caravan: announcing a stop', () => {
  it('goes to every subscriber of the region on every channel at once, each in their language, with the buttons', async () => {
    bot = await startCaravanBot({ channels: ['memory', 'second'] });
    const [memory, second] = bot.channels as [typeof bot.channel, typeof bot.channel];
    const stop = await addStop(bot);
    const langs = ['en', 'fr', 'it', 'ro', 'es', 'pt'];
    await seedSubscribers(bot.services, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], { lang: (i) => langs[i]! });
    await seedSubscribers(bot.services, ['b1', 'b2', 'b3'], { channel: 'second', regions: ['europe'] });
    await seedSubscribers(bot.services, ['tn'], { regions: ['tn'] });
    await seedSubscribers(bot.services, ['all'], { channel: 'second', regions: ['all'] });
    // Both channels send at the same time: at some moment each has a delivery in flight. A
    // delivery stays at its channel until the other channel is sending too, so how soon each lane
    // gets going (a slow disk, a busy machine) does not matter; lanes that ran one after the other
    // would never meet, and give up after 2 s.
    const inFlight: Record<string, number> = { memory: 0, second: 0 };
    let overlapped = false;
    let meet!: () => void;
    const met = new Promise<void>((r) => (meet = r));
    for (const ch of [memory, second]) {
      ch.deliverHook = async () => {
        inFlight[ch.name]!++;
        if (inFlight.memory! > 0 && inFlight.second! > 0) {
          overlapped = true;
          meet();
        }
        await within(met, 2000);
        inFlight[ch.name]!--;
      };
    }
    const progress: Counts[] = [];
    const r = (await bot.control('caravan.announce', { id: stop.id }, (p) => progress.push(p as Counts))) as Report;
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 10, sent: 10, failed: 0, blocked: 0, skipped: 0, unknown: 0, pending: 0 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ sent: 10 });
    expect(overlapped).toBe(true);
    expect(textsTo(memory, 'tn')).toEqual([]);
    expect(textsTo(memory, 'a1')[0]).toContain('A new stop of the caravan!');
    expect(textsTo(memory, 'a2')[0]).toContain('Une nouvelle étape de la caravane');
    expect(textsTo(memory, 'a2')[0]).toContain('mardi 12 mai 2026');
    expect(textsTo(memory, 'a4')[0]).toContain('O nouă oprire a caravanei');
    expect(textsTo(memory, 'a6')[0]).toContain('Uma nova etapa da caravana');
    expect(textsTo(second, 'b1')).toHaveLength(1);
    expect(textsTo(second, 'all')).toHaveLength(1);
    const a1 = bot.user('a1');
    expect(a1.buttons().map((b) => b.label)).toEqual(['✅ Going', '🤔 Maybe', '❌ Not going', '📆 Add to calendar', '🔕 Stop these messages', '💤 Snooze 1 week']);
    expect(texts(await a1.press('Going'))).toContain('see you in Iași');
    const ics = await pressEarlier(a1, 'Add to calendar');
    const file = ics.find((x) => x.kind === 'file');
    expect(file?.kind === 'file' && file.mime).toBe('text/calendar');
    const body = file?.kind === 'file' ? new TextDecoder().decode(file.content) : '';
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain('DTSTART:20260512T153000Z');
    expect(body).toContain('Casa de Cultură');
  });

  it('in the chat: the manager is told it started, then gets the report', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['s1', 's2', 's3']);
    const boss = bot.user('boss');
    expect(texts(await boss.send(`/caravan announce ${stop.id}`))).toContain('Announcing the stop in Iași to 3 subscribers');
    await bot.center().idle();
    await bot.core.outbox.drain();
    expect(textsTo(bot.channel, 'boss').at(-1)).toContain('Announcement of Iași finished: 3 sent, 0 failed, 0 unreachable (unsubscribed), 0 skipped, 0 in doubt after a restart — of 3.');
    expect(texts(await boss.send(`/caravan stats ${stop.id}`))).toContain('Announcement: 3 sent');
  });

  it('refuses a second announcement of the same stop while the first runs; nobody gets it twice', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, Array.from({ length: 20 }, (_, i) => `slow${i}`));
    // Deliveries wait at a gate, so the first announcement is surely still running.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let attempts = 0;
    bot.channel.deliverHook = (chatId) => {
      if (!chatId.startsWith('slow')) return;
      attempts++;
      return gate;
    };
    const first = bot.control('caravan.announce', { id: stop.id }) as Promise<Report>;
    while (attempts === 0) await sleep(5);
    await expect(bot.control('caravan.announce', { id: stop.id })).rejects.toThrow(/The stop in Iași is already being announced \(\d+ of 20 sent\)/);
    expect(texts(await bot.user('boss').send(`/caravan announce ${stop.id}`))).toContain('is already being announced');
    open();
    expect((await first).counts.sent).toBe(20);
    for (let i = 0; i < 20; i++) expect(textsTo(bot.channel, `slow${i}`)).toHaveLength(1);
  });

  it('two managers announcing the same stop at the same instant: one announcement, the other told it is running or done', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, Array.from({ length: 30 }, (_, i) => `both${i}`));
    const results = await Promise.allSettled([bot.control('caravan.announce', { id: stop.id }), bot.control('caravan.announce', { id: stop.id })]);
    const done = results.filter((r): r is PromiseFulfilledResult<Report> => r.status === 'fulfilled' && (r.value as Report).added > 0);
    expect(done).toHaveLength(1);
    expect(done[0]!.value.added).toBe(30);
    const other = results.find((r) => r !== done[0])!;
    // Refused while the first runs, or, once it is over, nobody left to reach.
    if (other.status === 'rejected') expect(String(other.reason)).toMatch(/already being announced/);
    else expect((other.value as Report).added).toBe(0);
    for (let i = 0; i < 30; i++) expect(textsTo(bot.channel, `both${i}`), `both${i}`).toHaveLength(1);
  });

  it('announcing again reaches only the people who have not had it yet', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['old1', 'old2']);
    expect(((await bot.control('caravan.announce', { id: stop.id })) as Report).added).toBe(2);
    const late = bot.user('late');
    await follow(late);
    const again = (await bot.control('caravan.announce', { id: stop.id })) as Report;
    expect(again.added).toBe(1);
    expect(again.counts).toMatchObject({ total: 3, sent: 3 });
    expect(textsTo(bot.channel, 'old1').filter((t) => t.includes('A new stop'))).toHaveLength(1);
    expect(textsTo(bot.channel, 'late').filter((t) => t.includes('A new stop'))).toHaveLength(1);
    expect(texts(await bot.user('boss').send(`/caravan announce ${stop.id}`))).toContain('has already received this announcement (3 people)');
    // /mydata lists the person's line in the ledger (kept outside their own document).
    const mine = await late.send('/mydata');
    const file = mine.find((r) => r.kind === 'file');
    const json = JSON.parse(file?.kind === 'file' ? new TextDecoder().decode(file.content) : '{}') as { elsewhere?: { caravan?: { messages: { kind: string; status: string }[] } } };
    expect(json.elsewhere?.caravan?.messages).toEqual([expect.objectContaining({ kind: 'caravan.announce', status: 'sent' })]);
  });

  it('with nobody following the region, the manager is told and nothing is sent', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    expect(texts(await bot.user('boss').send(`/caravan announce ${stop.id}`))).toContain('Nobody follows the region of Iași yet');
  });

  it('refuses a stop in the past and an unknown stop', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    bot.clock.set('2026-05-13T08:00:00Z');
    await expect(bot.control('caravan.announce', { id: stop.id })).rejects.toThrow('has already taken place');
    await expect(bot.control('caravan.announce', { id: 'nope' })).rejects.toThrow('There is no stop “nope”');
  });

  it('blocked recipients are counted and unsubscribed; final failures are counted and kept', async () => {
    bot = await startCaravanBot({ outbox: { maxAttempts: 2, backoffMs: 1 } });
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['ok', 'gone', 'broken']);
    bot.channel.deliverHook = (chatId) => {
      if (chatId === 'gone') throw new DeliveryError('blocked', 'Forbidden: bot was blocked by the user');
      if (chatId === 'broken') throw new DeliveryError('transient', '502 Bad Gateway');
    };
    const r = (await bot.control('caravan.announce', { id: stop.id })) as Report;
    expect(r.counts).toMatchObject({ total: 3, sent: 1, blocked: 1, failed: 1 });
    await bot.core.engine.idle();
    expect((await caravanOfUser(bot, 'memory', 'gone'))?.sub).toBeUndefined();
    expect((await caravanOfUser(bot, 'memory', 'broken'))?.sub).toBeDefined();
  });

  it('a snoozed subscriber gets no announcement for a week', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const later = await addStop(bot, { town: 'Cluj', date: '2026-05-20' });
    await seedSubscribers(bot.services, ['first']);
    await bot.control('caravan.announce', { id: stop.id });
    const u = bot.user('first');
    expect(texts(await u.press('Snooze 1 week'))).toContain('No announcements until May 8, 2026');
    await seedSubscribers(bot.services, ['awake']);
    const r = (await bot.control('caravan.announce', { id: later.id })) as Report;
    expect(r.counts).toMatchObject({ total: 2, sent: 1, skipped: 1 });
    expect(textsTo(bot.channel, 'first').filter((t) => t.includes('Cluj'))).toEqual([]);
    // A week later, announcing again reaches the one who was skipped, and only them.
    bot.clock.set('2026-05-08T09:00:00Z');
    const again = (await bot.control('caravan.announce', { id: later.id })) as Report;
    expect(again).toMatchObject({ added: 1, counts: { total: 2, sent: 2, skipped: 0 } });
    expect(textsTo(bot.channel, 'first').filter((t) => t.includes('Cluj'))).toHaveLength(1);
    expect(textsTo(bot.channel, 'awake').filter((t) => t.includes('Cluj'))).toHaveLength(1);
  });

  it('an answer from someone who unsubscribed is not recorded, and says why', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['fickle']);
    await bot.control('caravan.announce', { id: stop.id });
    const u = bot.user('fickle');
    await u.press('Stop these messages');
    const r = texts(await pressEarlier(u, 'Going'));
    expect(r).toContain('You asked to receive no more caravan messages, so I did not record this answer');
    expect((await caravanOfUser(bot, 'memory', 'fickle'))?.rsvp).toEqual({});
    expect(texts(await u.press('Yes'))).toContain('you follow Romania');
    expect(texts(await pressEarlier(u, 'Going'))).toContain('see you in Iași');
  });

  it('nothing goes out during the quiet hours: held until 08:00 in the stop\'s zone, then sent once', async () => {
    // 23:30 in Bucharest.
    bot = await startCaravanBot({ now: '2026-05-05T20:30:00Z' });
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['night1', 'night2']);
    const r = (await bot.control('caravan.announce', { id: stop.id })) as Report;
    expect(r.status).toBe('held');
    expect(r.counts).toMatchObject({ pending: 2, sent: 0 });
    expect(r.wakeAt).toBe('2026-05-06T05:00:00.000Z');
    expect(textsTo(bot.channel, 'night1')).toEqual([]);
    await expect(bot.control('caravan.announce', { id: stop.id })).rejects.toThrow('already being announced');
    bot.clock.set('2026-05-06T04:00:00Z');
    await bot.core.scheduler.runDue();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'night1')).toEqual([]);
    bot.clock.set('2026-05-06T05:00:30Z');
    await bot.core.scheduler.runDue();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'night1')).toHaveLength(1);
    await bot.core.scheduler.runDue();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'night2')).toHaveLength(1);
    const report = (await bot.control('caravan.report', { id: stop.id })) as { broadcasts: { status: string; counts: Counts }[] };
    expect(report.broadcasts[0]).toMatchObject({ status: 'done', counts: { sent: 2, pending: 0 } });
  });

  it('an announcement planned for a time goes out then', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['planned']);
    const boss = bot.user('boss');
    expect(texts(await boss.send(`/caravan announce ${stop.id} 2026-05-02 09:30`))).toContain('will be announced on Saturday, May 2, 2026 at 09:30');
    await bot.core.scheduler.runDue();
    expect(textsTo(bot.channel, 'planned')).toEqual([]);
    bot.clock.set('2026-05-02T06:31:00Z');
    await bot.core.scheduler.runDue();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'planned')).toHaveLength(1);
    expect(texts(await boss.send(`/caravan announce ${stop.id} 2026-05-30 09:30`))).toContain('is not before the stop');
  });
});
