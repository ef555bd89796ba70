import { afterEach, describe, expect, it } from 'vitest';
import { citizen, cleanup, createGroup, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

const DAY = 86_400_000;

describe('SPIRAL groups and join codes', () => {
  it('a manager creates a group through a short chat and gets a code and a Telegram start link', async () => {
    bot = await startSpiralBot({ telegramBot: 'together_bot' });
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { name: 'Jeunes de Namur', territory: 'Namur', lang: 'fr', cycle: '2026' });
    expect(code).toMatch(/^[B-DF-HJ-NP-TV-XZ2-9]{6}$/);
    const out = boss.transcript();
    expect(out).toContain(`/spiral ${code}`);
    expect(out).toContain(`https://t.me/together_bot?start=g_${code}`);
    expect(await bot.group(code)).toMatchObject({ kind: 'group', name: 'Jeunes de Namur', territory: 'Namur', profile: 'young', lang: 'fr', cycle: '2026', rating: 'criteria', members: [] });
    // The facilitator is recorded by pseudonym only.
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:boss'));
    expect((await bot.group(code))?.facilitators).toEqual([doc?.pseudonym]);
  });

  it('without a Telegram name there is no link, only the code to type; a typed profile is kept as written', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { profile: 'Mothers of the Rue Haute' });
    expect(boss.transcript()).not.toContain('t.me');
    expect(boss.transcript()).toContain(`/spiral ${code}`);
    expect((await bot.group(code))?.profile).toBe('Mothers of the Rue Haute');
  });

  it('only facilitators create groups; the creation checks its inputs', async () => {
    bot = await startSpiralBot();
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send('/spiral new'))).toContain('Only facilitators can create groups');
    const boss = await citizen(bot, 'boss');
    await boss.send('/spiral new');
    expect(texts(await boss.send('x'))).toContain('between 2 and 80 characters');
    await boss.send('Seniors of Liège');
    await boss.send('Liège');
    await boss.press('Elderly people');
    expect(texts(await boss.send('klingon'))).toContain('klingon');
    await boss.press('Français');
    expect(texts(await boss.send('!!'))).toContain('2 to 40');
    await boss.send('2026 spring');
    await pressValue(boss, /^qs\.spiral4$/);
    await pressValue(boss, /^r\.components$/);
    const [g] = await bot.groups();
    expect(g).toMatchObject({ name: 'Seniors of Liège', profile: 'elderly', lang: 'fr', cycle: '2026 spring', questionSet: 'spiral4', rating: 'components' });
  });

  it('joins by /spiral CODE and by the /start g_CODE deep link; consent comes first', async () => {
    bot = await startSpiralBot({ telegramBot: 'together_bot' });
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const shy = bot.user('shy');
    expect(texts(await shy.send(`/start g_${code}`))).toMatch(/consent/i);
    expect(await bot.participation('shy', code)).toBeUndefined();
    // Consenting leads straight to the group the link pointed to.
    const r = texts(await shy.send('/agree'));
    expect(r).toContain('Welcome to “Young people of Namur”');
    expect(r).toContain('What do you understand by well-being?');
    expect(await bot.participation('shy', code)).toBeTruthy();
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send(`/spiral ${code.toLowerCase()}`))).toContain('Question 1 of 3');
    expect((await bot.group(code))?.members).toHaveLength(2);
  });

  it('an unknown code, a word, or an expired code gets a clear answer and stores nothing', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send('/spiral ZZZZZZ'))).toContain('I don\'t know the group code “ZZZZZZ”');
    expect(texts(await ana.send('/spiral hello'))).toContain('“hello”');
    expect(texts(await ana.send('/spiral please let me in'))).toContain('/spiral help');
    expect(texts(await ana.send('/start g_NOPE12'))).toContain('I don\'t know the group code');
    // Ben joins in time; 91 days later the code admits nobody new, but Ben can still finish.
    const ben = await citizen(bot, 'ben');
    await ben.send(`/spiral ${code}`);
    await ben.send('Friends');
    await ben.send('/cancel');
    await bot.advance(91 * DAY);
    const late = await citizen(bot, 'late');
    expect(texts(await late.send(`/spiral ${code}`))).toMatch(/no longer accepts new participants \(its code closed on \d{4}-\d{2}-\d{2}\)/);
    expect(await bot.participation('late', code)).toBeUndefined();
    expect(texts(await ben.send(`/spiral ${code}`))).toContain('Welcome back');
    expect(lastText(ben)).toContain('ideas so far: 1');
  });

  it('/spiral close stops new joins at once', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send(`/spiral close ${code}`))).toContain('not a facilitator');
    expect(texts(await boss.send(`/spiral close ${code}`))).toContain('no longer admits new participants');
    expect(texts(await ana.send(`/spiral ${code}`))).toContain('no longer accepts new participants');
    expect(texts(await boss.send('/spiral groups'))).toContain('closed to new participants');
  });

  it('a citizen in several groups keeps each group\'s answers apart and moves between them', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const a = await createGroup(bot, boss, { name: 'Group A' });
    const b = await createGroup(bot, boss, { name: 'Group B', future: true });
    const ana = await citizen(bot, 'ana');
    await ana.send(`/spiral ${a}`);
    await ana.send('Friends');
    await ana.send('Health');
    await ana.send(`/spiral ${b}`);
    expect(lastText(ana)).toContain('Question 1 of 4 · ideas so far: 0');
    await ana.send('Friends');
    expect((await bot.participation('ana', a))?.criteria.map((c) => c.text)).toEqual(['Friends', 'Health']);
    expect((await bot.participation('ana', b))?.criteria.map((c) => c.text)).toEqual(['Friends']);
    // /spiral lists both with a button each; back to A exactly where it was.
    const overview = texts(await ana.send('/spiral'));
    expect(overview).toContain('Group A');
    expect(overview).toContain('Group B');
    await pressValue(ana, new RegExp(`^#spiral\\.sgo:${a}$`));
    expect(ana.transcript()).toContain('Welcome back to “Group A”');
    expect(lastText(ana)).toContain('Question 1 of 3 · ideas so far: 2');
    // Same command for the group one is in: says so and shows the question again.
    expect(texts(await ana.send(`/spiral ${a}`))).toContain('already answering');
  });

  it('answering alone: one individual group per territory (case and accents folded) and cycle', async () => {
    bot = await startSpiralBot();
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send('/spiral alone Namur'))).toContain('Individual answers — Namur');
    const ben = await citizen(bot, 'ben');
    await ben.send('/spiral');
    await pressValue(ben, /^#spiral\.salone$/);
    expect(lastText(ben)).toContain('Which territory');
    await ben.send('  NAMUR ');
    const cy = await citizen(bot, 'cy');
    await cy.send('/spiral alone');
    await pressValue(cy, /^a\.0$/); // the known territory offered as a button
    const dee = await citizen(bot, 'dee');
    await dee.send('/spiral alone Liège');
    const groups = await bot.groups();
    expect(groups).toHaveLength(2);
    const namur = groups.find((g) => g.territory === 'Namur')!;
    expect(namur).toMatchObject({ kind: 'individual', profile: 'individual', cycle: '2026', questionSet: 'spiral3' });
    expect(namur.members).toHaveLength(3);
    // A manager opens a new cycle with 4 questions: new individual answers go there.
    const boss = await citizen(bot, 'boss');
    expect(texts(await boss.send('/spiral cycle 2027 4'))).toContain('2027 (4 questions)');
    expect(texts(await ana.send('/spiral cycle 2028'))).toContain('Only managers');
    await ana.send('/spiral alone Namur');
    expect((await bot.groups()).filter((g) => g.kind === 'individual')).toHaveLength(3);
    expect(lastText(ana)).toContain('Question 1 of 4');
  });

  it('facilitators by invitation (general or for one group) and by pseudonym', async () => {
    bot = await startSpiralBot({ telegramBot: 'together_bot' });
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    // A general invitation: the person may then create groups.
    const inv = /(F[B-DF-HJ-NP-TV-XZ2-9]{7})/.exec(texts(await boss.send('/spiral facilitator')))?.[1];
    expect(inv).toBeTruthy();
    expect(boss.transcript()).toContain(`https://t.me/together_bot?start=f_${inv}`);
    const fay = await citizen(bot, 'fay');
    expect(texts(await fay.send(`/spiral ${inv!.slice(0, 1)}-${inv!.slice(1).toLowerCase()}`))).toContain('You are now a facilitator');
    expect(texts(await fay.send('/spiral new'))).toContain('step 1 of 7');
    await fay.send('/cancel');
    const eve = await citizen(bot, 'eve');
    expect(texts(await eve.send(`/spiral ${inv}`))).toContain('already used or expired');
    // Fay runs only what she creates.
    expect(texts(await fay.send(`/spiral criteria ${code}`))).toContain('not a facilitator');
    // A group facilitator invites a co-facilitator for that group only (link form).
    const inv2 = /(F[B-DF-HJ-NP-TV-XZ2-9]{7})/.exec(texts(await boss.send(`/spiral facilitator ${code}`)))?.[1];
    const gus = await citizen(bot, 'gus');
    expect(texts(await gus.send(`/start f_${inv2}`))).toContain(`facilitator of “Young people of Namur” (${code})`);
    expect(texts(await gus.send(`/spiral criteria ${code}`))).toContain('Criteria of');
    expect(texts(await gus.send('/spiral new'))).toContain('Only facilitators');
    expect(texts(await gus.send('/spiral facilitator'))).toContain('Only managers');
    // An expired invitation.
    const inv3 = /(F[B-DF-HJ-NP-TV-XZ2-9]{7})/.exec(texts(await boss.send('/spiral facilitator')))?.[1];
    await bot.advance(15 * DAY);
    expect(texts(await eve.send(`/spiral ${inv3}`))).toContain('expired');
    // Naming by pseudonym (read from the person's /mydata).
    const hal = await citizen(bot, 'hal');
    const pseudonym = (await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:hal')))!.pseudonym;
    await hal.send('/mydata');
    expect(texts(await fay.send(`/spiral facilitator ${pseudonym}`))).toContain('Only managers');
    expect(texts(await boss.send(`/spiral facilitator ${pseudonym}`))).toContain('can create groups');
    expect(texts(await hal.send('/spiral new'))).toContain('step 1 of 7');
    // Help shows facilitator commands to facilitators only.
    expect(texts(await hal.send('/spiral help'))).toContain('/spiral new');
    expect(texts(await eve.send('/spiral help'))).not.toContain('/spiral new');
  });

  it('/spiral groups and /spiral future switch the fourth question for one group', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { name: 'Job seekers of Charleroi', territory: 'Charleroi' });
    const list = texts(await boss.send('/spiral groups'));
    expect(list).toContain(`${code} — Job seekers of Charleroi (Charleroi · Young people · cycle 2026 · 3 questions) — participants: 0 — open until`);
    expect(texts(await boss.send(`/spiral future ${code} on`))).toContain('fourth question');
    const ana = await citizen(bot, 'ana');
    expect(texts(await ana.send(`/spiral ${code}`))).toContain('Question 1 of 4');
    expect(texts(await boss.send(`/spiral future ${code}`))).toContain('Usage');
    // Someone on the fourth question when it is switched off comes back to the list of ideas.
    await ana.send('Friends');
    for (let i = 0; i < 3; i++) await ana.send('/done');
    expect(lastText(ana)).toContain('Question 4 of 4');
    await ana.send('Trees');
    await ana.send('/cancel');
    await boss.send(`/spiral future ${code} off`);
    await ana.send(`/spiral ${code}`);
    expect(lastText(ana)).toContain('Your ideas for');
    expect(lastText(ana)).toContain('Future:\n2. Trees');
  });
});
