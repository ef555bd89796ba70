// The Home tab end to end: the real bolt app, the Slack adapter and the real core (every flow)
// against the fake Slack. What a person sees there is theirs (SPIRAL groups and progress, the
// caravan stops they follow), and its buttons take them back into the DM where they were.
import { afterEach, describe, expect, it } from 'vitest';
import { personId } from '../src/core/types.ts';
import { caravan } from '../flows/caravan/index.ts';
import { seenOf, startSlack, type SlackBot } from './fakes/contract/slack-driver.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

type ViewBlock = { type: string; text?: { text?: string }; elements?: { action_id: string; value?: string; text?: { text?: string } }[] };

let bot: SlackBot | null = null;
let dir = '';
afterEach(async () => {
  await bot?.stop();
  bot = null;
  removeDir(dir);
});

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A person in Slack: slash commands, DM messages, message buttons and the Home tab. */
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

  async #run(send: () => Promise<{ status: number | string }>): Promise<string> {
    const before = this.b.fake.messages(this.dm).length;
    const ack = await send();
    expect([200, 'acked']).toContain(ack.status);
    await this.b.settle();
    return this.#texts(before);
  }

  command(text: string): Promise<string> {
    return this.#run(() => this.b.fake.sendCommand(this.id, '/together', text, { channel: this.dm }));
  }

  say(text: string): Promise<string> {
    return this.#run(() => this.b.fake.sendMessage(this.id, text));
  }

  pressLabel(label: RegExp): Promise<string> {
    const m = [...this.b.fake.messages(this.dm)].reverse().find((x) => seenOf(x).rows.flat().some((r) => label.test(r.label)));
    const element = ((m?.blocks ?? []) as ViewBlock[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => label.test(e.text?.text ?? ''));
    if (!m || !element) throw new Error(`no button ${label}\n${this.b.fake.describe()}`);
    return this.#run(() => this.b.fake.pressButton(this.id, m.ts, element.action_id));
  }

  /** Opens the Home tab: its blocks once the app published them. */
  async openHome(): Promise<{ text: string; buttons: { actionId: string; label: string; value?: string }[] }> {
    const before = this.b.fake.calls('views.publish').length;
    const ack = await this.b.fake.openHome(this.id);
    expect(ack.status).toBe(200);
    await this.b.fake.waitFor(() => (this.b.fake.calls('views.publish').length > before ? true : undefined), 5000, 'the Home tab published');
    const view = this.b.fake.homeView(this.id) as { blocks: ViewBlock[] };
    return {
      text: view.blocks.map((b) => unescape(b.text?.text ?? '')).join('\n'),
      buttons: view.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).map((e) => ({ actionId: e.action_id, label: e.text?.text ?? '', value: e.value })),
    };
  }

  async pressHome(label: RegExp): Promise<string> {
    const home = await this.openHome();
    const button = home.buttons.find((x) => label.test(x.label));
    if (!button) throw new Error(`no Home button ${label} in ${home.buttons.map((x) => x.label).join(' | ')}`);
    return this.#run(() => this.b.fake.pressHomeButton(this.id, button.actionId));
  }
}

describe('Slack Home tab with the real core', () => {
  it('a person halfway through a SPIRAL group and following a caravan stop sees both, and Continue picks up in the DM', async () => {
    dir = tempDir('together-slack-home-');
    bot = await startSlack(dir);
    const b = bot;
    b.fake.addUser({ id: 'U0HANA', name: 'Ana', locale: 'en-GB', tz: 'America/New_York' });
    b.fake.addUser({ id: 'U0HBO', name: 'Bo', locale: 'en-US', tz: 'Europe/Brussels' });
    const stop = (await caravan.control!['caravan.add']!(b.core.services, { town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date: '2027-06-12', time: '18:30', tz: 'Europe/Bucharest', description: '', languages: 'ro,en' }, () => {})) as { id: string };

    const ana = new Person(b, 'U0HANA');
    await ana.command('agree');
    expect(await ana.command('spiral alone Namur')).toMatch(/What do you understand by well-being\?/);
    expect(await ana.say('Friends nearby')).toContain('Friends nearby');
    expect(await ana.command('done')).toMatch(/ill-being/);
    expect(await ana.command(`caravan ${stop.id}`)).toMatch(/caravan stop in Romania/);
    const card = await ana.pressLabel(/Yes, keep me informed/);
    expect(card, b.fake.describe()).toMatch(/Iași/);
    expect(await ana.pressLabel(/Going/)).toMatch(/see you in Iași/);

    // Bo has his own group: it never shows on Ana's Home tab.
    const bo = new Person(b, 'U0HBO');
    await bo.command('agree');
    await bo.command('spiral alone Liège');

    const home = await ana.openHome();
    expect(home.text).toContain('Namur');
    expect(home.text).toContain('questions answered: 1 of 3');
    expect(home.text).toContain('Iași');
    expect(home.text).not.toContain('Liège');
    expect(home.text).toContain('you are going');
    // The stop's time in Ana's own zone (New York, from Slack) next to the stop's local time, and
    // her reminders when they will reach her: in the morning where she is, not at night.
    expect(home.text).toContain('18:30 — Iași');
    expect(home.text).toMatch(/🕓 Sat, Jun 12, 11:30 EDT your time/);
    expect(home.text).toMatch(/reminders: Fri, Jun 11, 08:00 EDT · Sat, Jun 12, 08:00 EDT/);

    // Continue: the questionnaire goes on in the DM, at the question where Ana stopped.
    const continued = await ana.pressHome(/Continue|Namur/);
    expect(continued).toMatch(/What do you understand by ill-being\?/);
    expect(await ana.say('Loneliness')).toContain('Loneliness');

    // Bo's Home shows his group only.
    const boHome = await bo.openHome();
    expect(boHome.text).toContain('Liège');
    expect(boHome.text).not.toContain('Namur');
    expect(boHome.text).not.toContain('Iași');
    expect(b.fake.calls().filter((c) => !c.ok && c.status !== 429).map((c) => `${c.method} ${c.error}`)).toEqual([]);
  }, 30_000);

  it('a stranger sees the greeting; Start begins onboarding in the DM, and nothing is stored before', async () => {
    dir = tempDir('together-slack-home-');
    bot = await startSlack(dir);
    const b = bot;
    b.fake.addUser({ id: 'U0HNEW', name: 'Neo', locale: 'fr-FR', tz: 'Europe/Paris' });
    const neo = new Person(b, 'U0HNEW');
    const home = await neo.openHome();
    expect(home.text).toMatch(/Bonjour/);
    expect(home.buttons.map((x) => x.value)).toEqual(['/start']);
    const store = b.core.services.store;
    const key = store.keyOf(personId({ channel: 'slack', chatId: neo.dm, userId: neo.id }));
    expect(await store.loadUser(key)).toBeNull();

    const started = await neo.pressHome(/./);
    // Onboarding in the DM, in the person's Slack language.
    expect(started).toMatch(/langue|consentement|enregistre/i);
    expect(b.fake.messages(neo.dm).length).toBeGreaterThan(0);
    // Nothing of anyone else, nothing in any channel.
    expect(started).not.toMatch(/Namur|Liège/);
  }, 30_000);
});
