import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramBot, chatTexts, type TelegramBot } from './helpers/telegram-bot.ts';
import { dispose } from './helpers/harness.ts';
import { answerQuestionnaire, createMonsGroup } from './helpers/spiral-walk.ts';
import type { FakeTelegram } from './fakes/telegram/index.ts';
import type { SpiralData } from '../flows/spiral/types.ts';

let bot: TelegramBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

/** A person in Telegram: types, presses buttons by their value, and reads what came back. */
class Person {
  constructor(readonly b: TelegramBot, readonly user: { id: number; language_code?: string; first_name?: string }) {}

  get fake(): FakeTelegram {
    return this.b.fake;
  }

  /** Everything the bot did for this update has happened: handled, saved, sent. */
  async settle(): Promise<void> {
    await this.fake.waitForIdle(10_000);
    await this.b.core.engine.idle();
    await this.b.core.outbox.drain();
  }

  async say(text: string): Promise<string> {
    const before = this.fake.messages(this.user.id).length;
    this.fake.sendText(this.user, text);
    await this.settle();
    return chatTexts(this.fake, this.user.id).slice(before).join('\n');
  }

  buttons() {
    const m = [...this.fake.messages(this.user.id)].reverse().find((x) => (x.buttons ?? []).flat().length > 0);
    return { message: m!, buttons: (m?.buttons ?? []).flat() };
  }

  /** Presses the button whose core value (before the first "|") matches. */
  async press(value: RegExp): Promise<string> {
    const { message, buttons } = this.buttons();
    const b = buttons.find((x) => value.test((x.data ?? '').split('|')[0] ?? ''));
    if (!b?.data) throw new Error(`no button ${value} in ${buttons.map((x) => x.data).join(' ')}\n${this.fake.describe()}`);
    const before = this.fake.messages(this.user.id).length;
    this.fake.pressButton(this.user, message.message_id, b.data);
    await this.settle();
    return chatTexts(this.fake, this.user.id).slice(before).join('\n');
  }

  async pressLabel(label: RegExp): Promise<string> {
    const { buttons } = this.buttons();
    const b = buttons.find((x) => label.test(x.text));
    if (!b) throw new Error(`no button labelled ${label} in ${buttons.map((x) => x.text).join(' | ')}`);
    return this.press(new RegExp(`^${((b.data ?? '').split('|')[0] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }
}

describe('SPIRAL through Telegram', () => {
  it('a facilitator creates a group, a citizen joins by deep link and answers a whole questionnaire', async () => {
    bot = await startTelegramBot({ managers: ['telegram:100'] });
    const boss = new Person(bot, { id: 100, first_name: 'Boss' });
    await boss.say('/agree');
    await boss.say('/spiral new');
    const created = await createMonsGroup(boss);
    const link = /https:\/\/t\.me\/together_test_bot\?start=g_([A-Z0-9]+)/.exec(created);
    expect(link, created).not.toBeNull();
    const code = link![1]!;

    const ana = new Person(bot, { id: 200, first_name: 'Ana <b>*_[', language_code: 'en' });
    expect(await ana.say(`/start g_${code}`)).toMatch(/consent/i);
    const joined = await ana.pressLabel(/I agree/);
    expect(joined).toContain('Young people of Mons');
    expect(joined).toContain('What do you understand by well-being?');

    const ideas = ['Having friends <3 & *fun*', 'A decent home 🏠', 'Feeling alone', 'No money at the end of the month', 'I volunteer at the food bank', 'مساعدة الجيران'];
    await answerQuestionnaire(ana, ideas);
    const end = chatTexts(bot.fake, 200).join('\n');
    expect(end).toMatch(/Thank/i);

    const store = bot.core.services.store;
    const doc = await store.loadUser(store.keyOf('telegram:200'));
    const participation = (doc?.flows.spiral as SpiralData | undefined)?.groups?.[code];
    expect(participation?.criteria.map((c) => c.text)).toEqual(ideas);
    expect(participation?.finishedAt).toBeTruthy();
    expect(bot.fake.counters().statuses?.['400'] ?? 0).toBe(0);

    // The facilitator's results: statistics as text and the chart as a photo.
    const before = bot.fake.messages(100).length;
    bot.fake.sendText(boss.user, `/spiral results ${code}`);
    await boss.settle();
    const photo = bot.fake.messages(100).slice(before).find((m) => m.photo);
    expect(photo?.photo?.file_size).toBeGreaterThan(1000);
  });
});
