import { afterEach, describe, expect, it } from 'vitest';
import { citizen, cleanup, createGroup, lastText, pressValue, startSpiralBot, texts, valueOf, type SpiralBot } from './helpers/spiral-harness.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

const HOUR = 3_600_000;

async function joined(b: SpiralBot, id = 'ana', options: { future?: boolean } = {}) {
  const boss = await citizen(b, 'boss');
  const code = await createGroup(b, boss, options);
  const u = await citizen(b, id);
  await u.send(`/spiral ${code}`);
  return { code, u, boss };
}

describe('SPIRAL ideas: one per message, review, limits, resume, reminders', () => {
  it('review, edit and delete ideas before finishing, from a question and after the last one', async () => {
    bot = await startSpiralBot();
    const { code, u } = await joined(bot);
    await u.send('Friends');
    await u.send('Good hedlth');
    await pressValue(u, /\.review$/); // "My ideas" under the acknowledgement
    expect(lastText(u)).toContain('1. Friends\n2. Good hedlth');
    expect(lastText(u)).toContain('go back to the question');
    await u.send('2'); // typed number picks an idea
    await pressValue(u, /\.edit$/);
    expect(texts(await u.send('Good health'))).toContain('✓ Changed: “Good health”');
    await pressValue(u, /\.i\./); // idea 1
    expect(texts(await pressValue(u, /\.del$/))).toContain('Deleted: “Friends”');
    expect(texts(await u.send('7'))).toContain('type the number of an idea (1 to 1)');
    await pressValue(u, /^!done$/); // back to the question
    expect(lastText(u)).toContain('Question 1 of 3 · ideas so far: 1');
    await u.send('Family');
    expect((await bot.participation('ana', code))?.criteria.map((c) => c.text)).toEqual(['Good health', 'Family']);
    // /back from an edit goes back to the list, nothing changed.
    await pressValue(u, /^!done$/);
    await pressValue(u, /^!done$/);
    await pressValue(u, /^!done$/);
    expect(lastText(u)).toContain('Press Done when the list is right');
    await pressValue(u, /\.i\./);
    await pressValue(u, /\.edit$/);
    await u.send('/back');
    expect(lastText(u)).toContain('Your ideas for');
    // An edit is checked like a new idea.
    await pressValue(u, /\.i\./);
    await pressValue(u, /\.edit$/);
    expect(texts(await u.send('family!'))).toContain('You already gave this idea');
    expect((await bot.participation('ana', code))?.criteria.map((c) => c.text)).toEqual(['Good health', 'Family']);
  });

  it('too short, too long, the same idea twice and 200 ideas in a question: clear answers, nothing lost', async () => {
    bot = await startSpiralBot();
    const { code, u } = await joined(bot);
    await u.send('Friends');
    expect(texts(await u.send('x'))).toContain('too short (at least 2 characters)');
    expect(texts(await u.send('👍'))).toContain('too short');
    expect(texts(await u.send('!!!'))).toContain('too short');
    const long = texts(await u.send('a'.repeat(5000)));
    expect(long).toContain('This message has 5000 characters; an idea can have at most 500');
    expect(long).toContain('What do you understand by well-being?'); // asked again
    expect(texts(await u.send('  FRIENDS. '))).toContain('You already gave this idea for this question: “FRIENDS.”');
    expect((await bot.participation('ana', code))?.criteria.map((c) => c.text)).toEqual(['Friends']);
    // The same words under another question are another idea (well-being vs ill-being).
    await pressValue(u, /^!done$/);
    expect(texts(await u.send('Friends'))).toContain('Idea 2 noted');
    // 200 ideas: the 201st is refused, the 200 are kept.
    for (let i = 2; i <= 200; i++) await u.send(`Idea number ${i}`);
    expect(texts(await u.send('One too many'))).toContain('limit of 200 ideas');
    const p = await bot.participation('ana', code);
    expect(p?.criteria.filter((c) => c.question === 'illbeing')).toHaveLength(200);
    expect(p?.criteria).toHaveLength(201);
    // Line breaks are kept within one idea; the ideas are as typed.
    await pressValue(u, /^!done$/);
    await u.send('Help my mother\nand my neighbour');
    expect((await bot.participation('ana', code))?.criteria.at(-1)?.text).toBe('Help my mother\nand my neighbour');
  });

  it('stops with /cancel and resumes exactly there; also after a restart of the bot', async () => {
    bot = await startSpiralBot();
    const { code, u } = await joined(bot);
    await u.send('Friends');
    await pressValue(u, /^!done$/);
    await u.send('Loneliness');
    expect(texts(await u.send('/cancel'))).toContain('kept');
    expect(texts(await u.send(`/spiral ${code}`))).toContain('Welcome back');
    expect(lastText(u)).toContain('Question 2 of 3 · ideas so far: 2');
    // A restart in the middle of the questionnaire: a new core on the same data folder.
    bot = await bot.restart();
    const again = bot.user('ana', 'en');
    expect(texts(await again.send('Debts'))).toContain('Idea 3 noted: “Debts”');
    await again.send('/done');
    expect(lastText(again)).toContain('Question 3 of 3');
    // /back returns to the previous question; the stored ideas stay.
    await again.send('/back');
    expect(lastText(again)).toContain('Question 2 of 3 · ideas so far: 3');
    // Another flow in between (language change) does not lose the place either.
    await again.send('/start');
    await again.send(`/spiral ${code}`);
    expect(lastText(again)).toContain('Question 2 of 3');
    expect((await bot.participation('ana', code))?.criteria.map((c) => c.text)).toEqual(['Friends', 'Loneliness', 'Debts']);
  });

  it('a button of another user, of another group or of an earlier conversation gets a clear answer', async () => {
    bot = await startSpiralBot();
    const { code, u, boss } = await joined(bot);
    const b = await createGroup(bot, boss, { name: 'Other group' });
    await u.send('Friends');
    const doneOfA = u.buttons().find((x) => valueOf(x.token) === '!done')!;
    const reviewOfA = u.buttons().find((x) => valueOf(x.token).endsWith('.review'))!;
    // Someone else presses Ana's button (e.g. in a group chat). A button's owner tag is the first
    // 4 hex digits of the user's key (random per data folder): Ben's must differ from Ana's.
    const tag = (id: string) => bot!.core.services.store.keyOf(`memory:${id}`).slice(0, 4);
    let benId = 'ben';
    while (tag(benId) === tag('ana')) benId += '+';
    const ben = await citizen(bot, benId);
    expect(texts(await ben.pressToken(doneOfA.token))).toContain('belongs to someone else');
    // Ana moves to group B, then presses A's old buttons: same step, other questionnaire.
    await u.send(`/spiral ${b}`);
    await u.send('Health');
    expect(texts(await u.pressToken(doneOfA.token))).toContain('belongs to another questionnaire or to an earlier conversation. You are now answering for “Other group”');
    expect(texts(await u.pressToken(reviewOfA.token))).toContain('belongs to another questionnaire');
    expect(lastText(u)).toContain('Question 1 of 3 · ideas so far: 1');
    expect((await bot.participation('ana', code))?.criteria).toHaveLength(1);
    expect((await bot.participation('ana', b))?.criteria).toHaveLength(1);
    // A forged or mangled button.
    expect(texts(await u.pressToken('garbage'))).toContain('not valid');
  });

  it('an unfinished questionnaire gets one friendly reminder the next day; none when finished or opted out', async () => {
    bot = await startSpiralBot();
    const { code, u } = await joined(bot);
    await u.send('Friends');
    const bo = await citizen(bot, 'bo');
    await bo.send(`/spiral ${code}`);
    await bo.send('/spiral nudges off');
    const cy = await citizen(bot, 'cy');
    await cy.send(`/spiral ${code}`);
    await cy.send('Friends');
    for (let i = 0; i < 3; i++) await pressValue(cy, /^!done$/);
    await pressValue(cy, /^!done$/); // review
    await pressValue(cy, /\.rest$/);
    await pressValue(cy, /\.r\.4$/);
    expect((await bot.participation('cy', code))?.finishedAt).toBeTruthy();
    const reminders = () => bot!.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.includes('is not finished yet'));
    await bot.advance(23 * HOUR);
    expect(reminders()).toHaveLength(0);
    await bot.advance(2 * HOUR);
    expect(reminders().map((s) => s.chatId)).toEqual(['ana']);
    expect(reminders()[0]?.reply).toMatchObject({ kind: 'text' });
    expect(texts([reminders()[0]!.reply])).toContain(`/spiral ${code}`);
    // Once only, even days later and after a restart (a new core, a new channel).
    bot = await bot.restart();
    await bot.advance(48 * HOUR);
    expect(reminders()).toHaveLength(0);
    expect((await bot.participation('ana', code))?.nudgedAt).toBeTruthy();
  });

  it('the reminder waits while the person is still active, and is never sent after /forget', async () => {
    bot = await startSpiralBot();
    const { code, u } = await joined(bot);
    const gone = await citizen(bot, 'gone');
    await gone.send(`/spiral ${code}`);
    await gone.send('/forget');
    await gone.press(/Yes|erase/i);
    await bot.advance(20 * HOUR);
    await u.send('Friends'); // active at 20 h
    await bot.advance(5 * HOUR); // the job is due at 24 h: too soon after the last answer
    const reminders = () => bot!.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.includes('is not finished yet'));
    expect(reminders()).toHaveLength(0);
    await bot.advance(20 * HOUR); // 24 h after the last answer: 06:00 in Brussels, inside the quiet hours
    expect(reminders()).toHaveLength(0);
    await bot.advance(2 * HOUR); // 08:00 in Brussels
    expect(reminders().map((s) => s.chatId)).toEqual(['ana']);
  });
});
