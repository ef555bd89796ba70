/**
 * 200 people join one SPIRAL group through its t.me link at the same moment, through the real
 * Telegram adapter (telegraf, long polling: up to 100 updates handled at once) against the fake
 * Bot API keeping Telegram's limits (ten times faster).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMonsGroup } from './helpers/spiral-walk.ts';
import { chatPerson } from './helpers/crowd-chat-person.ts';
import { buttonOf, chatsSentTo, matching, people, settle, startCrowdBot, textsIn, type CrowdBot } from './helpers/crowd-telegram.ts';
import { all, spiralRecords } from '../flows/spiral/records.ts';
import { spiralDataOf } from '../flows/spiral/participant.ts';

let bot: CrowdBot | null = null;
afterEach(async () => {
  await bot?.stop();
  bot = null;
});

const BOSS = 1;
const N = 200;

describe('200 people join one SPIRAL group through its Telegram link at the same moment', () => {
  it('each is a member once and gets each reply once, in their own private chat only; nothing goes to a group chat', async () => {
    bot = await startCrowdBot({ fakeLimits: { scale: 10 }, managers: [`telegram:${BOSS}`] });
    const { fake, core } = bot;
    const boss = chatPerson(bot, { id: BOSS, first_name: 'Fac' });
    await boss.say('/agree');
    await boss.say('/spiral new');
    const created = await createMonsGroup(boss);
    const code = /\?start=g_([A-Z0-9]+)/.exec(created)?.[1];
    expect(code, created).toBeTruthy();

    const crowd = people(N, 10_000);
    // Everyone opens the bot, then taps the group's link: Telegram sends "/start g_CODE".
    for (const p of crowd) fake.sendText(p, '/start');
    await settle(bot);
    for (const p of crowd) fake.sendText(p, `/start g_${code}`);
    await settle(bot);
    for (const p of crowd) {
      const agree = buttonOf(fake, p.id, /I agree/);
      fake.pressButton(p, agree.messageId, agree.data);
    }
    await settle(bot);
    // Each types an idea of their own: an acknowledgement quoting another's idea would be a crossed reply.
    for (const p of crowd) fake.sendText(p, `Idea of person ${p.id}`);
    await settle(bot);

    for (const p of crowd) {
      const texts = textsIn(fake, p.id).join('\n');
      expect(matching(fake, p.id, /^Hello! I am the TOGETHER bot/), `greeting, chat ${p.id}`).toHaveLength(1);
      expect(matching(fake, p.id, /I need your consent/), `consent asked, chat ${p.id}`).toHaveLength(1);
      expect(matching(fake, p.id, /your consent is recorded/), `consent recorded, chat ${p.id}`).toHaveLength(1);
      expect(matching(fake, p.id, /Welcome to “Young people of Mons”/), `welcome, chat ${p.id}`).toHaveLength(1);
      expect(matching(fake, p.id, /Idea 1 noted: “Idea of person \d+”/), `idea acknowledged, chat ${p.id}`).toHaveLength(1);
      expect(texts.match(/Idea of person \d+/g), `only their own idea, chat ${p.id}`).toEqual([`Idea of person ${p.id}`]);
      expect(texts, `chat ${p.id}`).not.toMatch(/Idea 2|already|error|went wrong/i);
    }
    // Every message went to one of the 201 private chats; none to a group (negative ids).
    const allowed = new Set([BOSS, ...crowd.map((p) => p.id)]);
    expect([...chatsSentTo(fake)].filter((id) => !allowed.has(id))).toEqual([]);

    const records = await spiralRecords(core.services.store);
    const members = (await all(records.members, { group: code! })).map((m) => m.key);
    expect(members).toHaveLength(N);
    expect(new Set(members).size).toBe(N);
    const { store } = core.services;
    const expected = crowd.map((p) => store.keyOf(`telegram:${p.id}`));
    expect(new Set(members)).toEqual(new Set(expected));
    for (const p of crowd) {
      const doc = await store.loadUser(store.keyOf(`telegram:${p.id}`));
      expect(spiralDataOf(doc!)?.groups[code!]?.criteria.map((c) => c.text), `stored idea of ${p.id}`).toEqual([`Idea of person ${p.id}`]);
    }
    // The facilitator's own count.
    expect(await boss.say('/spiral groups')).toContain(`participants: ${N}`);

    // The bot kept Telegram's limits and lost nothing.
    expect(fake.counters().tooManyRequests).toBe(0);
    expect(core.outbox.stats).toMatchObject({ failed: 0, blocked: 0 });
    expect(fake.calls().filter((c) => !c.ok)).toEqual([]);
    expect(bot.problems).toEqual([]);
  }, 90_000);
});
