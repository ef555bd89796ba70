import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_DIR_ENV, stopAll } from './services.ts';

/**
 * vitest globalSetup: makes the run's folder, where the throwaway PostgreSQL and Redis servers
 * are recorded. They start lazily, on the first test that asks (tests/helpers/postgres.ts,
 * tests/helpers/redis.ts), so a run without such tests pays nothing; they stop here at the end.
 */
export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'together-test-run-'));
  // Workers are forked from this process and inherit its environment.
  process.env[RUN_DIR_ENV] = dir;
  return async () => {
    await stopAll(dir);
  };
}
