import { afterEach, describe, expect, it } from 'vitest';
import { startBot, removeDir, type Bot } from './helpers/harness.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';
import { sampleFlow } from './helpers/sample-flow.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import type { Flow } from '../src/engine/index.ts';

let bot: Bot;
afterEach(async () => {
  await bot.stop();
  removeDir(bot.dir);
});

const flows = (f: Flow = sampleFlow()) => [onboarding, privacy, f];

async function consented(b: Bot, id: string): Promise<FakeUser> {
  const u = b.user(id);
  await u.send('/agree');
  return u;
}

/** The owner tag of a user's buttons: the first 4 hex digits of their key. */
const ownerTag = (b: Bot, id: string) => b.core.services.store.keyOf(`memory:${id}`).slice(0, 4);

/** `id`, or a variant of it, whose buttons do not carry the same owner tag as `owner`'s. */
function otherThan(b: Bot, owner: string, id: string): string {
  let other = id;
  while (ownerTag(b, other) === ownerTag(b, owner)) other += '+';
  return other;
}

function answers(b: Bot, id: string) {
  return b.core.services.store.loadUser(b.core.services.store.keyOf(`memory:${id}`)).then((d) => d?.flows.sample as any);
}

describe('engine', () => {
  it('runs a flow: progress, list with /done, paged choices, optional /skip, end', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u1');
    expect(texts(await u.send('/sample'))).toContain('Question 1 of 4');
    await u.send('Ana');
    expect(texts(await u.send('first idea'))).toContain('Noted: first idea');
    expect(texts(await u.send('second idea 🌍'))).toContain('Noted');
    expect(u.findButton('Done')).toBeDefined();
    const r = texts(await u.send('/done'));
    expect(r).toContain('Pick a colour');
    expect(u.findButton('Colour 9')).toBeUndefined();
    await u.press('More');
    await u.press('Colour 10');
    expect(u.findButton('Skip')).toBeDefined();
    expect(texts(await u.send('/skip'))).toContain('Thanks Ana: 2 ideas, colour c10');
    expect((await answers(bot, 'u1')).ideas).toEqual(['first idea', 'second idea 🌍']);
  });

  it('/back returns to the previous question and keeps answers; /cancel keeps them too', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u2');
    await u.send('/sample');
    await u.send('Bo');
    await u.send('an idea');
    expect(texts(await u.send('/back'))).toContain('What is your name?');
    expect(texts(await u.send('/back'))).toContain('first question');
    await u.send('Bob');
    expect(texts(await u.send('/cancel'))).toContain('kept');
    expect(await answers(bot, 'u2')).toMatchObject({ name: 'Bob', ideas: ['an idea'] });
    expect(texts(await u.send('/back'))).toContain('no question open');
  });

  it('refuses /skip on a required step and /done on a single-answer step', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u3');
    await u.send('/sample');
    expect(texts(await u.send('/skip'))).toContain('cannot be skipped');
    expect(texts(await u.send('/done'))).toContain('/done ends a list');
  });

  it('needs consent before a consent flow stores anything', async () => {
    bot = await startBot({ flows: flows() });
    const u = bot.user('u4');
    const r = texts(await u.send('/sample'));
    expect(r).toContain('consent');
    // Only the command waiting for consent is kept, no answer: it runs once they agree, untyped again.
    const stored = [];
    for await (const doc of bot.core.services.store.eachUser()) stored.push(doc);
    expect(stored.map((d) => ({ pending: d.pending, flows: d.flows, session: d.session?.flow }))).toEqual([{ pending: { command: 'sample', args: '' }, flows: {}, session: undefined }]);
    expect(texts(await u.press('I agree'))).toContain('What is your name?');
  });

  it('resumes exactly where the user was after a restart', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u5');
    await u.send('/sample');
    await u.send('Cy');
    await u.send('idea one');
    bot = await bot.restart();
    const u2 = bot.user('u5');
    expect(texts(await u2.send('idea two'))).toContain('Noted: idea two');
    expect((await answers(bot, 'u5')).ideas).toEqual(['idea one', 'idea two']);
  });

  it('a saved position in a step that no longer exists resumes at the nearest valid step', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u6');
    await u.send('/sample');
    await u.send('Di');
    await u.send('/done');
    // Version 2 drops the colour step the user is on.
    await bot.core.stop();
    bot = await startBot({ dir: bot.dir, flows: flows(sampleFlow(2, ['name', 'ideas', 'comment'])) });
    const r = texts(await bot.user('u6').send('/help'));
    expect(r).toContain('You are now in');
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:u6'));
    expect(doc?.session?.step).toBe('comment');
    expect(doc?.session?.version).toBe(2);
  });

  it('a newcomer\'s first words (no start button on Slack, Discord, the console) are answered as /start; later ones, and a group, are not', async () => {
    bot = await startBot({ flows: flows() });
    const hello = texts(await bot.user('n1').send('hello'));
    expect(hello).toContain('Hello! I am the TOGETHER bot');
    expect(hello).toContain('Which language do you prefer?');
    // Someone who consented is past the greeting: free text with nothing open points to /help.
    const u = await consented(bot, 'n2');
    expect(texts(await u.send('hello again'))).toContain('not asking you anything');
    // In a group, a newcomer's plain line is not answered with a greeting meant for a private chat.
    expect(texts(await bot.user('n3').inGroup('g1').send('hello all'))).not.toContain('Which language');
  });

  it('a flow that disappeared leaves the user with a polite answer, not silence', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u7');
    await u.send('/sample');
    await bot.core.stop();
    bot = await startBot({ dir: bot.dir, flows: [onboarding, privacy] });
    expect(texts(await bot.user('u7').send('hello'))).toContain('not asking you anything');
  });

  it('stale, forged and foreign buttons get a clear answer and lose nothing', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u8');
    await u.send('/sample');
    await u.send('Ed');
    await u.send('/done');
    const colour = u.findButton('Colour 2')!;
    await u.press('Colour 1');
    expect(texts(await u.pressToken(colour.token))).toContain('expired');
    // A button's owner tag is the first 4 hex digits of the user's key (random per data folder):
    // the forged one must not happen to be u8's own (1 chance in 65,536).
    const forgedOwner = ownerTag(bot, 'u8') === 'beef' ? 'dead' : 'beef';
    expect(texts(await u.pressToken(`c1|zzzz|1|${forgedOwner}`))).toMatch(/not valid|someone else/);
    expect(texts(await u.pressToken('garbage'))).toContain('not valid');
    expect(texts(await u.pressToken('x'.repeat(200)))).toContain('not valid');
    const other = await consented(bot, otherThan(bot, 'u8', 'u9'));
    await other.send('/sample');
    expect(texts(await other.pressToken(colour.token))).toContain('someone else');
    expect(await answers(bot, 'u8')).toMatchObject({ name: 'Ed', color: 'c1' });
  });

  it('an older copy of the current question\'s buttons still works', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u10');
    await u.send('/sample');
    await u.send('Flo');
    await u.send('/done');
    const old = u.findButton('Colour 3')!;
    await u.send('/help');
    await u.send('some text'); // re-asks the colour question
    await u.pressToken(old.token);
    expect((await answers(bot, 'u10')).color).toBe('c3');
  });

  it('bad input: empty, 10,000 characters, emoji and right-to-left text, unknown and @suffixed commands', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u11');
    await u.send('/sample');
    expect(texts(await u.send('   '))).toContain('empty message');
    expect(texts(await u.send('x'.repeat(10_000)))).toContain('Too long name');
    await u.send('مرحبا שלום 👋🏽');
    expect(texts(await u.send('/frobnicate'))).toContain('/frobnicate');
    expect(texts(await u.send('/help@together_bot'))).toContain('What you can do');
    expect(texts(await u.send('x'.repeat(30_000)))).toContain('too long');
    expect((await answers(bot, 'u11')).name).toBe('مرحبا שלום 👋🏽');
  });

  it('processes a duplicate event once, also across a restart', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u12');
    await u.send('/sample');
    await u.send('Gus');
    await u.send('dup idea', 'dup-1');
    expect(await u.send('dup idea', 'dup-1')).toEqual([]);
    bot = await bot.restart();
    expect(await bot.user('u12').send('dup idea', 'dup-1')).toEqual([]);
    expect((await answers(bot, 'u12')).ideas).toEqual(['dup idea']);
  });

  it('a failing step keeps the previous state and tells the user', async () => {
    const broken = sampleFlow();
    broken.steps![0] = { ...broken.steps![0]!, onText: () => { throw new Error('boom'); } };
    bot = await startBot({ flows: flows(broken) });
    const u = await consented(bot, 'u13');
    await u.send('/sample');
    expect(texts(await u.send('Hal'))).toContain('something went wrong');
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:u13'));
    expect(doc?.session?.step).toBe('name');
  });

  it('/help lists commands and where the user is', async () => {
    bot = await startBot({ flows: flows() });
    const u = await consented(bot, 'u14');
    await u.send('/sample');
    const r = texts(await u.send('/help'));
    expect(r).toContain('/mydata');
    expect(r).toContain('/back');
    expect(r).toContain('Question 1 of 4');
  });
});
