/**
 * For .ci/run: `start <dir>` starts a throwaway PostgreSQL and Redis (unless their
 * TOGETHER_TEST_* variable is already set) and prints the `export` lines for them; `stop <dir>`
 * stops whatever `start` recorded in <dir>. A server that cannot start is reported on stderr and
 * its variable left unset, so its tests are skipped and say why.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBin, startPostgresServer } from './postgres-server.ts';
import { findRedisServer, startRedisServer } from './redis-server.ts';
import { stopAll } from './services.ts';

async function start(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  if (!process.env.TOGETHER_TEST_DATABASE_URL) {
    const found = findPostgresBin();
    if ('missing' in found) console.error(`PostgreSQL for the tests: ${found.missing}`);
    else {
      try {
        const info = await startPostgresServer(found.bin);
        writeFileSync(join(dir, 'postgres.json'), JSON.stringify({ ok: info }));
        lines.push(`export TOGETHER_TEST_DATABASE_URL='${info.url}'`);
        console.error(`PostgreSQL for the tests on 127.0.0.1:${info.port}`);
      } catch (e) {
        console.error(`PostgreSQL for the tests did not start: ${(e as Error).message}`);
      }
    }
  }
  if (!process.env.TOGETHER_TEST_REDIS_URL) {
    const found = findRedisServer();
    if ('missing' in found) console.error(`Redis for the tests: ${found.missing}`);
    else {
      try {
        const info = await startRedisServer(found.bin);
        writeFileSync(join(dir, 'redis.json'), JSON.stringify({ ok: info }));
        lines.push(`export TOGETHER_TEST_REDIS_URL='${info.url}'`);
        console.error(`Redis for the tests on 127.0.0.1:${info.port}`);
      } catch (e) {
        console.error(`Redis for the tests did not start: ${(e as Error).message}`);
      }
    }
  }
  console.log(lines.join('\n'));
}

const [command, dir] = process.argv.slice(2);
if (!dir || (command !== 'start' && command !== 'stop')) {
  console.error('usage: tsx tests/setup/ci-services.ts start|stop <dir>');
  process.exit(2);
}
await (command === 'start' ? start(dir) : stopAll(dir));
