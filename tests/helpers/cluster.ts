import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { PostgresCluster, type PostgresClusterOptions } from '../../src/cluster/postgres-cluster.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { testDatabase, type TestDatabase } from './postgres.ts';

/** Short timings: a dead holder's role is taken over in about a second. */
export const FAST_CLUSTER = { heartbeatMs: 100, leaseMs: 800, aliveMs: 500 } as const;

const MIGRATIONS = new URL('../../src/store/postgres/migrations/', import.meta.url);

/** Applies the cluster's migrations (101–199, in order) to a database the store has not migrated (tests of the cluster alone). */
export async function applyClusterSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of readdirSync(MIGRATIONS).filter((f) => /^1\d\d_.*\.sql$/.test(f)).sort()) await client.query(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
  } finally {
    await client.end();
  }
}

/** A fresh database with the cluster's tables only. */
export async function clusterDatabase(): Promise<TestDatabase> {
  const db = await testDatabase();
  await applyClusterSchema(db.url);
  return db;
}

/** Joins the cluster of `url` with the fast timings; every one joined is closed by `closeAll`. */
export function clusterJoiner(url: () => string): { join(options?: Partial<PostgresClusterOptions>): Promise<PostgresCluster>; closeAll(): Promise<void> } {
  const joined: PostgresCluster[] = [];
  return {
    async join(options = {}) {
      const c = await PostgresCluster.start({ connection: { connectionString: url() }, log: silentLogger(), ...FAST_CLUSTER, ...options });
      joined.push(c);
      return c;
    },
    async closeAll() {
      await Promise.all(joined.splice(0).map((c) => c.close().catch(() => {})));
    },
  };
}

/** Polls `check` until it is true, failing after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'a condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
