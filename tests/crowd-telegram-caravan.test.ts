/**
 * 100 people follow a caravan region at the same moment as a manager announces a stop there,
 * through the real Telegram adapter (long polling) against the fake Bot API with Telegram's own
 * limits (1 message a second per chat, 30 a second overall) and a storm of 429s in the middle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { caravan } from '../flows/caravan/index.ts';
import { center } from '../flows/caravan/broadcasts.ts';
import { announceId } from '../flows/caravan/ops.ts';
import { subscribersOf } from '../flows/caravan/audience.ts';
import { Clock, stopFields } from './helpers/caravan-bot.ts';
import { chatPerson } from './helpers/crowd-chat-person.ts';
import { buttonOf, matching, people, settle, startCrowdBot, textsIn, type CrowdBot } from './helpers/crowd-telegram.ts';
import type { Stop } from '../flows/caravan/types.ts';

let bot: CrowdBot | null = null;
afterEach(async () => {
  await bot?.stop();
  bot = null;
});

const BOSS = 1;
const N = 100;
const ANNOUNCEMENT = /A new stop of the caravan/;

describe('100 people follow a region while its stop is announced', () => {
  it('each follower gets the announcement once or, having followed after its cut-off, from the next announce; a 429 storm loses and duplicates nothing', async () => {
    // 11:00 in Bucharest: outside the quiet hours of the stop's zone.
    const clock = new Clock(new Date('2027-05-01T08:00:00Z'));
    bot = await startCrowdBot({ managers: [`telegram:${BOSS}`], now: clock.now });
    const { fake, core } = bot;
    const { store } = core.services;
    const boss = chatPerson(bot, { id: BOSS });
    await boss.say('/agree');
    const stop = (await caravan.control!['caravan.add']!(core.services, stopFields({ date: '2027-05-12' }), () => {})) as Stop;
    const crowd = people(N, 30_000);
    for (const p of crowd) fake.sendText(p, '/caravan join ro');
    await settle(bot);
    const confirm = (p: (typeof crowd)[number]) => {
      const yes = buttonOf(fake, p.id, /Yes, keep me informed/);
      fake.pressButton(p, yes.messageId, yes.data);
    };

    // A first half press "Yes" (one batch of updates). Then, in the next batch, handled all at
    // once, the second half press while the manager announces the stop in its middle, and
    // Telegram answers 429 to the next 30 messages.
    crowd.slice(0, N / 2).forEach(confirm);
    await settle(bot);
    crowd.slice(N / 2, (3 * N) / 4).forEach(confirm);
    fake.sendText({ id: BOSS }, `/caravan announce ${stop.id}`);
    fake.failNext(30, { code: 429, retryAfter: 1, methods: ['sendMessage'] });
    crowd.slice((3 * N) / 4).forEach(confirm);
    await settle(bot);

    const first = await center(core.services).report(announceId(stop.id));
    const reached = crowd.filter((p) => matching(fake, p.id, ANNOUNCEMENT).length > 0);
    expect(first?.status).toBe('done');
    expect(first?.counts).toMatchObject({ total: reached.length, sent: reached.length, failed: 0, blocked: 0, unknown: 0, pending: 0, sending: 0 });
    for (const p of crowd) {
      const announced = matching(fake, p.id, ANNOUNCEMENT);
      expect(announced.length, `chat ${p.id}`).toBeLessThanOrEqual(1);
      expect(matching(fake, p.id, /Done: you follow Romania/), `confirmed, chat ${p.id}`).toHaveLength(1);
      // In the ledger exactly when the announcement reached them: nobody counted and not sent.
      const line = (await center(core.services).entriesOf(store.keyOf(`telegram:${p.id}`))).filter((e) => e.broadcast === announceId(stop.id));
      expect(line.map((e) => e.status), `ledger of ${p.id}`).toEqual(announced.length ? ['sent'] : []);
    }
    expect(textsIn(fake, BOSS).join('\n')).toMatch(new RegExp(`Announcement of Iași finished: ${reached.length} sent, 0 failed`));

    // Announcing again reaches exactly those who followed after the cut-off.
    const late = N - reached.length;
    const again = await boss.say(`/caravan announce ${stop.id}`);
    expect(again).toContain(late > 0 ? `to ${late} subscribers` : 'has already received this announcement');
    await settle(bot);
    for (const p of crowd) expect(matching(fake, p.id, ANNOUNCEMENT), `chat ${p.id}`).toHaveLength(1);
    expect((await center(core.services).report(announceId(stop.id)))?.counts).toMatchObject({ total: N, sent: N, failed: 0, unknown: 0 });
    expect((await subscribersOf(store, stop)).length).toBe(N);
    // Every 429 was one of the storm's: the bot itself kept Telegram's limits.
    expect(fake.counters()).toMatchObject({ tooManyRequests: 30, injected: 30 });
    expect(core.outbox.stats).toMatchObject({ failed: 0, blocked: 0 });
    expect(bot.problems.filter((p) => p.msg !== 'rate limited; waiting')).toEqual([]);
  }, 60_000);
});
