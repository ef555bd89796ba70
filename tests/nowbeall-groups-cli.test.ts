/**
 * `together nowbeall group create|list`, `together nowbeall answer`, `together nowbeall report`
 * and `together export proposals --call` from the command line, through the running bot's
 * control socket (the export reads the data folder next to it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import type { Proposal } from '../flows/nowbeall/types.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';
import { dispose } from './helpers/harness.ts';
import { together } from './helpers/together-cli.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const AT = '2026-04-20T10:00:00.000Z';
const proposal = (id: string, title: string): Proposal => ({
  id, call: 'nba-2026', theme: 'health', title, body: `About ${title}.`, actor: 'authorities', lang: 'en', status: 'published', author: 'p-author', createdAt: AT, updatedAt: AT, supports: 1, reports: 0,
});

describe('together nowbeall … (theme groups, answers, dossier)', () => {
  it('creates a group, answers a proposal, writes the dossier and exports one call', async () => {
    bot = await startCaravanBot();
    const r = nowbeallRecords(bot.services.store);
    await r.calls.put({
      id: 'nba-2026', title: { en: 'Well-being 2026' }, question: { en: 'What would help?' }, themes: [{ id: 'health', label: { en: 'Health' } }],
      territories: [], languages: [], phase: 'analysis', createdAt: AT, createdBy: 'p-boss', phases: [],
    });
    await r.proposals.put(proposal('3', 'Nurses | in schools'));
    await r.proposals.put(proposal('7', 'Healthy canteens'));

    const created = await together(bot.dir, 'nowbeall', 'group', 'create', '--call', 'nba-2026', '--theme', 'health', '--proposals', '3,7', '--deadline', '2026-06-30', '--json');
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout)).toMatchObject({ group: { id: 'g1', title: 'Health', proposals: ['3', '7'], createdBy: 'cli' } });

    // A refusal reaches the command line as one sentence (each spawn costs seconds: the others are tested in-process).
    const early = await together(bot.dir, 'nowbeall', 'answer', '3', '--kind', 'accepted', '--text', 'Yes.');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('Official answers are recorded in the dialogue phase');
    await r.calls.update('nba-2026', (c) => (c ? { ...c, phase: 'dialogue' } : c));
    const answered = await together(bot.dir, 'nowbeall', 'answer', '3', '--kind', 'accepted', '--text', 'The city adopts it.', '--authority', 'City of Namur');
    expect(answered.stderr).toBe('');
    expect(answered.stdout).toContain('answered 3 (accepted)');

    const out = join(bot.dir, 'dossier.md');
    const report = await together(bot.dir, 'nowbeall', 'report', '--call', 'nba-2026', '--format', 'md', '--out', out);
    expect(report.stderr).toBe('');
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('| 3 | Nurses \\| in schools | 1 | answered | g1 | Accepted |');
    expect(md).toContain('Official answer: Accepted (City of Namur): The city adopts it.');

    const csv = await together(bot.dir, 'export', 'proposals', '--format', 'csv', '--call', 'nba-2026');
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toContain('3,nba-2026,health,Nurses | in schools,answered,1,g1,accepted,The city adopts it.,City of Namur');
  }, 180_000);
});
