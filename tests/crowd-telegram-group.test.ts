/**
 * Twenty people type personal commands in a Telegram group at the same moment, through the real
 * adapter (long polling) against the fake Bot API with Telegram's limits (twenty times faster,
 * 20 messages a minute in a group), while each has a SPIRAL questionnaire open in private.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMonsGroup } from './helpers/spiral-walk.ts';
import { chatPerson } from './helpers/crowd-chat-person.ts';
import { chatsSentTo, matching, people, settle, startCrowdBot, textsIn, type CrowdBot } from './helpers/crowd-telegram.ts';
import { spiralDataOf } from '../flows/spiral/participant.ts';

let bot: CrowdBot | null = null;
afterEach(async () => {
  await bot?.stop();
  bot = null;
});

const BOSS = 1;
const N = 20;
const GROUP = { id: -1001234567890, type: 'supergroup' as const, title: 'Mons coordination' };
const POINTER = /^I answer this only in our private chat, so nothing personal shows in the group\. Open it here: (\S+)$/;

describe('personal commands typed in a group by 20 people at once', () => {
  it('the group gets one pointer per command and nothing personal; nothing is stored or answered; the private chat has it all', async () => {
    // Privacy mode off: the bot receives the group's plain messages too, which it must not take as answers.
    bot = await startCrowdBot({ fakeLimits: { scale: 20 }, managers: [`telegram:${BOSS}`], privacyMode: false });
    const { fake, core } = bot;
    const { store } = core.services;
    const boss = chatPerson(bot, { id: BOSS });
    await boss.say('/agree');
    await boss.say('/spiral new');
    const code = /\?start=g_([A-Z0-9]+)/.exec(await createMonsGroup(boss))![1]!;

    // Each person has a private life with the bot: consent, a SPIRAL group with an idea of their
    // own (the questionnaire still open), the caravan followed.
    const crowd = people(N, 40_000);
    const secret = (id: number) => `Secret idea of person ${id}`;
    for (const p of crowd) fake.sendText(p, '/agree');
    await settle(bot);
    for (const p of crowd) fake.sendText(p, `/spiral ${code}`);
    await settle(bot);
    for (const p of crowd) fake.sendText(p, secret(p.id));
    await settle(bot);
    const before = new Map<number, string>();
    for (const p of crowd) {
      expect(matching(fake, p.id, /Idea 1 noted/), `chat ${p.id}`).toHaveLength(1);
      before.set(p.id, JSON.stringify(await store.loadUser(store.keyOf(`telegram:${p.id}`))));
    }

    fake.addBotToGroup(GROUP, { id: BOSS });
    await settle(bot);
    const since = fake.mark();
    const callsBefore = fake.calls().length;
    // At the same moment, each types three personal commands (some addressed to the bot by name)
    // and a line that would be an idea if it were taken as an answer; a stranger does too.
    const stranger = { id: 49_999, first_name: 'Stranger' };
    for (const [i, p] of [...crowd, stranger].entries()) {
      const at = i % 2 ? '@together_test_bot' : '';
      fake.sendText(p, `/mydata${at}`, { chat: GROUP });
      fake.sendText(p, `/spiral${at} ${code}`, { chat: GROUP });
      fake.sendText(p, `/plan${at}`, { chat: GROUP });
      fake.sendText(p, `Group line of person ${p.id}`, { chat: GROUP });
    }
    await settle(bot);

    const inGroup = fake.messages(GROUP.id).filter((m) => m.from_bot && m.updated_seq > since);
    expect(inGroup).toHaveLength(3 * (N + 1));
    const links = inGroup.map((m) => POINTER.exec(m.text ?? '')?.[1]);
    expect(links.filter((l) => l === undefined), inGroup.map((m) => m.text).join('\n---\n')).toEqual([]);
    expect(links.filter((l) => l === `https://t.me/together_test_bot?start=g_${code}`)).toHaveLength(N + 1);
    expect(links.filter((l) => l === 'https://t.me/together_test_bot')).toHaveLength(2 * (N + 1));
    for (const m of inGroup) expect(m.buttons.flat(), 'no buttons in the group').toEqual([]);
    // Only the group was written to: no private message, no edit, no file came of the group's commands.
    const after = fake.calls().slice(callsBefore);
    expect(new Set(after.filter((c) => /^(send|edit)/i.test(c.method)).map((c) => Number(c.params.chat_id)))).toEqual(new Set([GROUP.id]));
    // Nothing was stored: the documents are as they were, no idea came from the group, no document for the stranger.
    for (const p of crowd) expect(JSON.stringify(await store.loadUser(store.keyOf(`telegram:${p.id}`))), `document of ${p.id}`).toBe(before.get(p.id));
    expect(await store.loadUser(store.keyOf(`telegram:${stranger.id}`))).toBeNull();

    // The private chat has it all: the link opens the same thing, and /mydata shows their own data only.
    for (const p of crowd) fake.sendText(p, `/start g_${code}`);
    await settle(bot);
    for (const p of crowd) fake.sendText(p, '/mydata');
    await settle(bot);
    for (const p of crowd) {
      const texts = textsIn(fake, p.id).join('\n');
      expect(texts, `chat ${p.id}`).toContain(secret(p.id));
      expect(texts, `chat ${p.id}`).not.toContain('Group line');
      expect(texts.match(/Secret idea of person \d+/g)?.every((s) => s === secret(p.id)), `only their own ideas, chat ${p.id}`).toBe(true);
      const file = fake.messages(p.id).find((m) => m.document);
      const json = file?.document?.bytes?.toString('utf8') ?? '';
      expect(json, `the /mydata document of ${p.id}`).toContain(secret(p.id));
      expect(json.match(/Secret idea of person \d+/g)?.every((s) => s === secret(p.id))).toBe(true);
      const participation = spiralDataOf((await store.loadUser(store.keyOf(`telegram:${p.id}`)))!)?.groups[code];
      expect(participation?.criteria.map((c) => c.text)).toEqual([secret(p.id)]);
    }
    const allowed = new Set([BOSS, GROUP.id, ...crowd.map((p) => p.id)]);
    expect([...chatsSentTo(fake)].filter((id) => !allowed.has(id))).toEqual([]);
    expect(core.outbox.stats).toMatchObject({ failed: 0, blocked: 0 });
    expect(bot.problems.filter((p) => p.msg !== 'rate limited; waiting')).toEqual([]);
    // The bot paces a group at one message per 3.1 s (3 s sped up here 20 times, with a margin of
    // 5 ms): a request held up on a loaded machine can still reach the fake right behind the next
    // and get a 429 from Telegram's sliding minute; it is sent again, none lost or doubled.
    expect(fake.calls().filter((c) => c.http_status === 429 && Number(c.params.chat_id) !== GROUP.id)).toEqual([]);
  }, 60_000);
});
