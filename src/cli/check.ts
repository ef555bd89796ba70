import type { Command } from 'commander';
import { readSettings } from '../config.ts';
import { checkDataFolder, formatCheckReport } from '../store/check.ts';

/**
 * `together check`: scans the data folder read-only (safe while the bot runs) and reports one
 * line per problem, then a summary. Exit code 0 when clean, 1 when a problem was found.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('scan the data folder (read-only, safe while the bot runs): secret, every file, temporary files, permissions, lock')
    .option('--json', 'the report as one JSON object')
    .action((opts: { json?: boolean }) => {
      const report = checkDataFolder(readSettings().core.dataDir);
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatCheckReport(report));
      if (report.problems.length > 0) process.exitCode = 1;
    });
}
