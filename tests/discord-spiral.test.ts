// A whole SPIRAL questionnaire in Discord: a facilitator creates a group in the bot's DM, a
// citizen joins with /spiral code:CODE typed in a server channel (answered there ephemerally, only
// she sees it), answers in the DM with buttons and typed ideas, and the facilitator's results come
// with the chart as an attachment in the DM.
import { afterEach, describe, expect, it } from 'vitest';
import type { SpiralData } from '../flows/spiral/types.ts';
import { unescapeDiscord } from '../adapters/discord/format.ts';
import { startDiscord, userOf, type DiscordBot } from './fakes/contract/discord-driver.ts';
import { DiscordPerson, discordMonsGroup } from './helpers/discord-person.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { answerQuestionnaire } from './helpers/spiral-walk.ts';

let bot: DiscordBot | null = null;
let dir = '';
afterEach(async () => {
  await bot?.stop();
  bot = null;
  removeDir(dir);
});

describe('SPIRAL through Discord', () => {
  it('a facilitator creates a group, a citizen joins from a server channel and answers a whole questionnaire; the chart is an attachment', async () => {
    dir = tempDir('together-discord-spiral-');
    bot = await startDiscord(dir, { managers: [`discord:${userOf('spiral-boss')}`] });
    const { fake } = bot;
    const { boss, created, code } = await discordMonsGroup(bot, 'spiral-boss');
    expect(code, created).toBeTruthy();
    // No Discord link carries the code: the invitation shows the command to type instead.
    expect(created).toContain(`/spiral ${code}`);

    const ana = new DiscordPerson(bot, 'spiral-ana <@&1> @everyone', { locale: 'en-US' });
    const callsBefore = fake.calls().length;
    const first = await ana.command('spiral', { code: code! }, { guild: true });
    // In the server: one note only Ana sees, pointing to her DM; the conversation is in the DM.
    expect(first.record.flags! & 64).toBe(64);
    expect(unescapeDiscord(first.record.editedOriginal?.content ?? first.record.content ?? '')).toContain(`https://discord.com/channels/@me/${ana.dm}`);
    expect(first.said).toMatch(/consent/i);
    await ana.pressLabel(/I agree/);
    const joined = (await ana.command('spiral', { code: code! }, { guild: true })).said;
    expect(joined).toContain('Young people of Mons');
    expect(joined).toContain('What do you understand by well-being?');

    const ideas = ['Having friends <3 & *fun*', 'A decent home 🏠', 'Feeling alone @everyone', 'No money at the end of the month', 'I volunteer at the food bank', 'مساعدة الجيران'];
    await answerQuestionnaire(ana, ideas);
    expect(ana.texts().at(-1)).toMatch(/Your answers for “Young people of Mons”/);

    // What one completed questionnaire costs in Discord, from the consent question to the thanks:
    // as many messages as Slack (tests/slack-spiral.test.ts: 20 at most; Telegram 19), one edit
    // per pressed button (the consent, three questions, the review, the classification, six
    // ratings), and every message to her sent once, with mentions off.
    const toAna = fake.calls().slice(callsBefore).filter((c) => c.status === 200 && c.path.includes(`/channels/${ana.dm}/messages`));
    const posted = toAna.filter((c) => c.method === 'POST');
    const edited = toAna.filter((c) => c.method === 'PATCH');
    expect(posted.length).toBe(ana.messages().length);
    expect(posted.length).toBeLessThanOrEqual(20);
    expect(edited.length).toBe(12);
    expect(ana.messages().every((m) => JSON.stringify(m.allowedMentions) === JSON.stringify({ parse: [] }))).toBe(true);

    const store = bot.core.services.store;
    const doc = await store.loadUser(store.keyOf(`discord:${ana.id}`));
    const participation = (doc?.flows.spiral as SpiralData | undefined)?.groups?.[code!];
    expect(participation?.criteria.map((c) => c.text)).toEqual(ideas);
    expect(participation?.finishedAt).toBeTruthy();
    // Nothing Discord refused; nothing in the server channel but the notes only Ana saw.
    expect(fake.calls().filter((c) => c.status >= 400 && c.status !== 429).map((c) => `${c.method} ${c.path} ${c.status} ${c.code}`)).toEqual([]);
    expect(fake.messages(fake.generalChannelId).every((m) => m.to === ana.id && (m.flags & 64) === 64)).toBe(true);

    // The facilitator's results: statistics as text and the chart as an attachment in the DM.
    await boss.command('spiral', { code: `results ${code}` });
    const chart = boss.messages().flatMap((m) => m.attachments).find((a) => a.filename.endsWith('.png'));
    expect(chart?.bytes.length).toBeGreaterThan(1000);
    expect(chart?.bytes.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);
});
