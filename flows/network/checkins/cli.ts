/**
 * `together plan report` and `together plan checkins`, through the running bot's control socket
 * (or in this process when no bot runs).
 *
 * @example
 * together plan report --quarter Q2 --year 2026 --format md --out q2-checkins.md
 * together plan report --quarter Q2 --format csv > q2.csv
 * together plan checkins --every 2
 * together plan checkins --send
 */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { readSettings, runControl, type Flow } from '../../../src/engine/index.ts';
import { planCommand } from '../cli-root.ts';
import type { RoundsMade } from './round.ts';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

export function checkinCli(program: Command, flows: Flow[]): void {
  const call = (command: string, args: Record<string, unknown>) => runControl(flows, readSettings(), command, args);
  const plan = planCommand(program);

  plan
    .command('report')
    .description("the quarter's check-ins per axis and activity: answers, skips, and who has not answered yet (by name: for managers)")
    .requiredOption('--quarter <quarter>', 'Q1, Q2, Q3 or Q4')
    .option('--year <year>', 'the year (default: this year in TOGETHER_TZ)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'csv']).default('md'))
    .option('--lang <code>', 'language of the Markdown report (default: TOGETHER_LANG)')
    .option('--pseudonyms', 'people by pseudonym instead of name (a report to pass on)')
    .option('-o, --out <file>', 'file to write (default: stdout)')
    .action(async (opts: { quarter: string; year?: string; format: string; lang?: string; pseudonyms?: boolean; out?: string }) => {
      const { text } = (await call('checkin.report', { quarter: opts.quarter, year: opts.year, format: opts.format, lang: opts.lang, pseudonyms: opts.pseudonyms === true })) as { text: string };
      if (opts.out) {
        writeFileSync(opts.out, text);
        out(opts.out);
      } else process.stdout.write(text);
    });

  plan
    .command('checkins')
    .description('check-ins: show or set how often (network-wide default), or make this month\'s rounds now')
    .option('--every <months>', 'default months between check-ins of an activity (0 = off); an activity\'s own checkinMonths wins')
    .option('--send', "make this month's rounds not made yet and send them now (each round is still made once)")
    .action(async (opts: { every?: string; send?: boolean }) => {
      const s = (await call('checkin.settings', { every: opts.every })) as { months: number; period: string };
      out(s.months === 0 ? 'check-ins are off by default (activities with their own checkinMonths still get theirs)' : `check-ins every ${s.months} month(s) by default`);
      if (!opts.send) return;
      const made = (await call('checkin.round', {})) as RoundsMade;
      out(`${made.period}: ${made.made.length} round(s) made${made.made.length ? ` (${made.made.join(', ')})` : ''}, ${made.letters} letter(s) queued`);
    });
}
