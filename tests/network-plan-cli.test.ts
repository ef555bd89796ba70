import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispose, removeDir } from './helpers/harness.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';
import { together } from './helpers/together-cli.ts';
import { togetherHereOn as here } from './helpers/together-in-process.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

// Each command runs in this process (`here`) but for one success and one failure in real
// `together` processes (`together`): a spawn costs seconds of CPU, and what it shows more is its exit code.
describe('together plan … (through the running bot\'s control socket, its clock on 1 December 2026)', () => {
  it('import (dry run, for real, bad files), add, list, ics, group list; errors on stderr with exit code 1', async () => {
    bot = await startCaravanBot({ now: '2026-12-01T10:00:00Z' });
    const bad = join(bot.dir, 'bad.yaml');
    writeFileSync(bad, 'year: 2027\nevents:\n  - id: x\n    title: "unclosed\n');
    // Neither writes anything: the two processes run side by side.
    const [dry, broken] = await Promise.all([together(bot.dir, 'plan', 'import', 'examples/action-plan.yaml', '--dry-run'), together(bot.dir, 'plan', 'import', bad)]);
    expect([dry.code, dry.stderr, dry.stdout]).toEqual([0, '', 'action-plan.yaml (dry run, nothing was written): added — phases: 4, axes: 5, working groups: 8, activities: 12, events: 12.\n']);
    const done = await here(bot.dir, 'plan', 'import', 'examples/action-plan.yaml', '--json');
    expect(JSON.parse(done.stdout)).toMatchObject({ source: 'action-plan.yaml', format: 'yaml', dryRun: false, updated: [], unchanged: 0 });

    const [missing, help] = await Promise.all([here(bot.dir, 'plan', 'import', join(bot.dir, 'nowhere.yaml')), here(bot.dir, 'plan', 'add', 'event', '--help')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^together: bad\.yaml: nothing was imported\. Problems to fix \(1\):\n {2}- line 5, column 1: unexpected end of the stream within a double quoted scalar/);
    expect([missing.code, missing.stderr]).toEqual([1, `together: ${join(bot.dir, 'nowhere.yaml')} cannot be read (ENOENT).\n`]);
    expect(help.stdout).toContain('--title <text>');
    expect(help.stdout).toContain('repeat for each language: "fr:texte"');

    const ics = join(bot.dir, 'calls.ics');
    writeFileSync(ics, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:calls@t', 'DTSTART;TZID=Europe/Brussels:20270104T100000', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Weekly call', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n'));
    const calls = await here(bot.dir, 'plan', 'import', ics, '--groups', 'dynamisors');
    expect(calls.stderr).toBe('warning: VEVENT Weekly call: repeating event “Weekly call”: dates imported: 3 (past dates left out: 0).\n');
    expect(calls.stdout).toBe('calls.ics: added — events: 3.\n');

    const added = await here(bot.dir, 'plan', 'add', 'event', '--title', 'Coordination call', '--title', 'fr:Appel de coordination', '--date', '2027-02-03', '--time', '10:00', '--kind', 'meeting', '--link', 'https://meet.example.org/c');
    expect(added.stdout).toBe('added event coordination-call-270203\n');
    const [list, cal, groups, stats] = await Promise.all([here(bot.dir, 'plan', 'list', '--json'), here(bot.dir, 'plan', 'ics'), here(bot.dir, 'plan', 'group', 'list'), here(bot.dir, 'stats')]);
    expect((JSON.parse(list.stdout) as { events: unknown[] }).events).toHaveLength(16);
    expect(cal.stdout.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(cal.stdout).toContain('UID:plan-coordination-call-270203@together-bot');
    expect(groups.stdout.split('\n')[0]).toBe('coord-iasi [coordination, Iași] · members: 0');
    expect(stats.stdout).toContain('plandata.events: 16');
  }, 120_000);

  it('without a running bot the commands run in-process, on the real clock', async () => {
    bot = await startCaravanBot();
    const dir = bot.dir;
    await bot.stop();
    bot = null;
    try {
      // A year far ahead is never in the past, whenever the test runs.
      const file = join(dir, 'future.json');
      writeFileSync(file, JSON.stringify({ year: 2099, events: [{ id: 'far', kind: 'seminar', title: 'Far seminar', date: '2099-03-01', time: '10:00', tz: 'Europe/Bucharest' }] }));
      expect((await together(dir, 'plan', 'import', file)).stdout).toBe('future.json: added — events: 1.\n');
      const list = await here(dir, 'plan', 'list');
      expect(list.stdout).toContain('2099-03-01 10:00 Europe/Bucharest  far — Far seminar [seminar] v1');
      const cancelled = await here(dir, 'plan', 'cancel', 'far');
      expect(cancelled.stdout).toBe('cancelled the event far; everyone reminded of it is told\n');
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});
