import { afterEach, describe, expect, it } from 'vitest';
import { chartSvg } from '../flows/spiral/chart.ts';
import { citizen, cleanup, createGroup, files, images, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';
import { csvObjects } from './helpers/spiral-csv.ts';
import { togetherHere } from './helpers/together-in-process.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

/** Answers the three questions with these ideas (one list per question) and stops at the classification. */
async function answer(b: SpiralBot, id: string, code: string, perQuestion: string[][]) {
  const u = await citizen(b, id);
  await u.send(`/spiral ${code}`);
  for (const ideas of perQuestion) {
    for (const idea of ideas) await u.send(idea);
    await pressValue(u, /^!done$/);
  }
  await pressValue(u, /^!done$/);
  return u;
}

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

describe('SPIRAL co-evaluation, results and export', () => {
  it('ratings on the 5 levels by button or typed number; anything else is asked again', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const u = await answer(bot, 'ana', code, [['Friends', 'Health'], ['Debts'], []]);
    await pressValue(u, /\.rest$/);
    const ask = lastText(u);
    expect(ask).toContain('Rating: 1 of 3');
    expect(ask).toContain('How is the situation today for: «Friends»?');
    expect(u.buttons().slice(0, 5).map((b) => b.label)).toEqual(['1 — very unsatisfactory', '2 — unsatisfactory', '3 — average', '4 — good', '5 — ideal situation']);
    for (const bad of ['0', '6', '-1', '4.5', 'good', '12']) {
      const r = texts(await u.send(bad));
      expect(r).toContain('is not a level. Please answer with a number from 1 (very unsatisfactory) to 5 (ideal situation)');
      expect(r).toContain('Rating: 1 of 3');
    }
    expect(texts(await u.send(' 3/5 '))).toContain('✓ «Friends»: 3 — average');
    await pressValue(u, /\.r\.1$/);
    await u.send('5');
    const p = await bot.participation('ana', code);
    expect(Object.values(p!.ratings).map((r) => r.value)).toEqual([3, 1, 5]);
    expect(u.transcript()).toContain('• Friends — left to the facilitator · rated 3 — average');
  });

  it('a "components" group rates the grid components of the citizen\'s criteria', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { components: true });
    const u = await answer(bot, 'ana', code, [['Enough food', 'Food bank'], ['My friends'], []]);
    for (const component of ['A01', 'A01', 'D03']) {
      await pressValue(u, /\.other$/);
      await pressValue(u, new RegExp(`\\.f\\.${component[0]}$`));
      await pressValue(u, new RegExp(`\\.c\\.${component}$`));
    }
    expect(lastText(u)).toContain('How is the situation today for: A01 Food / drink?');
    await u.send('2');
    expect(lastText(u)).toContain('D03 Friends');
    await u.send('4');
    const p = await bot.participation('ana', code);
    expect(p?.ratings).toMatchObject({ A01: { value: 2 }, D03: { value: 4 } });
    expect(u.transcript()).toContain('Your ratings of the components:\n• A01 Food / drink: 2 — unsatisfactory\n• D03 Friends: 4 — good');
    const rows = texts(await boss.send(`/spiral results ${code}`));
    expect(rows).toContain('• A — Access to essential resources: 2 (average rating 2.0 from 1)');
    expect(rows).toContain('• D — Personal relations: 1 (average rating 4.0 from 1)');
  });

  it('the citizen gets a summary; the facilitator gets statistics as text and a PNG chart', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { name: 'Young & <restless>' });
    const ana = await answer(bot, 'ana', code, [['Friends', 'Enough food'], ['Loneliness'], ['I volunteer']]);
    await pressValue(ana, /\.other$/);
    await pressValue(ana, /\.f\.D$/);
    await ana.send('/skip');
    await pressValue(ana, /\.other$/);
    await pressValue(ana, /\.f\.A$/);
    await ana.send('/skip');
    await pressValue(ana, /\.other$/);
    await pressValue(ana, /\.f\.D$/);
    await ana.send('/skip');
    await pressValue(ana, /\.unsure$/);
    for (const r of ['4', '2', '1', '5']) await ana.send(r);
    const summary = ana.transcript();
    expect(summary).toContain('Your answers for “Young & <restless>” (4 ideas):');
    expect(summary).toContain('Well-being (2)\n• Friends — D — Personal relations · rated 4 — good\n• Enough food — A — Access to essential resources · rated 2 — unsatisfactory');
    expect(summary).toContain('Actions (1)\n• I volunteer — left to the facilitator · rated 5 — ideal situation');
    // A second participant who stopped early.
    const ben = await citizen(bot, 'ben');
    await ben.send(`/spiral ${code}`);
    await ben.send('Noise');

    const replies = await boss.send(`/spiral results ${code}`);
    const text = texts(replies);
    expect(text).toContain(`Results of “Young & <restless>” (${code})`);
    expect(text).toContain('Participants: 2 · finished: 1');
    expect(text).toContain('Ideas: 5');
    expect(text).toContain('• Well-being: 3 (average rating 3.0 from 2)');
    expect(text).toContain('• D — Personal relations: 2 (average rating 2.5 from 2)');
    expect(text).toContain('• Not classified: 2');
    expect(text).toContain('Average rating: 3.0 (4 ratings');
    const [img] = images(replies);
    expect(img?.filename).toBe(`spiral-${code}.png`);
    expect([...img!.png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(img!.png)).toEqual({ width: 1000, height: 620 });
    expect(img!.png.byteLength).toBeGreaterThan(10_000);
    // Citizens get no statistics.
    expect(texts(await ana.send(`/spiral results ${code}`))).toContain('not a facilitator');
  });

  it('the chart SVG escapes text and draws one bar per family', () => {
    const svg = chartSvg({ title: 'A & <B> "C"', subtitle: 's', series: ['x', 'y'], bars: 'ABCDEFGH'.split('').map((f) => ({ label: f, name: f, values: [1, 2] })), footnote: '★' });
    expect(svg).toContain('A &amp; &lt;B&gt; &quot;C&quot;');
    expect(svg.match(/<rect [^>]*fill="#2e7d32"/g)).toHaveLength(8 + 1); // 8 bars + the legend swatch
  });

  it('exports one row per criterion as CSV (quoting, line breaks, UTF-8, pseudonyms only) and JSON, in chat and on the command line', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss, { name: 'Seniors, "Les Roses"', territory: 'Liège' });
    const other = await createGroup(bot, boss, { name: 'Other' });
    const tricky = ['Une maison, un jardin', 'Dire "bonjour" aux voisins', 'Santé\net calme', 'Être écouté 🌳', '=SUM(A1)'];
    const u = await answer(bot, 'uid-7781', code, [tricky.slice(0, 3), tricky.slice(3), []]);
    await pressValue(u, /\.ok$/);
    await u.send('/skip');
    await pressValue(u, /\.rest$/);
    await u.send('4');
    const o = await citizen(bot, 'uid-9924');
    await o.send(`/spiral ${other}`);
    await o.send('Somewhere else');

    const replies = await boss.send(`/spiral export ${code}`);
    const [file] = files(replies);
    expect(file?.mime).toBe('text/csv');
    expect(file?.filename).toBe(`spiral-${code}-2026-03-02.csv`);
    expect([...file!.content.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(file!.content);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = csvObjects(csv.slice(1));
    // A text that starts like a formula is kept as text in spreadsheets (a leading apostrophe).
    const asText = tricky.map((t) => (t.startsWith('=') ? `'${t}` : t));
    expect(rows.map((r) => r.text)).toEqual(asText);
    const pseudonym = (await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:uid-7781')))!.pseudonym;
    expect(rows[0]).toMatchObject({ group: code, groupName: 'Seniors, "Les Roses"', groupKind: 'group', territory: 'Liège', profile: 'young', cycle: '2026', participant: pseudonym, question: 'wellbeing', language: 'en', classifiedBy: 'suggestion', rating: '4', leftToFacilitator: 'false' });
    expect(rows[0]?.family).toMatch(/^[A-H]$/);
    expect(rows[1]).toMatchObject({ family: '', classifiedBy: '', leftToFacilitator: 'true' });
    expect(rows[3]).toMatchObject({ question: 'illbeing', text: 'Être écouté 🌳' });
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['criterion', 'component', 'suggestedFamily', 'createdAt', 'updatedAt', 'classifiedAt', 'ratedAt']));
    for (const secret of ['uid-7781', 'uid-9924', 'memory', 'Somewhere else']) expect(csv).not.toContain(secret);

    const json = JSON.parse(new TextDecoder().decode(files(await boss.send(`/spiral export ${code} json`))[0]!.content));
    expect(json).toHaveLength(5);
    expect(json[2]).toMatchObject({ text: 'Santé\net calme', rating: null, participant: pseudonym });
    expect(files(await boss.send('/spiral export all json'))[0]?.caption).toContain('6 criteria');
    expect(texts(await u.send(`/spiral export ${code}`))).toContain('not a facilitator');

    // The command line reads the same data read-only, next to the running bot.
    // In the test's process (the same runCli as bin/together.ts): the point is what the command reads, not the process.
    const here = (...argv: string[]) => togetherHere(argv, { env: { TOGETHER_DATA: bot!.dir, LANG: 'C', LOG_LEVEL: 'warn' } });
    const cli = await here('export', 'spiral', '--format', 'csv', '--group', code.toLowerCase());
    expect(cli.stderr).toBe('');
    expect(csvObjects(cli.stdout.replace(/^\uFEFF/, '')).map((r) => r.text)).toEqual(asText);
    const all = await here('export', 'spiral', '--format', 'json');
    expect(JSON.parse(all.stdout)).toHaveLength(6);
    const unknown = await here('export', 'spiral', '--group', 'ZZZZZZ');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Unknown SPIRAL group code: ZZZZZZ');
    const stats = await here('stats', '--json');
    expect(JSON.parse(stats.stdout)).toMatchObject({ 'spiral.groups': 2, 'spiral.participations': 2, 'spiral.criteria': 6, 'spiral.finished': 0, 'spiral.ratings': 1 });
  });

  it('/mydata shows the SPIRAL answers; /forget erases them, in the shared groups document too', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    const u = await answer(bot, 'ana', code, [['Friends'], [], []]);
    await pressValue(u, /\.rest$/);
    await boss.send(`/spiral classify ${code} 1 D03`);
    const mine = await u.send('/mydata');
    expect(texts(mine)).toContain(`• Young people of Namur (${code}): in progress — ideas: 1, classified: 0, ratings: 0`);
    const record = JSON.parse(new TextDecoder().decode(files(mine)[0]!.content));
    expect(record.answers.spiral.groups[code].criteria[0].text).toBe('Friends');
    expect(record.elsewhere.spiral).toMatchObject({ memberOf: [code], reviewsOfYourCriteria: [{ group: code, family: 'D', component: 'D03' }] });
    await u.send('/forget');
    await u.press(/Yes|erase/i);
    const g = await bot.group(code);
    expect(g?.members).toEqual([]);
    expect(g?.reviews).toEqual({});
    expect(await bot.participation('ana', code)).toBeUndefined();
    expect(texts(await boss.send(`/spiral criteria ${code}`))).toContain(': 0');
    // A facilitator who forgets leaves the group without a trace of their pseudonym.
    await boss.send('/forget');
    await boss.press(/Yes|erase/i);
    expect((await bot.group(code))?.facilitators).toEqual([]);
  });
});
