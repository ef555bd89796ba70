import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chartSvg, wrapText } from '../flows/spiral/chart.ts';
import { spiralGroupLink } from '../flows/spiral/commands.ts';
import { toCsv, withColumns } from '../src/export/csv.ts';
import { I18n } from '../src/i18n/i18n.ts';
import { cleanup, citizen, createGroup, files, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';
import { parseCsv } from './helpers/spiral-csv.ts';
import type { FakeUser } from './helpers/memory-channel.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

/** `n` people who have consented, all at once. */
async function crowd(b: SpiralBot, prefix: string, n: number): Promise<FakeUser[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => citizen(b, `${prefix}${i}`)));
}

/** The code of the facilitator invitation in the manager's last message. */
function invitationCode(u: FakeUser): string {
  const code = /\b(F[A-Z0-9]{7})\b/.exec(lastText(u))?.[1];
  if (!code) throw new Error(`no invitation in: ${lastText(u)}`);
  return code;
}

describe('one-time and limited codes under concurrency (item 2)', () => {
  for (const n of [8, 200]) {
    it(`${n} people redeeming one facilitator invitation at the same moment make exactly one facilitator`, async () => {
      bot = await startSpiralBot();
      const boss = await citizen(bot, 'boss');
      await boss.send('/spiral facilitator');
      const code = invitationCode(boss);
      const people = await crowd(bot, 'inv', n);
      const answers = await Promise.all(people.map((u) => u.send(`/spiral ${code}`)));
      const won = answers.filter((r) => texts(r).includes('You are now a facilitator'));
      const refused = answers.filter((r) => texts(r).includes('This invitation is unknown, already used or expired'));
      expect(won).toHaveLength(1);
      expect(refused).toHaveLength(n - 1);
      expect(await bot.generalFacilitators()).toHaveLength(1);
    });
  }

  it('a group invitation used at once by 8 people adds one co-facilitator', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    await boss.send(`/spiral facilitator ${group}`);
    const code = invitationCode(boss);
    const people = await crowd(bot, 'co', 8);
    await Promise.all(people.map((u) => u.send(`/spiral ${code}`)));
    expect((await bot.group(group))?.facilitators).toHaveLength(2);
  });

  it('a group limited to 5 participants admits exactly 5 of 200 people joining at once; the others are told it is full', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    expect(texts(await boss.send(`/spiral limit ${group} 5`))).toContain('now admits at most 5 participants (now: 0)');
    const people = await crowd(bot, 'lim', 200);
    const answers = await Promise.all(people.map((u) => u.send(`/spiral ${group}`)));
    const full = answers.filter((r) => texts(r).includes('is full (5 participants) and admits nobody new'));
    expect(full).toHaveLength(195);
    expect((await bot.group(group))?.members).toHaveLength(5);
    const inside = (await Promise.all(people.map((u) => bot!.participation(u.id, group)))).filter(Boolean);
    expect(inside).toHaveLength(5);
    // Members can always come back; a limit of 0 or a word is refused.
    const member = people.find((_, i) => !texts(answers[i]!).includes('is full'))!;
    expect(texts(await member.send(`/spiral ${group}`))).not.toContain('is full');
    expect(texts(await boss.send(`/spiral limit ${group} 0`))).toContain('Usage: /spiral limit');
    expect(texts(await boss.send(`/spiral limit ${group} off`))).toContain('no longer has a participant limit');
    // Someone who was refused (which 5 got in depends on the order the 200 joins ran in).
    const refused = people.find((_, i) => texts(answers[i]!).includes('is full'))!;
    expect(texts(await refused.send(`/spiral ${group}`))).toContain('Welcome to');
  });
});

describe('200 people joining one group at the same moment, through the engine (item 9)', () => {
  it('all 200 join and all 200 ideas are stored, also when the groups file is first opened by them', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const people = await crowd(bot, 'p', 200);
    // A fresh core: the shared groups file is opened for the first time by the 200 joins themselves.
    bot = await bot.restart();
    const again = people.map((u) => bot!.user(u.id, 'en'));
    const joins = await Promise.all(again.map((u) => u.send(`/spiral ${group}`)));
    expect(joins.filter((r) => texts(r).includes('Welcome to'))).toHaveLength(200);
    const ideas = await Promise.all(again.map((u, i) => u.send(`Idea of person ${i}`)));
    expect(ideas.filter((r) => texts(r).includes('Idea 1 noted'))).toHaveLength(200);
    expect(new Set((await bot.group(group))?.members)).toHaveProperty('size', 200);
    const stored = await Promise.all(again.map((u) => bot!.participation(u.id, group)));
    expect(stored.map((p) => p?.criteria[0]?.text)).toEqual(again.map((_, i) => `Idea of person ${i}`));
  }, 120_000);
});

describe('names are cleaned and blank ones refused (item 6)', () => {
  it('a group name, a territory or a profile that is blank once cleaned is refused with a clear message', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    await boss.send('/spiral new');
    // Hangul fillers and a braille blank look like nothing at all; zero-width spaces are removed.
    // (The engine may already refuse such a message as empty; either way it is asked again.)
    const blank = /There is nothing visible in this text|empty message/;
    expect(texts(await boss.send('\u3164\u200b\u2800\u3164'))).toMatch(blank);
    expect(lastText(boss)).toContain("What is the group's name?");
    expect(texts(await boss.send('Young\u200b people\u202e of\u0007 Namur'))).toContain('Which territory?');
    expect(texts(await boss.send('\u2800\u2800'))).toMatch(blank);
    expect(lastText(boss)).toContain('Which territory?');
    await boss.send('Namur');
    await boss.press(/Young/);
    await boss.send('en');
    await boss.send('2026');
    await boss.pressToken(boss.buttons()[0]!.token);
    await boss.pressToken(boss.buttons()[0]!.token);
    const [g] = await bot.groups();
    expect(g?.name).toBe('Young people of Namur');
    const u = await citizen(bot, 'solo');
    expect(texts(await u.send('/spiral alone \u3164\u3164'))).toContain('There is nothing visible in this text');
    expect((await bot.groups()).filter((x) => x.kind === 'individual')).toHaveLength(0);
  });
});

describe('manager input that must be refused (item 19)', () => {
  it('/spiral cycle with a question count no set has, or a name of nothing, changes nothing', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    expect(texts(await boss.send('/spiral cycle 2027 9'))).toContain('A cycle cannot ask 9 questions: the question sets have 3, 4 questions');
    expect(texts(await boss.send('/spiral cycle 2027 0'))).toContain('cannot ask 0 questions');
    expect(texts(await boss.send('/spiral cycle ***'))).toContain('is not a cycle name');
    expect(await bot.cycles()).toEqual([]);
    expect(texts(await boss.send('/spiral cycle Spring 2027'))).toContain('The current cycle is now Spring 2027 (3 questions)');
    expect(texts(await boss.send('/spiral cycle 2027 4'))).toContain('The current cycle is now 2027 (4 questions)');
  });

  it('a facilitator role for a pseudonym nobody has is refused; an existing one is accepted', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const ana = await citizen(bot, 'ana');
    expect(texts(await boss.send('/spiral facilitator p-0000aaaa-1111'))).toContain('Nobody has the pseudonym “p-0000aaaa-1111”');
    expect(texts(await boss.send('/spiral facilitator p-zz'))).toContain('Nobody has the pseudonym “p-zz”');
    expect(await bot.generalFacilitators()).toEqual([]);
    const store = bot.core.services.store;
    const pseudonym = (await store.loadUser(store.keyOf('memory:ana')))!.pseudonym;
    // Ana reads her pseudonym in /mydata to pass it on; a pseudonym never shown is never named.
    expect(texts(await boss.send(`/spiral facilitator ${pseudonym}`))).toContain(`Nobody has the pseudonym “${pseudonym}”`);
    await ana.send('/mydata');
    expect(texts(await boss.send(`/spiral facilitator ${pseudonym}`))).toContain(`${pseudonym} is now a facilitator`);
    expect(texts(await ana.send('/spiral new'))).toContain("Let's create a group");
  });

  it('/spiral export CODE xml says which formats exist and sends nothing', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const r = await boss.send(`/spiral export ${group} xml`);
    expect(texts(r)).toContain('“xml” is not an export format. Use one of: csv, json');
    expect(files(r)).toHaveLength(0);
    expect(texts(await boss.send('/spiral export pdf'))).toContain('“pdf” is not an export format');
    expect(files(await boss.send(`/spiral export ${group} JSON`))).toHaveLength(1);
  });
});

describe('a damaged person file (item 14)', () => {
  it('is left out of /spiral results and every export, with a warning naming it, instead of failing them', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const ana = await citizen(bot, 'ana');
    await ana.send(`/spiral ${group}`);
    await ana.send('Friends nearby');
    const ben = await citizen(bot, 'ben');
    await ben.send(`/spiral ${group}`);
    await ben.send('Clean air');
    await bot.core.stop();
    // Ben's file is damaged on disk (a half-written copy restored by hand, say).
    const store = bot.core.services.store;
    const key = store.keyOf('memory:ben');
    const file = join(bot.dir, 'users', key.slice(0, 2), `${key}.json`);
    writeFileSync(file, '{"schema": 1, "key": "');
    bot = await startSpiralBot({ dir: bot.dir });
    const boss2 = bot.user('boss', 'en');
    const results = texts(await boss2.send(`/spiral results ${group}`));
    expect(results).toContain('Participants: 1');
    expect(results).toContain("1 participant’s data file is damaged and was left out");
    const exported = await boss2.send(`/spiral export ${group}`);
    const csv = parseCsv(new TextDecoder().decode(files(exported)[0]!.content).replace(/^\uFEFF/, ''));
    expect(csv.slice(1).map((r) => r[csv[0]!.indexOf('text')])).toEqual(['Friends nearby']);
    expect(texts(exported)).toContain('damaged and was left out');
    // The command line next to the running bot: the export succeeds and stderr names the file.
    const cli = spawnSync(process.execPath, ['bin/together.mjs', 'export', 'spiral', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, TOGETHER_DATA: bot.dir, LOG_LEVEL: 'warn' }, timeout: 60_000 });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).map((r: { text: string }) => r.text)).toEqual(['Friends nearby']);
    expect(cli.stderr).toContain(`${key}.json`);
  }, 90_000);
});

describe('rough edges (item 21)', () => {
  it('an idea keeps one number everywhere: the acknowledgement, the list and the idea view', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const u = await citizen(bot, 'ana');
    await u.send(`/spiral ${group}`);
    expect(texts(await u.send('Friends'))).toContain('Idea 1 noted');
    await u.send('/done');
    expect(texts(await u.send('Loneliness'))).toContain('Idea 2 noted');
    expect(texts(await u.send('Debts'))).toContain('Idea 3 noted: “Debts”');
    await pressValue(u, /\.review$/);
    expect(lastText(u)).toMatch(/3\. Debts/);
    expect(texts(await u.send('3'))).toContain('Idea 3 (Ill-being):\n“Debts”');
  });

  it('counts read right in every language: "1 idea", "2 ideas", Romanian "20 de idei"', async () => {
    const i18n = await I18n.create('en');
    const title = (lang: string, count: number) => i18n.translator(lang)('spiral:summary.title', { group: 'G', count });
    expect(title('en', 1)).toContain('(1 idea)');
    expect(title('en', 2)).toContain('(2 ideas)');
    expect(title('fr', 1)).toContain('(1 idée)');
    expect(title('fr', 1_000_000)).toContain('(1000000 idées)');
    expect(title('ro', 1)).toContain('(1 idee)');
    expect(title('ro', 3)).toContain('(3 idei)');
    expect(title('ro', 20)).toContain('(20 de idei)');
    expect(i18n.translator('en')('spiral:export.caption', { count: 1 })).toBe('SPIRAL export: 1 criterion (pseudonymous).');
    for (const lang of i18n.languages) for (const n of [0, 1, 2, 5, 21, 1_000_000]) expect(title(lang, n)).toContain(String(n));
  });

  it('a long group name is wrapped on two lines in the chart, not clipped at the image edge', () => {
    const name = 'Jeunes du quartier Nord de Marcinelle et environs, groupe du mercredi';
    const svg = chartSvg({ title: name, subtitle: 'K7M2QX · Charleroi · cycle 2026', series: ['Well-being'], bars: [{ label: 'A', name: 'Access', values: [1] }] });
    const lines = [...svg.matchAll(/<text[^>]*font-weight="bold" fill="#222">([^<]*)<\/text>/g)].map((m) => m[1]!).filter((l) => name.includes(l.replace('…', '')));
    expect(lines.length).toBe(2);
    expect(lines.join(' ')).toBe(name);
    // Whatever the length, at most two lines, each within the image, the rest ellipsized.
    const long = wrapText('word '.repeat(100), 900, 20, 'bold', 2);
    expect(long).toHaveLength(2);
    expect(long[1]).toMatch(/…$/);
    for (const l of long) expect([...l].length * 20 * 0.66).toBeLessThanOrEqual(900);
  });

  it('an empty CSV export still has its header row', async () => {
    expect(toCsv([], ['a', 'b'])).toBe('\uFEFFa,b\r\n');
    expect(toCsv(withColumns([], ['x', 'y']))).toBe('\uFEFFx,y\r\n');
    expect(toCsv([{ b: 1, a: 2 }])).toBe('\uFEFFb,a\r\n1,2\r\n');
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const r = await boss.send(`/spiral export ${group} csv`);
    const rows = parseCsv(new TextDecoder().decode(files(r)[0]!.content).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('criterion');
    expect(rows[0]).toContain('family');
  });
});

describe('a SPIRAL command sent in a group chat', () => {
  it('gives the engine the payload that opens the same thing in the private chat', () => {
    expect(spiralGroupLink('spiral', 'k7m 2qx')).toBe('g_K7M2QX');
    expect(spiralGroupLink('spiral', 'F-BCDFGHJ')).toBe('f_FBCDFGHJ');
    expect(spiralGroupLink('spiral', 'results K7M2QX')).toBeUndefined();
    expect(spiralGroupLink('caravan', 'K7M2QX')).toBeUndefined();
  });
});
