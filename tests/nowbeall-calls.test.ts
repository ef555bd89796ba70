/**
 * NOW-BE-ALL calls: `together nowbeall call …` through the running bot's control socket, the
 * managers' /nowbeall in chat (wizard, page, phase buttons), phases forward only (back with
 * force), and the phase notice queued for everyone following a proposal of the call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispose } from './helpers/harness.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';
import { texts } from './helpers/memory-channel.ts';
import { together } from './helpers/together-cli.ts';
import { nowbeall } from '../flows/nowbeall/index.ts';
import { follow } from '../flows/nowbeall/notify.ts';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import type { Call, Proposal } from '../flows/nowbeall/types.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const control = (b: CaravanBot, command: string, args: Record<string, unknown> = {}) => nowbeall.control![command]!(b.services, args, () => {});

/** A person who consented and follows a proposal of the call (as its author). */
async function follower(b: CaravanBot, id: string, proposal: string, call: string) {
  const u = b.user(id);
  await u.send('/agree');
  const doc = (await b.services.store.loadUser(b.services.store.keyOf(`memory:${id}`)))!;
  const p: Proposal = { id: proposal, call, theme: 'a', title: `Proposal ${proposal}`, body: 'Text.', actor: 'citizens', lang: 'en', status: 'published', author: doc.pseudonym, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', supports: 0, reports: 0 };
  await nowbeallRecords(b.services.store).proposals.put(p);
  await follow(b.services, proposal, { pseudonym: doc.pseudonym, key: doc.key }, 'author');
  return u;
}

describe('together nowbeall call … (through the running bot\'s control socket)', () => {
  it('open with the SPIRAL families, open from a YAML themes file, list, show, phases forward, back only with --force, bad input refused', async () => {
    bot = await startCaravanBot();
    const dir = bot.dir;
    const opened = await together(dir, 'nowbeall', 'call', 'open', '--id', 'nba-2026', '--title', 'NOW-BE-ALL 2026', '--title', 'fr:NOW-BE-ALL 2026 (fr)', '--question', 'What would make life better for all here?', '--themes-spiral', '--territories', 'Iași, Brussels', '--languages', 'en,fr,ro', '--opens', '2026-05-01', '--closes', '2026-06-30', '--json');
    expect(opened.stderr).toBe('');
    const call = JSON.parse(opened.stdout) as Call;
    expect(call).toMatchObject({ id: 'nba-2026', phase: 'collecting', title: { en: 'NOW-BE-ALL 2026', fr: 'NOW-BE-ALL 2026 (fr)' }, territories: ['Iași', 'Brussels'], languages: ['en', 'fr', 'ro'], opens: '2026-05-01', closes: '2026-06-30', createdBy: 'cli' });
    expect(call.themes.map((t) => t.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(call.themes[0]!.label).toMatchObject({ en: 'A · Access to essential resources', fr: 'A · Accès aux moyens de vie' });

    const yaml = join(dir, 'themes.yaml');
    writeFileSync(yaml, '- id: mobility\n  label: { en: Mobility, fr: Mobilité }\n- Housing\n');
    const second = await together(dir, 'nowbeall', 'call', 'open', '--id', 'iasi-2026', '--title', 'Iași 2026', '--question', 'Ce ar face viața mai bună?', '--themes-file', yaml, '--json');
    expect(second.stderr).toBe('');
    expect((JSON.parse(second.stdout) as Call).themes).toEqual([{ id: 'mobility', label: { en: 'Mobility', fr: 'Mobilité' } }, { id: 'housing', label: { en: 'Housing' } }]);

    const twice = await together(dir, 'nowbeall', 'call', 'open', '--id', 'nba-2026', '--title', 'x', '--question', 'y', '--themes', 'z');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('A call “nba-2026” already exists');
    // The same refusals in-process (each spawn costs seconds): the CLI prints these sentences as above.
    await expect(control(bot, 'nowbeall.call.open', { id: 'NBA 2026!', title: 'x', question: 'y', themes: 'z' })).rejects.toThrow('“NBA 2026!” is not a call code');
    await expect(control(bot, 'nowbeall.call.open', { id: 'x-1', title: 'x', question: 'y', themes: 'z', opens: '2026-06-01', closes: '2026-05-01' })).rejects.toThrow('cannot close (2026-05-01) before it opens (2026-06-01)');
    await expect(control(bot, 'nowbeall.call.open', { id: 'x-1', title: ' ', question: 'y', themes: 'z' })).rejects.toThrow('The title is empty');

    const list = JSON.parse((await together(dir, 'nowbeall', 'call', 'list', '--json')).stdout) as (Call & { counts: { total: number } })[];
    expect(list.map((c) => [c.id, c.phase, c.counts.total]).sort()).toEqual([['iasi-2026', 'collecting', 0], ['nba-2026', 'collecting', 0]]);

    const edited = await together(dir, 'nowbeall', 'call', 'edit', 'iasi-2026', '--languages', 'ro', '--closes', '2026-07-01');
    expect(edited.stdout).toContain('changed: languages, closes');

    const phase = await together(dir, 'nowbeall', 'call', 'phase', 'nba-2026', 'analysis');
    expect(phase.stderr).toBe('');
    expect(phase.stdout).toContain('nba-2026: collecting → analysis; 0 people are told');
    const back = await together(dir, 'nowbeall', 'call', 'phase', 'nba-2026', 'collecting');
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('The call “nba-2026” is past this phase');
    const forced = await together(dir, 'nowbeall', 'call', 'phase', 'nba-2026', 'collecting', '--force');
    expect(forced.stdout).toContain('analysis → collecting');
    await expect(control(bot, 'nowbeall.call.phase', { id: 'nba-2026', phase: 'party' })).rejects.toThrow('“party” is not a phase');

    const show = await together(dir, 'nowbeall', 'call', 'show', 'nba-2026');
    expect(show.stdout).toContain('nba-2026 [collecting]: NOW-BE-ALL 2026');
    expect(show.stdout).toMatch(/phases: collecting .* → analysis .* → collecting/);
    const stored = await nowbeallRecords(bot.services.store).calls.get('nba-2026');
    expect(stored?.phases.map((p) => [p.phase, p.by])).toEqual([['collecting', 'cli'], ['analysis', 'cli'], ['collecting', 'cli']]);
    expect(await nowbeallRecords(bot.services.store).log.count({ call: 'nba-2026' })).toBe(2);
  }, 180_000);
});

describe('calls in chat and phase notices', () => {
  it('a manager opens a call with the wizard, moves it on with a confirmed button; followers are told; others are refused', async () => {
    bot = await startCaravanBot();
    const boss = bot.user('boss');
    await boss.send('/agree');
    expect(texts(await boss.send('/nowbeall'))).toContain('No call yet.');
    expect(texts(await boss.press('Open a call'))).toContain('short code');
    expect(texts(await boss.send('Not a code!'))).toContain('is not a call code');
    await boss.send('nba-2026');
    await boss.send('NOW-BE-ALL 2026');
    expect(texts(await boss.send('What would make life better for all here?'))).toContain('SPIRAL families');
    await boss.press('SPIRAL families');
    await boss.send('Iași, Brussels');
    const opened = texts(await boss.send('en, fr'));
    expect(opened).toContain('The call nba-2026 is open');
    expect(opened).toContain('Territories: Iași, Brussels');
    expect(opened).toContain('Languages: English, French');

    const ana = await follower(bot, 'ana', '1', 'nba-2026');
    const bob = await follower(bot, 'bob', '2', 'nba-2026');
    // A second proposal of the same person is one notice, not two.
    const anaDoc = (await bot.services.store.loadUser(bot.services.store.keyOf('memory:ana')))!;
    await nowbeallRecords(bot.services.store).proposals.put({ ...(await nowbeallRecords(bot.services.store).proposals.get('1'))!, id: '3' });
    await follow(bot.services, '3', { pseudonym: anaDoc.pseudonym, key: anaDoc.key }, 'author');

    await boss.send('/nowbeall');
    const page = texts(await boss.press('nba-2026'));
    expect(page).toContain('nba-2026 — NOW-BE-ALL 2026 (collecting proposals)');
    expect(page).toContain('Proposals: 3');
    expect(texts(await boss.press('→ analysis'))).toContain('Move the call “nba-2026” from “collecting proposals” to “analysis”?');
    expect(texts(await boss.press('Yes, move it'))).toContain('moved from “collecting proposals” to “analysis”. People told: 2.');
    await expect.poll(() => ana.transcript(), { timeout: 10_000 }).toContain('The call “NOW-BE-ALL 2026” moves on: the proposals are analysed');
    await expect.poll(() => bob.transcript(), { timeout: 10_000 }).toContain('The call “NOW-BE-ALL 2026” moves on');
    expect(ana.transcript().match(/moves on/g)).toHaveLength(1);
    expect((await nowbeallRecords(bot.services.store).calls.get('nba-2026'))?.phases.map((p) => p.phase)).toEqual(['collecting', 'analysis']);

    // Typed commands: back refused without force, with it allowed; edit one field.
    expect(texts(await boss.send('/nowbeall call phase nba-2026 collecting'))).toContain('is past this phase');
    expect(texts(await boss.send('/nowbeall call phase nba-2026 collecting force'))).toContain('moved from “analysis” to “collecting proposals”');
    expect(texts(await boss.send('/nowbeall call edit nba-2026 territories Iași, Cluj'))).toContain('The call nba-2026 is updated: territories');
    expect(texts(await boss.send('/nowbeall call show nope'))).toContain('There is no call “nope”');

    // Not a manager: refused, nothing changed.
    expect(texts(await ana.send('/nowbeall call phase nba-2026 closed'))).toContain('This command is for the bot\'s managers');
    expect((await nowbeallRecords(bot.services.store).calls.get('nba-2026'))?.phase).toBe('collecting');
  }, 60_000);
});
