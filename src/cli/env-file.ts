import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';

/** A `.env` the CLI will not read, with what to do about it. */
export class EnvFileError extends Error {
  readonly code = 'ENV_FILE';
}

/**
 * Where a `.env` may come from, first found wins and only that one is read:
 * 1. the data folder: `$TOGETHER_DATA/.env` when TOGETHER_DATA is set in the environment,
 *    otherwise `<project>/data/.env` — an instance's settings can live with its data;
 * 2. the project folder: `<project>/.env`.
 * Never the current directory (unless it is the project folder): a `.env` in whatever folder
 * the command runs from could send the bot token to another API root.
 */
export function envFileCandidates(projectDir: string, env: NodeJS.ProcessEnv): string[] {
  const dataDir = env.TOGETHER_DATA ? resolve(env.TOGETHER_DATA) : join(projectDir, 'data');
  return [join(dataDir, '.env'), join(projectDir, '.env')];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // missing, or a path under a file: not a candidate
  }
}

/**
 * Reads the first `.env` of envFileCandidates into `env`; a variable already set in the
 * environment wins over the file. Returns the file read, or null when there was none.
 */
export function loadEnvFile(projectDir: string, env: NodeJS.ProcessEnv): string | null {
  const file = envFileCandidates(projectDir, env).find(isFile);
  if (!file) return null;
  // Anyone who can write it could redirect the bot's token: refuse rather than read it.
  if (statSync(file).mode & 0o002) throw new EnvFileError(`${file} can be written by every user of this machine, so it could redirect the bot's token. Check its content, then run: chmod o-w '${file}'`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EnvFileError(`Could not read ${file} (${(e as Error).message}): fix its permissions or remove it.`);
  }
  for (const [key, value] of Object.entries(parse(text))) if (env[key] === undefined) env[key] = value;
  return file;
}
