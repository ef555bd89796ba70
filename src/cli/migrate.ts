import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readSettings } from '../config.ts';
import { createLogger } from '../log/logger.ts';

/**
 * `together migrate`: brings the PostgreSQL schema (TOGETHER_DATABASE_URL) up to date, and with
 * `--from <folder>` copies an embedded data folder into it in one transaction, counts checked
 * before it commits. A database that already holds data is refused unless `--replace`.
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the PostgreSQL database (TOGETHER_DATABASE_URL) up to date; with --from, copy a data folder into it')
    .option('--from <folder>', 'an embedded data folder to copy into the database (the bot using it must be stopped)')
    .option('--replace', 'replace what the database already holds (otherwise a database with data is refused)')
    .action(async (opts: { from?: string; replace?: boolean }) => {
      const settings = readSettings();
      const url = settings.core.databaseUrl;
      if (!url) throw new Error('together migrate works on a PostgreSQL database: set TOGETHER_DATABASE_URL=postgres://user:password@host:5432/database (in the environment or .env).');
      // Loaded only here: the embedded store's commands never load the PostgreSQL client.
      const { PostgresStore } = await import('../store/postgres/postgres-store.ts');
      const { importDataFolder } = await import('../store/postgres/import-folder.ts');
      const say = (line: string) => void process.stderr.write(`together: ${line}\n`);
      const store = await PostgresStore.open(url, { log: createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel) });
      try {
        if (!opts.from) {
          process.stdout.write(`The database ${store.database.where} is up to date.\n`);
          return;
        }
        const dir = resolve(opts.from);
        say(`copying ${dir} into ${store.database.where}…`);
        let told = 0;
        const counts = await importDataFolder(dir, store, {
          replace: opts.replace === true,
          progress: (copied) => {
            if (copied - told >= 10_000) say(`${(told = copied)} people and records copied…`);
          },
        });
        const collections = Object.entries(counts.collections);
        process.stdout.write(
          [
            `Copied ${dir} into ${store.database.where}; every count checked:`,
            `  people: ${counts.people} (${counts.unsent} with replies still to send)`,
            `  shared documents: ${counts.shared}`,
            `  collections: ${collections.length === 0 ? 'none' : collections.map(([name, n]) => `${name} ${n}`).join(', ')}`,
            'Start the bot with TOGETHER_DATABASE_URL set; keep the folder as a backup.',
          ].join('\n') + '\n',
        );
      } finally {
        await store.close();
      }
    });
}
