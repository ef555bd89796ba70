import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { findRedisServer, startRedisServer, stopRedisServer, type RedisServerInfo } from '../setup/redis-server.ts';
import { recordPrivate, sharedService, type ServiceState } from '../setup/services.ts';

/**
 * Redis for tests. With TOGETHER_TEST_REDIS_URL, tests use that server; without it, the run
 * starts one throwaway redis-server (no persistence) on first use. Without either, Redis tests
 * are skipped and say why. Tests share the server: each keeps to its own `prefix`.
 */

export interface TestRedis {
  url: string;
  /** A key prefix (or Bottleneck id) no other test uses. */
  prefix: string;
}

function server(): Promise<ServiceState<{ url: string }>> {
  const given = process.env.TOGETHER_TEST_REDIS_URL;
  if (given) return Promise.resolve({ ok: { url: given } });
  return sharedService<RedisServerInfo>('redis', async () => {
    const found = findRedisServer();
    if ('missing' in found) return { skip: found.missing };
    return { ok: await startRedisServer(found.bin) };
  });
}

let warned = false;

/** Why Redis tests cannot run here, or undefined when they can (starts the run's server on first call). */
export async function redisSkipReason(): Promise<string | undefined> {
  const s = await server();
  if ('ok' in s) return undefined;
  if (!warned) {
    warned = true;
    console.warn(`Redis tests skipped: ${s.skip}`);
  }
  return s.skip;
}

/** `describe` for a Redis suite: skipped, with the reason in its name, when there is no server. */
export async function describeRedis(name: string, fn: () => void): Promise<void> {
  const reason = await redisSkipReason();
  if (reason) describe.skip(`${name} (skipped: ${reason})`, fn);
  else describe(name, fn);
}

/** The run's Redis and a prefix of the caller's own. */
export async function testRedis(): Promise<TestRedis> {
  const s = await server();
  if (!('ok' in s)) throw new Error(`no Redis for tests: ${s.skip}`);
  return { url: s.ok.url, prefix: `together-test-${process.pid}-${randomBytes(4).toString('hex')}` };
}

/** A redis-server of the test's own, to stop and start again (Redis going down). */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server; connections break and new ones are refused. */
  stop(): Promise<void>;
  /** Starts an empty server again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Needs the machine's redis-server (not TOGETHER_TEST_REDIS_URL): skip reason, or undefined. */
export function privateRedisSkipReason(): string | undefined {
  const found = findRedisServer();
  return 'missing' in found ? found.missing : undefined;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const found = findRedisServer();
  if ('missing' in found) throw new Error(found.missing);
  let info = await startRedisServer(found.bin);
  let forget = recordPrivate({ kind: 'redis', info });
  return {
    url: info.url,
    port: info.port,
    async stop() {
      await stopRedisServer(info);
      forget();
    },
    async start() {
      info = await startRedisServer(found.bin, info.port);
      forget = recordPrivate({ kind: 'redis', info });
    },
    async close() {
      await stopRedisServer(info);
      forget();
    },
  };
}
