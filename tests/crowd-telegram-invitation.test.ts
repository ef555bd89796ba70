/**
 * Eight people use one invitation at the same moment, through the real Telegram adapter in
 * webhook mode, while Telegram posts each of their updates again (as it does when the bot's
 * answer to a post did not reach it in time, and with up to 40 connections at once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { caravan } from '../flows/caravan/index.ts';
import { subscribersOf, subscriberCount } from '../flows/caravan/audience.ts';
import { Clock, stopFields } from './helpers/caravan-bot.ts';
import { chatPerson } from './helpers/crowd-chat-person.ts';
import { buttonOf, chatsSentTo, matching, people, postUpdate, settle, startCrowdBot, textsIn, updateById, type CrowdBot } from './helpers/crowd-telegram.ts';
import { ANY_GROUP, all, spiralRecords } from '../flows/spiral/records.ts';
import type { Stop } from '../flows/caravan/types.ts';

let bot: CrowdBot | null = null;
afterEach(async () => {
  await bot?.stop();
  bot = null;
});

const BOSS = 1;

/** The adapter answers a redelivered button press again (see the known-bug test below); nothing else may be logged. */
const withoutDuplicateAnswers = (problems: Record<string, unknown>[]) => problems.filter((p) => p.msg !== 'answerCallbackQuery failed');

/**
 * Each person's update reaches the bot three times: once through the fake's own webhook delivery,
 * and twice more posted at the same moment from other connections.
 */
async function everyoneAtOnceTwiceAgain(b: CrowdBot, act: () => number[]): Promise<number[]> {
  const ids = act();
  const again = ids.flatMap((id) => [updateById(b.fake, id), updateById(b.fake, id)]);
  const statuses = await Promise.all(again.map((u) => postUpdate(b, u)));
  expect(statuses.every((s) => s === 200), `webhook answers ${statuses.join(',')}`).toBe(true);
  await settle(b);
  return ids;
}

describe('one invitation used by 8 people at once, each update delivered three times (webhook)', () => {
  it('a caravan stop link: each of the 8 is asked once, follows once and is confirmed once', async () => {
    const clock = new Clock(new Date('2027-05-01T08:00:00Z'));
    bot = await startCrowdBot({ fakeLimits: { scale: 10 }, webhookSecret: 'crowd-secret_1', now: clock.now });
    const { fake, core } = bot;
    const stop = (await caravan.control!['caravan.add']!(core.services, stopFields({ date: '2027-05-12' }), () => {})) as Stop;
    const crowd = people(8, 20_000);

    await everyoneAtOnceTwiceAgain(bot, () => crowd.map((p) => fake.sendText(p, `/start c_${stop.id}`)));
    for (const p of crowd) expect(matching(fake, p.id, /Do you want to receive a message for each caravan stop/), `asked, chat ${p.id}`).toHaveLength(1);

    await everyoneAtOnceTwiceAgain(bot, () =>
      crowd.map((p) => {
        const yes = buttonOf(fake, p.id, /Yes, keep me informed/);
        return fake.pressButton(p, yes.messageId, yes.data);
      }),
    );
    for (const p of crowd) {
      expect(matching(fake, p.id, /Done: you follow Romania/), `confirmed, chat ${p.id}`).toHaveLength(1);
      expect(matching(fake, p.id, /already follow/), `chat ${p.id}`).toHaveLength(0);
    }
    const { store } = core.services;
    const subscribers = await subscribersOf(store, stop);
    expect(subscribers.map((s) => s.key).sort()).toEqual(crowd.map((p) => store.keyOf(`telegram:${p.id}`)).sort());
    expect(await subscriberCount(store)).toBe(8);
    expect([...chatsSentTo(fake)].sort()).toEqual(crowd.map((p) => p.id).sort());
    expect(core.outbox.stats).toMatchObject({ failed: 0, blocked: 0 });
    expect(withoutDuplicateAnswers(bot.problems)).toEqual([]);
  }, 60_000);

  it('a one-time SPIRAL facilitator link: exactly one of the 8 becomes facilitator, the 7 others are told once it is used', async () => {
    bot = await startCrowdBot({ fakeLimits: { scale: 10 }, webhookSecret: 'crowd-secret_2', managers: [`telegram:${BOSS}`] });
    const { fake, core } = bot;
    const boss = chatPerson(bot, { id: BOSS });
    await boss.say('/agree');
    const invitation = await boss.say('/spiral facilitator');
    const code = /\?start=f_([A-Z0-9]+)/.exec(invitation)?.[1];
    expect(code, invitation).toBeTruthy();
    const crowd = people(8, 21_000);

    await everyoneAtOnceTwiceAgain(bot, () => crowd.map((p) => fake.sendText(p, '/agree')));
    await everyoneAtOnceTwiceAgain(bot, () => crowd.map((p) => fake.sendText(p, `/start f_${code}`)));

    const won = crowd.filter((p) => matching(fake, p.id, /You are now a facilitator/).length > 0);
    expect(won).toHaveLength(1);
    for (const p of crowd) {
      expect(matching(fake, p.id, /your consent is recorded/), `consent, chat ${p.id}`).toHaveLength(1);
      const outcome = [...matching(fake, p.id, /You are now a facilitator/), ...matching(fake, p.id, /This invitation is unknown, already used or expired/)];
      expect(outcome, `one answer to the link, chat ${p.id}: ${textsIn(fake, p.id).join(' | ')}`).toHaveLength(1);
    }
    const facilitators = (await all((await spiralRecords(core.services.store)).roles, { group: ANY_GROUP })).map((r) => r.pseudonym);
    const winner = await core.services.store.loadUser(core.services.store.keyOf(`telegram:${won[0]!.id}`));
    expect(facilitators).toEqual([winner!.pseudonym]);
    expect([...chatsSentTo(fake)].sort()).toEqual([BOSS, ...crowd.map((p) => p.id)].sort());
    expect(bot.problems).toEqual([]);
  }, 60_000);

  /**
   * A press that Telegram posts again is handled once by the core, and its callback query must be
   * answered once too: Telegram refuses a second answer (400 "query is too old … or query ID is
   * invalid"). The adapter keeps the ids it answered (this failed before: 3 answers).
   */
  it('a button press delivered three times is answered to Telegram once, with nothing logged', async () => {
    bot = await startCrowdBot({ fakeLimits: { scale: 10 }, webhookSecret: 'crowd-secret_3' });
    const { fake } = bot;
    const [ana] = people(1, 22_000);
    fake.sendText(ana!, '/caravan join ro');
    await settle(bot);
    const [id] = await everyoneAtOnceTwiceAgain(bot, () => {
      const yes = buttonOf(fake, ana!.id, /Yes, keep me informed/);
      return [fake.pressButton(ana!, yes.messageId, yes.data)];
    });
    expect(matching(fake, ana!.id, /Done: you follow Romania/)).toHaveLength(1);
    const query = (updateById(fake, id!).callback_query as { id: string }).id;
    expect(fake.calls('answerCallbackQuery').filter((c) => c.params.callback_query_id === query)).toHaveLength(1);
    expect(bot.problems).toEqual([]);
  });
});
