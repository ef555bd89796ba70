import { rmSync } from 'node:fs';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { texts } from './helpers/memory-channel.ts';
import { checkin } from '../flows/network/checkins/index.ts';
import { lastCheckin } from '../flows/network/checkins/latest.ts';
import { checkinRecords } from '../flows/network/checkins/records.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { seedPlan, startCheckinBot, type CheckinBot } from './network-checkin-bot.ts';

let cb: CheckinBot | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  if (!cb) return;
  await cb.stop();
  rmSync(cb.dir, { recursive: true, force: true });
  cb = null;
});

/** Two rounds of Q2 2026 (May and June): Ana answers and skips, Ion answers in June, Maria never. */
async function quarter(): Promise<CheckinBot> {
  const b = await startCheckinBot({ now: '2026-05-01T06:00:00Z' });
  await seedPlan(b);
  await b.at('2026-05-01T08:00:30Z');
  const ana = b.user('ana');
  await ana.press('What progressed');
  await ana.send('Programme drafted.');
  await ana.send('No room for October.');
  await ana.press('Skip this check-in');
  // The days pass: the one job runs on the 7th, then waits for 1 June.
  await b.at('2026-05-07T08:00:30Z');
  await b.at('2026-06-01T08:00:30Z');
  const ion = b.user('ion');
  await ion.press('What progressed');
  await ion.send('# not | a heading\nsecond line');
  await ion.send('التمويل لم يصل بعد');
  return b;
}

const report = async (b: CheckinBot, args: Record<string, unknown>) => ((await b.control('checkin.report', { quarter: 'Q2', year: 2026, ...args })) as { text: string }).text;

describe('network check-ins: the quarter report', () => {
  it('md: per axis and activity, each month with the answers, the skips and who has not answered yet, by name', async () => {
    cb = await quarter();
    const md = await report(cb, { format: 'md' });
    expect(md).toContain('# Check-ins — Q2 2026');
    expect(md).toContain('Made on 2026-06-01 · 4 rounds · 2 answered · 1 skipped · 5 not answered yet');
    expect(md).toContain("People are named: this report is for the network's managers.");
    expect(md).toContain('## Axis: Basic functions');
    const training = md.indexOf('### Training of facilitators — Trainers');
    const website = md.indexOf('### Website — Web team');
    expect(training).toBeGreaterThan(0);
    expect(website).toBeGreaterThan(training);
    expect(md).toContain('#### May 2026: 1 of 1 answered\n\n- **Ana Pop**\n  - What progressed: Programme drafted.\n  - What is blocked: No room for October.');
    expect(md).toContain('#### May 2026: 0 of 3 answered\n\n- **Ana Pop**: skipped the check-in\n\nNot answered yet: Ion Rusu, Maria Popescu');
    // Markup in an answer is escaped, lines folded; right-to-left text is isolated.
    expect(md).toContain('- **Ion Rusu**\n  - What progressed: \\# not \\| a heading second line\n  - What is blocked: \u2068التمويل لم يصل بعد\u2069');
    expect(md).toContain('#### June 2026: 1 of 3 answered');
    expect(md).toContain('Not answered yet: Ana Pop, Maria Popescu');
    // Another language, and pseudonyms for a report to pass on.
    const fr = await report(cb, { format: 'md', lang: 'fr', pseudonyms: true });
    expect(fr).toContain('## Axe : Fonctions de base');
    expect(fr).toContain('### Site web — Équipe web');
    expect(fr).toContain('Pas encore de réponse : p-ion, p-maria');
    expect(fr).not.toContain('Maria Popescu');
    expect(await report(cb, { format: 'md', quarter: 'Q3' })).toContain('No check-in round in this quarter.');
  });

  it('csv: one row per member asked per round, through csv-stringify', async () => {
    cb = await quarter();
    const csv = await report(cb, { format: 'csv' });
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('quarter,axis,activity,activity_title,group,period,person,status,progress,blocked,skipped,answered_at');
    expect(lines).toHaveLength(1 + 8);
    expect(lines).toContain('2026-Q2,basic,website,Website,web-team,2026-05,Maria Popescu,waiting,,,,');
    expect(lines.find((l) => l.includes('2026-05,Ana Pop,skipped'))).toMatch(/,skipped,,,progress blocked,2026-05-01T08:00:30\.000Z$/);
    expect(lines.find((l) => l.includes('2026-06,Ion Rusu'))).toBe('2026-Q2,basic,website,Website,web-team,2026-06,Ion Rusu,answered,"# not | a heading\nsecond line",التمويل لم يصل بعد,,2026-06-01T08:00:30.000Z');
  });

  it('refuses a bad quarter, year or format with one clear sentence', async () => {
    cb = await startCheckinBot();
    await expect(report(cb, { quarter: 'Q5' })).rejects.toThrow('--quarter must be Q1, Q2, Q3 or Q4 (got "Q5").');
    await expect(report(cb, { year: 'soon' })).rejects.toThrow('--year must be a year such as 2026');
    await expect(report(cb, { format: 'pdf' })).rejects.toThrow('--format must be md or csv');
  });

  it('`together plan report` writes the report to stdout (in this process when no bot runs)', async () => {
    cb = await quarter();
    await cb.stop();
    vi.stubEnv('TOGETHER_DATA', cb.dir);
    vi.stubEnv('LOG_LEVEL', 'silent');
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const program = new Command().exitOverride();
    checkin.cli!(program, [onboarding, checkin]);
    await program.parseAsync(['node', 'together', 'plan', 'report', '--quarter', 'q2', '--year', '2026', '--format', 'csv']);
    vi.restoreAllMocks();
    expect(written.join('')).toContain('2026-Q2,basic,website,Website,web-team,2026-06,Maria Popescu,waiting');
    cb = await startCheckinBot({ dir: cb.dir, now: '2026-06-02T06:00:00Z' });
  });
});

describe('network check-ins: the digest line, /mydata, /forget', () => {
  it("lastCheckin gives a group's newest answered round without names", async () => {
    cb = await quarter();
    const web = await lastCheckin(cb.services.store, 'web-team');
    expect(web).toEqual({ activity: 'website', period: '2026-06', at: '2026-06-01T08:00:30.000Z', progress: '# not | a heading\nsecond line', blocked: 'التمويل لم يصل بعد', answered: 1, asked: 3 });
    expect(JSON.stringify(web)).not.toMatch(/Ion|p-ion/);
    // The trainers answered in May only; their June round has no answer yet.
    expect(await lastCheckin(cb.services.store, 'trainers')).toMatchObject({ period: '2026-05', progress: 'Programme drafted.', answered: 1, asked: 1 });
    expect(await lastCheckin(cb.services.store, 'nobody')).toBeUndefined();
  });

  it('/mydata counts the check-ins and carries the answers; /forget erases them; stats count them', async () => {
    cb = await quarter();
    const ana = cb.user('ana');
    const said = await ana.send('/mydata');
    expect(texts(said)).toContain('Check-ins: 1 answered, 1 skipped, 2 waiting.');
    const file = said.find((r) => r.kind === 'file');
    const json = file?.kind === 'file' ? JSON.parse(new TextDecoder().decode(file.content)) : undefined;
    expect(JSON.stringify(json)).toContain('Programme drafted.');
    expect(await checkin.stats!(cb.services)).toEqual({ rounds: 4, asked: 8, 'answers.done': 2, 'answers.skipped': 1, 'answers.open': 5 });

    const key = cb.services.store.keyOf('memory:ana');
    await ana.send('/forget');
    await ana.press('Yes, erase everything');
    expect(await checkinRecords(cb.services.store).answers.count({ key })).toBe(0);
    const md = await report(cb, { format: 'md' });
    expect(md).not.toContain('Ana Pop');
    expect(md).not.toContain('Programme drafted.');
    expect(await lastCheckin(cb.services.store, 'trainers')).toBeUndefined();
  });
});
