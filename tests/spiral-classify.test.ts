import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { classifyLines } from '../flows/spiral/cli.ts';
import { suggestFamily } from '../flows/spiral/classifier/index.ts';
import { spiralRows } from '../flows/spiral/export.ts';
import { citizen, cleanup, createGroup, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

/** A citizen who gave these ideas to the first question and reached the classification. */
async function toClassification(b: SpiralBot, id: string, code: string, ideas: string[]) {
  const u = await citizen(b, id);
  await u.send(`/spiral ${code}`);
  for (const idea of ideas) await u.send(idea);
  for (let i = 0; i < 3; i++) await pressValue(u, /^!done$/);
  await pressValue(u, /^!done$/); // the review
  return u;
}

describe('SPIRAL classification', () => {
  it('suggests the likely family; the citizen confirms, overrides, types a letter, or leaves it', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const ideas = ['Enough food for my children', 'Seeing my grandchildren', 'Clean streets', 'Being happy', 'Something vague'];
    const u = await toClassification(bot, 'ana', code, ideas);
    const first = lastText(u);
    expect(first).toContain('Classification: idea 1 of 5');
    expect(first).toContain(`My suggestion: ${suggestFamily(ideas[0]!, 'en')} — `);
    // 1: confirm the suggestion, then the suggested component (marked ✔, first).
    await pressValue(u, /\.ok$/);
    expect(u.buttons()[0]?.label.startsWith('✔ ')).toBe(true);
    await u.pressToken(u.buttons()[0]!.token);
    // 2: another family from the list of eight, then a component typed as a code.
    await pressValue(u, /\.other$/);
    expect(lastText(u)).toContain('H — Attitudes and initiatives');
    await pressValue(u, /\.f\.D$/);
    expect(texts(await u.send('A01'))).toContain('“A01” is not a component of family D');
    await u.send('D01');
    // 3: a family letter typed at the suggestion; a nonsense answer is re-asked.
    expect(texts(await u.send('maybe'))).toContain('type a family letter from A to H');
    await u.send('b');
    await u.send('/skip');
    // 4: I don't know.
    await pressValue(u, /\.unsure$/);
    expect(u.transcript()).toContain('the facilitator will classify “Being happy”');
    // 5: "?" typed is "I don't know" too; then the ratings start.
    await u.send('?');
    expect(lastText(u)).toContain('Rating: 1 of 5');
    const p = await bot.participation('ana', code);
    const [a, b, c, d, e] = p!.criteria;
    expect(a).toMatchObject({ family: suggestFamily(ideas[0]!, 'en'), classifiedBy: 'suggestion' });
    expect(a?.component).toBeTruthy();
    expect(b).toMatchObject({ family: 'D', component: 'D01', classifiedBy: 'citizen' });
    expect(c).toMatchObject({ family: 'B', classifiedBy: c?.suggested === 'B' ? 'suggestion' : 'citizen' });
    expect(c?.component).toBeUndefined();
    expect(d?.unsure).toBe(true);
    expect(e?.unsure).toBe(true);
    expect(d?.family).toBeUndefined();
  });

  it('skipping the family list leaves the idea to the facilitator; /back returns to the suggestion', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const u = await toClassification(bot, 'ana', code, ['My job', 'My flat']);
    await pressValue(u, /\.other$/);
    await u.send('/back');
    expect(lastText(u)).toContain('Classification: idea 1 of 2');
    await pressValue(u, /\.other$/);
    await u.send('/skip');
    expect(lastText(u)).toContain('Classification: idea 2 of 2');
    await pressValue(u, /\.rest$/);
    const p = await bot.participation('ana', code);
    expect(p?.criteria.every((c) => c.unsure && !c.family)).toBe(true);
  });

  it('a facilitator lists the criteria and confirms or changes any classification', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const ana = await toClassification(bot, 'ana', code, ['Enough food', 'My friends']);
    await pressValue(ana, /\.ok$/);
    await ana.send('/skip');
    await pressValue(ana, /\.unsure$/);
    // Ben's idea comes a minute later: the criteria are numbered oldest first (at the same instant, members tie in key order, which is random).
    bot.clock.now = new Date(bot.clock.now.getTime() + 60_000);
    const ben = await toClassification(bot, 'ben', code, ['Noise at night']);
    await pressValue(ben, /\.other$/);
    await pressValue(ben, /\.f\.F$/);

    const list = texts(await boss.send(`/spiral criteria ${code}`));
    expect(list).toContain(`Criteria of “Young people of Namur” (${code}): 3`);
    expect(list).toMatch(/1\. \[Well-being\] Enough food — A — Access to essential resources \(suggestion accepted\)/);
    expect(list).toMatch(/2\. \[Well-being\] My friends — not classified \(suggestion: D\)/);
    expect(list).toMatch(/3\. \[Well-being\] Noise at night — F — Personal balance \(participant\)/);

    // By command: a component, a family, "ok", bad inputs.
    expect(texts(await boss.send(`/spiral classify ${code} 3 B01`))).toContain('✓ Criterion 3 “Noise at night”: B01 Pollution, cleanliness, noise (facilitator) ✔');
    expect(texts(await boss.send(`/spiral classify ${code} 9 A`))).toContain('There is no criterion “9” (the group has 3)');
    expect(texts(await boss.send(`/spiral classify ${code} 1 Z9`))).toContain('“Z9” is not a classification');
    expect(texts(await boss.send(`/spiral classify ${code} 1`))).toContain('Usage');
    // The facilitator runs one group only: the code may be left out.
    expect(texts(await boss.send('/spiral classify 1 ok'))).toContain('A — Access to essential resources (facilitator)');
    // By buttons: the unconfirmed one (2), with the suggestion to confirm or a family then a component.
    await boss.send(`/spiral criteria ${code}`);
    await pressValue(boss, /^#spiral\.sfr:/);
    expect(lastText(boss)).toContain('Criterion 2 of 3 (Well-being):\n“My friends”');
    await pressValue(boss, /:E$/);
    await pressValue(boss, /:E\*$/); // family only
    expect(boss.transcript()).toContain('✓ Criterion 2 “My friends”: E — Social balance (facilitator) ✔');
    expect(lastText(boss)).toContain('Every criterion of “Young people of Namur” has been reviewed.');
    // "clear" removes a review: the participant's own classification counts again.
    await boss.send(`/spiral classify ${code} 3 clear`);

    // Citizens never see the facilitator's tools.
    expect(texts(await ana.send(`/spiral criteria ${code}`))).toContain('not a facilitator');
    expect(texts(await ana.send(`/spiral classify ${code} 1 B`))).toContain('not a facilitator');

    const rows = await spiralRows(bot.core.services, { group: code });
    expect(rows.map((r) => [r.text, r.family, r.component, r.classifiedBy]).sort()).toEqual([
      ['Enough food', 'A', null, 'facilitator'],
      ['My friends', 'E', null, 'facilitator'],
      ['Noise at night', 'F', null, 'citizen'],
    ]);
    // The participants' own choices are untouched in their documents.
    expect((await bot.participation('ana', code))?.criteria[1]?.unsure).toBe(true);
  });

  it('`together classify --lang` prints one family code per line read on stdin', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c) => (out += c));
    const done = classifyLines(input, output, 'fr');
    input.end('\uFEFFavoir de quoi manger\n\nmes voisins\r\nla pollution de l\'air\n');
    expect(await done).toBe(4);
    expect(out).toBe(`${suggestFamily('avoir de quoi manger', 'fr')}\n\n${suggestFamily('mes voisins', 'fr')}\n${suggestFamily("la pollution de l'air", 'fr')}\n`);
    expect(out.split('\n').filter(Boolean).every((l) => /^[A-H]$/.test(l))).toBe(true);

    const dir = tempDir('together-classify-');
    try {
      const env = { ...process.env, TOGETHER_DATA: dir, LANG: 'C', LOG_LEVEL: 'warn' };
      const cli = spawnSync(process.execPath, ['bin/together.mjs', 'classify', '--lang', 'en'], { input: 'food bank\nmy neighbours\n', encoding: 'utf8', env, timeout: 60_000 });
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      expect(cli.stdout).toBe(`${suggestFamily('food bank', 'en')}\n${suggestFamily('my neighbours', 'en')}\n`);
      const bad = spawnSync(process.execPath, ['bin/together.mjs', 'classify', '--lang', 'xx'], { input: 'x\n', encoding: 'utf8', env, timeout: 60_000 });
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('Unknown language "xx"');
      expect(bad.stdout).toBe('');
    } finally {
      removeDir(dir);
    }
  });
});
