import { afterEach, describe, expect, it } from 'vitest';
import { homeView } from '../src/engine/home.ts';
import { defineFlow, jobsAbout, type HomeSection } from '../src/engine/index.ts';
import type { HomeView } from '../src/channels/channel.ts';
import { personId } from '../src/core/types.ts';
import { allFlows } from '../flows/index.ts';
import { caravan } from '../flows/caravan/index.ts';
import type { Stop } from '../flows/caravan/types.ts';
import { stopFields } from './helpers/caravan-bot.ts';
import { citizen, cleanup, createGroup, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';
import { startBot, dispose, type Bot } from './helpers/harness.ts';
import type { FakeUser } from './helpers/memory-channel.ts';

let bot: SpiralBot | undefined;
let plain: Bot | undefined;
afterEach(async () => {
  await cleanup(bot);
  await dispose(plain);
  bot = undefined;
  plain = undefined;
});

const home = (b: SpiralBot, id: string, locale?: string) => homeView(b.core.services, b.channel.address(id), locale);
const docOf = (b: SpiralBot, id: string) => b.core.services.store.loadUser(b.core.services.store.keyOf(`memory:${id}`));
const allText = (v: HomeView) => [v.title, ...v.sections.map((s) => s.text)].join('\n');
const buttonOf = (v: HomeView, label: string | RegExp) => {
  const b = v.sections.flatMap((s) => s.buttons ?? []).find((x) => (typeof label === 'string' ? x.label.includes(label) : label.test(x.label)));
  if (!b) throw new Error(`No home button ${String(label)} in: ${v.sections.flatMap((s) => s.buttons ?? []).map((x) => x.label).join(' | ')}`);
  return b;
};

/**
 * Ana: consented, two ideas for the first question of a group then /cancel (kept there), following
 * Romania and going to the Iași stop. Returns the group code and the stop.
 */
async function ana(b: SpiralBot): Promise<{ u: FakeUser; code: string; stop: Stop }> {
  const boss = await citizen(b, 'boss');
  const code = await createGroup(b, boss, { name: 'Young people of Namur' });
  const stop = (await caravan.control!['caravan.add']!(b.core.services, stopFields(), () => {})) as Stop;
  const u = await citizen(b, 'ana');
  await u.send(`/spiral ${code}`);
  await u.send('Having friends');
  await u.send('A decent home');
  await pressValue(u, /^!done$/);
  await u.send('/cancel');
  await u.send(`/caravan join ${stop.id}`);
  await u.press('Yes');
  await u.press('Going');
  return { u, code, stop };
}

describe('the home view (Slack App Home)', () => {
  it('shows a half-done SPIRAL group and a followed caravan stop, with reminders, and its buttons run the flows', async () => {
    bot = await startSpiralBot();
    const { u, code, stop } = await ana(bot);
    const before = JSON.stringify(await docOf(bot, 'ana'));
    const view = await home(bot, 'ana', 'fr-FR');

    // Her stored language (English, from /agree in English) wins over the platform's locale.
    expect(view.title).toBe('TOGETHER — your home');
    const [spiral, caravanPart] = view.sections;
    expect(spiral?.text).toContain('Young people of Namur');
    expect(spiral?.text).toContain(code);
    expect(spiral?.text).toContain('questions answered: 1 of 3');
    expect(spiral?.text).toContain('ideas: 2');
    // The nudge planned a day after joining (2026-03-03 09:00 UTC), in the bot's zone: 10:00 in Brussels.
    expect(spiral?.text).toMatch(/reminder planned: .*Mar 3.*10:00/);
    expect(caravanPart?.text).toContain('You follow: Romania.');
    expect(caravanPart?.text).toContain('Iași, Casa de Cultură');
    expect(caravanPart?.text).toContain('you are going');
    // The eve (11:00 Bucharest = 10:00 Brussels) and the day (08:00 = 07:00) reminders.
    expect(caravanPart?.text).toMatch(/reminders: .*May 11.*10:00.*May 12.*07:00/);
    // Building the view changed nothing of hers.
    expect(JSON.stringify(await docOf(bot, 'ana'))).toBe(before);

    // Pressed later from the home screen (no message of the chat carries them): each runs its flow.
    const resumed = texts(await u.pressToken(buttonOf(view, 'Continue: Young people of Namur').token));
    expect(resumed).toContain('Welcome back to “Young people of Namur”');
    expect(resumed).toContain('Question 2 of 3');
    expect(texts(await u.pressToken(buttonOf(view, 'Caravan menu').token))).toContain('The Caravan of co-responsibility travels');
    expect(texts(await u.pressToken(buttonOf(view, 'Iași').token))).toContain(stop.venue);
  });

  it('writes times in the person’s own time zone, and in their language', async () => {
    bot = await startSpiralBot();
    await ana(bot);
    await bot.core.services.updateUser('memory:ana', (d) => {
      d.tz = 'America/New_York';
      d.lang = 'fr';
    });
    const view = await home(bot, 'ana');
    expect(view.title).toBe('TOGETHER — votre accueil');
    expect(allText(view)).toContain('questions répondues : 1 sur 3');
    expect(allText(view)).toContain('vous y allez');
    // 08:00 UTC on 11 May is 04:00 in New York, 05:00 UTC on 12 May is 01:00: night there, so
    // each reminder waits for 08:00 New York time (the caravan's quiet hours, in the person's zone).
    expect(allText(view)).toMatch(/rappels : .*11 mai.*08:00.*12 mai.*08:00/);
    expect(buttonOf(view, 'Continuer : Young people of Namur')).toBeDefined();
  });

  it('someone who never wrote gets the greeting and a start button in their platform language, and no document', async () => {
    bot = await startSpiralBot();
    const view = await home(bot, 'stranger', 'fr-BE');
    expect(view).toEqual({ title: 'TOGETHER — votre accueil', sections: [{ text: expect.stringContaining('Bonjour !'), buttons: [{ label: '▶ Commencer', token: '/start' }] }] });
    expect(await docOf(bot, 'stranger')).toBeNull();
    // Unknown platform language: the bot's default.
    expect((await home(bot, 'stranger', 'xx')).title).toBe('TOGETHER — your home');
    expect(await docOf(bot, 'stranger')).toBeNull();
  });

  it('someone who has not consented yet gets only the greeting, even with a document', async () => {
    bot = await startSpiralBot();
    const u = bot.user('undecided', 'en');
    await u.send('/start');
    await u.press('English');
    expect(await docOf(bot, 'undecided')).not.toBeNull();
    const view = await home(bot, 'undecided');
    expect(view.sections).toHaveLength(1);
    expect(view.sections[0]?.buttons).toEqual([{ label: '▶ Start', token: '/start' }]);
  });

  it('never shows another person’s data, and another person cannot use its buttons', async () => {
    bot = await startSpiralBot();
    const { code } = await ana(bot);
    const bob = await citizen(bot, 'bob');
    const view = await home(bot, 'bob');
    const text = allText(view);
    expect(text).not.toContain('Young people of Namur');
    expect(text).not.toContain(code);
    expect(text).toContain('You are not in any group yet.');
    expect(text).toContain('You do not follow the caravan yet.');
    expect(view.sections.flatMap((s) => s.buttons ?? []).map((b) => b.label)).toEqual(['Answer on my own', '🚐 Caravan menu']);
    // Ana's home button pressed by Bob is refused.
    const anas = await home(bot, 'ana');
    expect(texts(await bob.pressToken(buttonOf(anas, 'Continue').token))).toContain('belongs to someone else');
  });

  it('after /forget nothing remains: the greeting again, no document, no job', async () => {
    bot = await startSpiralBot();
    const { u } = await ana(bot);
    const key = bot.core.services.store.keyOf(personId(bot.channel.address('ana')));
    expect(await jobsAbout(bot.core.services.store, key)).not.toEqual([]);
    await u.send('/forget');
    await u.press('Yes, erase everything');
    const view = await home(bot, 'ana', 'en');
    expect(view.sections).toEqual([{ text: expect.stringContaining('Press “Start”'), buttons: [{ label: '▶ Start', token: '/start' }] }]);
    expect(await docOf(bot, 'ana')).toBeNull();
    expect(await jobsAbout(bot.core.services.store, key)).toEqual([]);
  });

  it('a flow’s home is read-only: one that tries to answer is left out, the others still show', async () => {
    const loud = defineFlow({
      id: 'loud',
      version: 1,
      home: (ctx): HomeSection[] => {
        ctx.say('hello');
        return [{ text: 'never shown' }];
      },
    });
    const quiet = defineFlow({ id: 'quiet', version: 1, home: (): HomeSection[] => [{ text: 'quiet part' }] });
    plain = await startBot({ flows: [...allFlows, loud, quiet] });
    const u = plain.user('zoe', 'en');
    await u.send('/agree');
    const view = await homeView(plain.core.services, plain.channel.address('zoe'));
    const text = allText(view);
    expect(text).not.toContain('never shown');
    expect(text).toContain('quiet part');
    expect(text).toContain('SPIRAL — your groups');
  });
});
