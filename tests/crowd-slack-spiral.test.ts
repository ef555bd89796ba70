/**
 * 150 people write to the Slack app for the first time at the same moment, then all type
 * `/together spiral CODE` in one channel at once (and once more after consenting), through the real Slack adapter (bolt, HTTP
 * mode) against the fake Slack keeping Slack's limits (20 times faster). Slack delivers an event
 * again when the app's answer is late (X-Slack-Retry-Num, same event_id): a third of the first
 * messages arrive twice at once and once more later.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMonsGroup } from './helpers/spiral-walk.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { duplicatePosts, settleSlack, slackButton, slackChatPerson, slackMatching, slackPostedTo, slackTexts, startCrowdSlack } from './helpers/crowd-slack.ts';
import { seenOf, type SlackBot } from './fakes/contract/slack-driver.ts';
import { all, spiralRecords } from '../flows/spiral/records.ts';
import { spiralDataOf } from '../flows/spiral/participant.ts';

let bot: SlackBot | null = null;
let dir = '';
afterEach(async () => {
  await bot?.stop();
  bot = null;
  removeDir(dir);
});

const BOSS = 'U0CRWBOSS';
const CHANNEL = 'C0CRWGEN';
const N = 150;
const crowd = Array.from({ length: N }, (_, i) => `U0CRW${String(i).padStart(4, '0')}`);

describe('150 people join one SPIRAL group through Slack at the same moment', () => {
  it('each is a member once, gets each reply once in their own DM; the channel shows only the notes each typer sees', async () => {
    dir = tempDir('together-crowd-slack-spiral-');
    bot = await startCrowdSlack(dir, { managers: [`slack:${BOSS}`] });
    const b = bot;
    const { fake } = b;
    fake.addUser({ id: BOSS, name: 'Fac', locale: 'en-GB' });
    fake.addChannel({ id: CHANNEL, name: 'general' });
    for (const id of crowd) fake.addUser({ id, name: `Person ${id}`, locale: 'en-US', tz: 'Europe/Brussels' });
    const boss = slackChatPerson(b, BOSS);
    await boss.command('agree');
    await boss.command('spiral new');
    const created = await createMonsGroup(boss);
    const code = /Join code: ([A-Z0-9]{6})/.exec(created)?.[1];
    expect(code, created).toBeTruthy();

    // Everyone's first message at once; for every third person Slack's retry (same event_id,
    // X-Slack-Retry-Num: 1) arrives while the first delivery is still being handled, and a second
    // retry after the answer.
    const retried = crowd.filter((_, i) => i % 3 === 0);
    const acks = await Promise.all(
      crowd.map(async (id, i) => {
        if (i % 3 !== 0) return [await fake.sendMessage(id, `hello from ${id}`)];
        const eventId = `EvCRW${String(i).padStart(6, '0')}`;
        return Promise.all([fake.sendMessage(id, `hello from ${id}`, { eventId }), fake.sendMessage(id, `hello from ${id}`, { eventId, retryNum: 1 })]);
      }),
    );
    expect(acks.flat().every((a) => a.status === 200)).toBe(true);
    await Promise.all(retried.map((id) => fake.resend(acks[crowd.indexOf(id)]![0]!)));
    await settleSlack(b);

    // A newcomer's first words are answered as /start: the greeting and the language question, once each.
    for (const id of crowd) expect(slackTexts(b, fake.dmOf(id)), `first answer, ${id}`).toEqual([expect.stringMatching(/^Hello! I am the TOGETHER bot[\s\S]*Which language do you prefer\?$/)]);

    // All type the group's command in the same channel at the same moment: the consent comes first…
    const typed = async () => {
      const acks = await Promise.all(crowd.map((id) => fake.sendCommand(id, '/together', `spiral ${code}`, { channel: CHANNEL })));
      expect(acks.every((a) => a.status === 200)).toBe(true);
      await settleSlack(b);
    };
    await typed();
    for (const id of crowd) {
      const dm = fake.dmOf(id);
      expect(slackMatching(b, dm, /I need your consent/), `consent asked, ${id}:\n${slackTexts(b, dm).join('\n---\n')}`).toHaveLength(1);
    }
    await Promise.all(
      crowd.map((id) => {
        const agree = slackButton(b, fake.dmOf(id), /I agree/);
        return fake.pressButton(id, agree.message.ts, agree.actionId);
      }),
    );
    await settleSlack(b);
    // The code was kept through the consent: each has joined. Everyone types it again at once.
    await typed();
    // Each types an idea of their own at once: an acknowledgement quoting another's idea would be a crossed reply.
    await Promise.all(crowd.map((id) => fake.sendMessage(id, `Idea of ${id}`)));
    await settleSlack(b);

    for (const id of crowd) {
      const dm = fake.dmOf(id);
      const texts = slackTexts(b, dm).join('\n---\n');
      expect(slackMatching(b, dm, /Which language do you prefer/), `first answer, ${id}:\n${texts}`).toHaveLength(1);
      expect(slackMatching(b, dm, /I need your consent/), `consent asked, ${id}`).toHaveLength(1);
      expect(slackMatching(b, dm, /your consent is recorded/), `consent recorded, ${id}:\n${texts}`).toHaveLength(1);
      expect(slackMatching(b, dm, /Welcome to “Young people of Mons”/), `welcome, ${id}:\n${texts}`).toHaveLength(1);
      expect(duplicatePosts(b, dm), `posted twice, ${id}`).toEqual([]);
      expect(slackMatching(b, dm, /You are already answering for “Young people of Mons”/), `typed again, ${id}`).toHaveLength(1);
      expect(texts, id).not.toMatch(/error|went wrong|expired/i);
      const consent = slackMatching(b, dm, /I need your consent/)[0]!;
      // Marked once, even when chat.update (and the history read behind it) answered 429.
      expect(fake.calls('chat.update').filter((c) => c.ok && c.params.channel === dm && c.params.ts === consent.ts).length, `marks, ${id}`).toBe(1);
      expect(slackMatching(b, dm, /Idea 1 noted: “Idea of U0CRW\d{4}”/), `idea acknowledged, ${id}`).toHaveLength(1);
      // Nothing of anyone else's in their DM.
      expect(texts.match(/U0CRW\d{4}/g), id).toEqual([id]);
      // One note per command in the channel, seen by this person only, pointing to the DM.
      const notes = fake.ephemerals(CHANNEL, id);
      expect(notes, `notes to ${id}`).toHaveLength(2);
      for (const note of notes) expect(note.to).toBe(id);
      for (const note of notes) expect(seenOf(note).text).toMatch(/private chat/i);
    }
    // The channel itself holds nothing anyone else sees, and every note went to the one who typed.
    expect(fake.messages(CHANNEL)).toEqual([]);
    expect(fake.ephemerals(CHANNEL)).toHaveLength(2 * N);
    const dms = new Set([BOSS, ...crowd].map((id) => fake.dmOf(id)));
    expect([...slackPostedTo(b)].filter((c) => !dms.has(c))).toEqual([]);
    expect(fake.calls('chat.postEphemeral').filter((c) => c.params.channel === CHANNEL && !crowd.includes(String(c.params.user)))).toEqual([]);

    const records = await spiralRecords(b.core.services.store);
    const members = (await all(records.members, { group: code! })).map((m) => m.key);
    const { store } = b.core.services;
    expect(members).toHaveLength(N);
    expect(new Set(members)).toEqual(new Set(crowd.map((id) => store.keyOf(`slack:${id}`))));
    expect(await boss.command('spiral groups')).toContain(`participants: ${N}`);

    // 150 presses marked at once outrun chat.update's tier (50 a minute, bursts of 50): Slack
    // answered 429 with Retry-After and the marks waited.
    expect(fake.calls('chat.update').filter((c) => c.status === 429).length).toBeGreaterThan(0);
    // Slack's limits were met by waiting, not by losing anything.
    expect(b.core.outbox.stats).toMatchObject({ failed: 0, blocked: 0 });
    expect(fake.calls().filter((c) => !c.ok && c.status !== 429 && c.method !== 'bots.info').map((c) => `${c.method} ${c.error}`)).toEqual([]);
    for (const id of crowd) {
      const doc = await store.loadUser(store.keyOf(`slack:${id}`));
      expect(spiralDataOf(doc!)?.groups[code!]?.criteria.map((c) => c.text), `stored idea of ${id}`).toEqual([`Idea of ${id}`]);
    }
  }, 60_000);
});
