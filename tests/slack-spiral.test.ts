// A whole SPIRAL questionnaire in Slack: a facilitator creates a group through /together, a
// citizen joins with /spiral CODE typed in a channel, answers in the DM with buttons and typed
// ideas, and the facilitator's results come with the chart uploaded into the DM.
import { afterEach, describe, expect, it } from 'vitest';
import type { SpiralData } from '../flows/spiral/types.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { answerQuestionnaire, createMonsGroup } from './helpers/spiral-walk.ts';
import { seenOf, startSlack, type SlackBot } from './fakes/contract/slack-driver.ts';

let bot: SlackBot | null = null;
let dir = '';
afterEach(async () => {
  await bot?.stop();
  bot = null;
  removeDir(dir);
});

type Element = { type?: string; value?: string; action_id?: string; text?: { text?: string } };

/** A person in Slack: types in the DM, runs slash commands, presses buttons by their core value. */
class Person {
  constructor(
    readonly b: SlackBot,
    readonly id: string,
  ) {}

  get dm(): string {
    return this.b.fake.dmOf(this.id);
  }

  #texts(from: number): string {
    return this.b.fake.messages(this.dm).slice(from).map((m) => seenOf(m).text).join('\n');
  }

  async say(text: string): Promise<string> {
    const before = this.b.fake.messages(this.dm).length;
    await this.b.fake.sendMessage(this.id, text);
    await this.b.settle();
    return this.#texts(before);
  }

  async command(text: string, channel?: string): Promise<string> {
    const before = this.b.fake.messages(this.dm).length;
    await this.b.fake.sendCommand(this.id, '/together', text, { channel: channel ?? this.dm });
    await this.b.settle();
    return this.#texts(before);
  }

  #buttons(): { ts: string; elements: Element[] } {
    const m = [...this.b.fake.messages(this.dm)].reverse().find((x) => (x.blocks ?? []).some((b) => (b as { type?: string }).type === 'actions'));
    const elements = ((m?.blocks ?? []) as { type?: string; elements?: Element[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    return { ts: m?.ts ?? '', elements };
  }

  async #pressElement(ts: string, e: Element): Promise<string> {
    const before = this.b.fake.messages(this.dm).length;
    await this.b.fake.pressButton(this.id, ts, e.action_id!);
    await this.b.settle();
    return this.#texts(before);
  }

  /** Presses the button whose core value (before the first "|") matches. */
  press(value: RegExp): Promise<string> {
    const { ts, elements } = this.#buttons();
    const e = elements.find((x) => value.test((x.value ?? '').split('|')[0] ?? ''));
    if (!e) throw new Error(`no button ${value} in ${elements.map((x) => x.value).join(' ')}\n${this.b.fake.describe()}`);
    return this.#pressElement(ts, e);
  }

  pressLabel(label: RegExp): Promise<string> {
    const { ts, elements } = this.#buttons();
    const e = elements.find((x) => label.test(x.text?.text ?? ''));
    if (!e) throw new Error(`no button labelled ${label} in ${elements.map((x) => x.text?.text).join(' | ')}`);
    return this.#pressElement(ts, e);
  }
}

describe('SPIRAL through Slack', () => {
  it('a facilitator creates a group, a citizen joins from a channel and answers a whole questionnaire; the chart is uploaded', async () => {
    dir = tempDir('together-slack-spiral-');
    bot = await startSlack(dir, { managers: ['slack:U0BOSS'] });
    bot.fake.addUser({ id: 'U0BOSS', name: 'Boss', locale: 'en-GB' });
    bot.fake.addUser({ id: 'U0ANA', name: 'Ana <!channel>', locale: 'en-US', tz: 'Europe/Bucharest' });
    bot.fake.addChannel({ id: 'C0GENERAL', name: 'general' });
    const boss = new Person(bot, 'U0BOSS');
    await boss.command('agree');
    await boss.command('spiral new');
    const created = await createMonsGroup(boss);
    const code = /Join code: ([A-Z0-9]{6})/.exec(created)?.[1];
    expect(code, created).toBeTruthy();
    // No Slack link can carry the code: the invitation shows the command to type instead.
    expect(created).toContain(`/spiral ${code}`);
    expect(created).not.toMatch(/Slack link/);

    const ana = new Person(bot, 'U0ANA');
    const callsBefore = bot.fake.calls().length;
    expect(await ana.command(`spiral ${code}`, 'C0GENERAL')).toMatch(/consent/i);
    expect(bot.fake.ephemerals('C0GENERAL', 'U0ANA')).toHaveLength(1);
    await ana.pressLabel(/I agree/);
    const joined = await ana.command(`spiral ${code}`, 'C0GENERAL');
    expect(joined).toContain('Young people of Mons');
    expect(joined).toContain('What do you understand by well-being?');

    const ideas = ['Having friends <3 & *fun*', 'A decent home 🏠', 'Feeling alone', 'No money at the end of the month', 'I volunteer at the food bank', 'مساعدة الجيران'];
    await answerQuestionnaire(ana, ideas);
    expect(bot.fake.messages(ana.dm).map((m) => seenOf(m).text).join('\n')).toMatch(/Thank/i);
    // What one completed questionnaire costs in Slack, from the consent question to the thanks:
    // Telegram's chat in tests/telegram-spiral.test.ts has 19 messages; Slack at most one more:
    // the typed command is kept through the consent (pressing "I agree" joins), and Ana types it
    // again, which answers where she is. One update per pressed button (the consent, three
    // questions, the review, the classification, six ratings).
    const toAna = bot.fake.calls().slice(callsBefore).filter((c) => c.ok && c.params.channel === ana.dm);
    const posted = toAna.filter((c) => c.method === 'chat.postMessage').length;
    const updated = toAna.filter((c) => c.method === 'chat.update').length;
    expect(posted).toBe(bot.fake.messages(ana.dm).length);
    expect(posted).toBeLessThanOrEqual(20);
    expect(updated).toBe(12);

    const store = bot.core.services.store;
    const doc = await store.loadUser(store.keyOf('slack:U0ANA'));
    const participation = (doc?.flows.spiral as SpiralData | undefined)?.groups?.[code!];
    expect(participation?.criteria.map((c) => c.text)).toEqual(ideas);
    expect(participation?.finishedAt).toBeTruthy();
    expect(doc?.tz).toBe('Europe/Bucharest');
    // Nothing Slack refused (the fake has no bots.info: the app id for links), nothing in the
    // channel but the notes only Ana saw.
    expect(bot.fake.calls().filter((c) => !c.ok && c.status !== 429 && c.method !== 'bots.info').map((c) => `${c.method} ${c.error}`)).toEqual([]);
    expect(bot.fake.messages('C0GENERAL')).toEqual([]);

    // The facilitator's results: statistics as text and the chart uploaded into the DM.
    await boss.command(`spiral results ${code}`);
    const chart = bot.fake.uploads(boss.dm).find((u) => u.filename.endsWith('.png'));
    expect(chart?.bytes.length).toBeGreaterThan(1000);
  }, 60_000);
});
