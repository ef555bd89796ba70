import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/free-port.ts';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster in a temporary folder, for tests only. */
export interface PostgresServerInfo {
  /** Superuser URL to the `postgres` database, with the generated password. */
  url: string;
  /** The temporary folder holding the cluster (data/, the socket and the log). */
  dir: string;
  bin: string;
  port: number;
}

/** The folder holding initdb and pg_ctl, or a sentence saying why there is none. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const candidates: string[] = [];
  if (process.env.TOGETHER_TEST_PG_BIN) candidates.push(process.env.TOGETHER_TEST_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    // Newest major version first: Debian keeps one folder per installed version.
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  const bin = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!bin) return { missing: 'PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set TOGETHER_TEST_DATABASE_URL' };
  if (isRoot() && !hasPostgresUser()) return { missing: 'running as root and there is no `postgres` user to run the PostgreSQL server as' };
  return { bin };
}

const isRoot = (): boolean => process.getuid?.() === 0;

function hasPostgresUser(): boolean {
  return passwdLine('postgres') !== undefined;
}

function passwdLine(user: string): string | undefined {
  if (!existsSync('/etc/passwd')) return undefined;
  return readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
}

/** PostgreSQL refuses to run as root: as root, every server command runs as the `postgres` user. */
async function asServerUser(cmd: string, args: string[], timeout = 60_000): Promise<void> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  await run(file, argv, { timeout });
}

/** Creates a cluster with a generated password (local socket trusted) and starts it on 127.0.0.1. */
export async function startPostgresServer(bin: string): Promise<PostgresServerInfo> {
  const dir = mkdtempSync(join(tmpdir(), 'together-pg-'));
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  try {
    await asServerUser(join(bin, 'initdb'), [
      '-D', join(dir, 'data'), '-U', 'postgres', '--pwfile', pwfile,
      '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '-E', 'UTF8', '--locale=C', '--no-instructions',
    ]);
    rmSync(pwfile);
    let lastError: unknown;
    // The port was free a moment ago; another process may take it first, so a few tries.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        await pgCtlStart(bin, dir, port);
        return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, dir, bin, port };
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Starts (again) the cluster in `dir` on `port`. Durability settings are off: the cluster is
 * thrown away, and fsync on a shared 2-core CI machine costs seconds for nothing tested here.
 */
export async function pgCtlStart(bin: string, dir: string, port: number): Promise<void> {
  const options = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c full_page_writes=off',
    '-c max_connections=300', '-c shared_buffers=32MB', '-c log_min_messages=warning',
  ].join(' ');
  await asServerUser(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
}

/** Stops the cluster at once (as a crash would: nothing it holds needs to survive). */
export async function pgCtlStop(bin: string, dir: string): Promise<void> {
  await asServerUser(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', '-t', '60', 'stop']);
}

/** Stops the cluster and removes its folder; quiet when it is already gone. */
export async function removePostgresServer(info: Pick<PostgresServerInfo, 'bin' | 'dir'>): Promise<void> {
  await pgCtlStop(info.bin, info.dir).catch(() => {});
  rmSync(info.dir, { recursive: true, force: true });
}

function postgresIds(): { uid: number; gid: number } {
  const [, , uid, gid] = (passwdLine('postgres') ?? '').split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
