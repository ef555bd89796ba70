import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The together-bot installation this code runs from: its folder and its version. */
export interface Project {
  readonly dir: string;
  readonly version: string;
}

const NAME = 'together-bot';

/**
 * Found from where this file lives, never from the current directory: the project folder is
 * the one place (with the data folder) whose `.env` the CLI trusts.
 */
export function findProject(from: string = fileURLToPath(import.meta.url)): Project {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === NAME) return { dir, version: pkg.version ?? '0.0.0' };
    }
    if (dirname(dir) === dir) throw new Error(`Could not find the ${NAME} package.json above ${from}: reinstall together-bot.`);
  }
}
