import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removePostgresServer, type PostgresServerInfo } from './postgres-server.ts';
import { stopRedisServer, type RedisServerInfo } from './redis-server.ts';

/**
 * The folder of one test run (made by the global setup), where the run's throwaway servers are
 * recorded: the first test file that needs one starts it, the others find it there, and the
 * run's teardown stops every server recorded, whichever worker started it.
 */
export const RUN_DIR_ENV = 'TOGETHER_TEST_RUN_DIR';

export type ServiceState<T> = { ok: T } | { skip: string };

/** A server that some test started for itself (to stop and start it), stopped at the run's end if the test did not. */
export type PrivateServer = { kind: 'postgres'; info: PostgresServerInfo } | { kind: 'redis'; info: RedisServerInfo };

export function runDir(): string | undefined {
  const dir = process.env[RUN_DIR_ENV];
  return dir && existsSync(dir) ? dir : undefined;
}

const started = new Map<string, Promise<ServiceState<unknown>>>();

/** The run's shared server `name`: started by the first caller of the whole run, read by the others. */
export function sharedService<T>(name: string, start: () => Promise<ServiceState<T>>): Promise<ServiceState<T>> {
  let p = started.get(name);
  if (!p) {
    p = findOrStart(name, start);
    started.set(name, p);
  }
  return p as Promise<ServiceState<T>>;
}

async function findOrStart<T>(name: string, start: () => Promise<ServiceState<T>>): Promise<ServiceState<T>> {
  const dir = runDir();
  if (!dir) return { skip: `no test run folder (${RUN_DIR_ENV}): run the tests through vitest.config.ts, whose globalSetup makes it` };
  const stateFile = join(dir, `${name}.json`);
  let mine = false;
  try {
    mkdirSync(join(dir, `${name}.lock`));
    mine = true;
  } catch {
    // Another worker is starting it.
  }
  if (mine) {
    let state: ServiceState<T>;
    try {
      state = await start();
    } catch (e) {
      state = { skip: `could not start a throwaway ${name} server: ${(e as Error).message.split('\n')[0]}` };
    }
    writeAtomically(stateFile, JSON.stringify(state));
    return state;
  }
  const until = Date.now() + 120_000;
  while (!existsSync(stateFile)) {
    if (Date.now() > until) return { skip: `the throwaway ${name} server was not ready within 120 s` };
    await new Promise((r) => setTimeout(r, 50));
  }
  return JSON.parse(readFileSync(stateFile, 'utf8')) as ServiceState<T>;
}

/** Records a private server so the run's teardown stops it even when its test could not. */
export function recordPrivate(server: PrivateServer): () => void {
  const dir = runDir();
  if (!dir) return () => {};
  mkdirSync(join(dir, 'private'), { recursive: true });
  const file = join(dir, 'private', `${server.kind}-${randomBytes(6).toString('hex')}.json`);
  writeAtomically(file, JSON.stringify(server));
  return () => rmSync(file, { force: true });
}

/** Stops every server the run started (shared and private) and removes the run folder. */
export async function stopAll(dir: string): Promise<void> {
  const servers: PrivateServer[] = [];
  const read = <T>(file: string): T | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  };
  const pg = read<ServiceState<PostgresServerInfo>>(join(dir, 'postgres.json'));
  if (pg && 'ok' in pg) servers.push({ kind: 'postgres', info: pg.ok });
  const redis = read<ServiceState<RedisServerInfo>>(join(dir, 'redis.json'));
  if (redis && 'ok' in redis) servers.push({ kind: 'redis', info: redis.ok });
  const privateDir = join(dir, 'private');
  if (existsSync(privateDir)) {
    for (const f of readdirSync(privateDir)) {
      const s = read<PrivateServer>(join(privateDir, f));
      if (s) servers.push(s);
    }
  }
  await Promise.all(servers.map((s) => (s.kind === 'postgres' ? removePostgresServer(s.info) : stopRedisServer(s.info))));
  rmSync(dir, { recursive: true, force: true });
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
