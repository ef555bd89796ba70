import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port.ts';

/** A throwaway redis-server for tests: no persistence, loopback only. */
export interface RedisServerInfo {
  url: string;
  port: number;
  pid: number;
  bin: string;
}

/** The redis-server binary, or a sentence saying why there is none. */
export function findRedisServer(): { bin: string } | { missing: string } {
  const given = process.env.TOGETHER_TEST_REDIS_BIN;
  if (given) return existsSync(given) ? { bin: given } : { missing: `TOGETHER_TEST_REDIS_BIN=${given} does not exist` };
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/local/bin'];
  const bin = dirs.map((d) => join(d, 'redis-server')).find((f) => existsSync(f));
  return bin ? { bin } : { missing: 'redis-server not found: install redis-server or set TOGETHER_TEST_REDIS_URL' };
}

/** Starts redis-server on a free port (or `port`, to start it again after a stop) and waits until it answers. */
export async function startRedisServer(bin: string, port?: number): Promise<RedisServerInfo> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const p = port ?? (await freePort());
    // Detached: a test worker may exit before the run ends; the run's teardown stops it by pid.
    const child = spawn(bin, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} on port ${p}`))));
    exited.catch(() => {});
    try {
      await Promise.race([waitForPong(p, 10_000), exited]);
      return { url: `redis://127.0.0.1:${p}`, port: p, pid: child.pid!, bin };
    } catch (e) {
      lastError = e;
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      if (port !== undefined) break;
    }
  }
  throw lastError;
}

/** Stops the server (SIGKILL: nothing in it needs to survive) and waits until its port is closed. */
export async function stopRedisServer(info: Pick<RedisServerInfo, 'pid' | 'port'>): Promise<void> {
  try {
    process.kill(info.pid, 'SIGKILL');
  } catch {
    return;
  }
  const until = Date.now() + 5_000;
  while (Date.now() < until && (await ping(info.port))) await new Promise((r) => setTimeout(r, 20));
}

async function waitForPong(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${ms} ms`);
}

/** True when a Redis server answers PING on the port (inline command, so no client library is needed). */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
