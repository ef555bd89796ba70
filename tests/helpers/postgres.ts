import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { findPostgresBin, pgCtlStart, pgCtlStop, removePostgresServer, startPostgresServer, type PostgresServerInfo } from '../setup/postgres-server.ts';
import { recordPrivate, sharedService, type ServiceState } from '../setup/services.ts';

/**
 * PostgreSQL for tests. With TOGETHER_TEST_DATABASE_URL (a database on a server where that user
 * may CREATE DATABASE), tests use that server; without it, the run starts one throwaway cluster
 * from the machine's binaries on first use. Without either, PostgreSQL tests are skipped and say why.
 */

/** A fresh, empty database of its own for one caller. */
export interface TestDatabase {
  url: string;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

function server(): Promise<ServiceState<{ url: string }>> {
  const given = process.env.TOGETHER_TEST_DATABASE_URL;
  if (given) return Promise.resolve({ ok: { url: given } });
  return sharedService<PostgresServerInfo>('postgres', async () => {
    const found = findPostgresBin();
    if ('missing' in found) return { skip: found.missing };
    return { ok: await startPostgresServer(found.bin) };
  });
}

let warned = false;

/** Why PostgreSQL tests cannot run here, or undefined when they can (starts the run's server on first call). */
export async function postgresSkipReason(): Promise<string | undefined> {
  const s = await server();
  if ('ok' in s) return undefined;
  if (!warned) {
    warned = true;
    console.warn(`PostgreSQL tests skipped: ${s.skip}`);
  }
  return s.skip;
}

/**
 * `describe` for a PostgreSQL suite: skipped, with the reason in its name, when there is no server.
 * `concurrent`: its tests run at the same time (and alongside sibling suites that are concurrent too).
 */
export async function describePostgres(name: string, fn: () => void, options: { concurrent?: boolean } = {}): Promise<void> {
  const reason = await postgresSkipReason();
  if (reason) describe.skip(`${name} (skipped: ${reason})`, fn);
  else describe(name, options, fn);
}

let counter = 0;

/** A new empty database on the run's server. */
export async function testDatabase(): Promise<TestDatabase> {
  const s = await server();
  if (!('ok' in s)) throw new Error(`no PostgreSQL for tests: ${s.skip}`);
  return createDatabaseOn(s.ok.url);
}

/**
 * Fresh databases for one test file: `const database = fileDatabases();` at its top, then
 * `await database()` wherever a test wants one. All are dropped after the file's last test.
 */
export function fileDatabases(): () => Promise<TestDatabase> {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made.splice(0)) await db.drop();
  });
  return async () => {
    const db = await testDatabase();
    made.push(db);
    return db;
  };
}

/**
 * One database shared by the tests of a describe (call it inside, e.g. in describePostgres's
 * body): created before its first test, dropped after its last. Its url is there from then on.
 */
export function suiteDatabase(): TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    db = undefined;
  });
  return {
    get url() {
      if (!db) throw new Error('the suite database is made before the first test of its describe');
      return db.url;
    },
    drop: async () => db?.drop(),
  };
}

async function createDatabaseOn(adminUrl: string): Promise<TestDatabase> {
  const name = `together_test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  // FILE_COPY: with the throwaway server's fsync off, copying the template's files beats writing them all to the WAL.
  // Servers before PostgreSQL 15 know only that way, and not the word.
  await admin(adminUrl, `CREATE DATABASE ${name} STRATEGY FILE_COPY`).catch((e: { code?: string }) => {
    if (e.code !== '42601' && e.code !== '42704') throw e;
    return admin(adminUrl, `CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A cluster of the test's own, to stop and start again (a database going away), with one database in it. */
export interface PrivatePostgres extends TestDatabase {
  port: number;
  /** Stops the server at once, as a crash would; connections break and new ones are refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the data it had. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/** Needs the machine's server binaries (not TOGETHER_TEST_DATABASE_URL): skip reason, or undefined. */
export function privatePostgresSkipReason(): string | undefined {
  const found = findPostgresBin();
  return 'missing' in found ? found.missing : undefined;
}

export async function privatePostgres(): Promise<PrivatePostgres> {
  const found = findPostgresBin();
  if ('missing' in found) throw new Error(found.missing);
  const info = await startPostgresServer(found.bin);
  const forget = recordPrivate({ kind: 'postgres', info });
  const db = await createDatabaseOn(info.url);
  return {
    ...db,
    port: info.port,
    stop: () => pgCtlStop(info.bin, info.dir),
    start: () => pgCtlStart(info.bin, info.dir, info.port),
    async close() {
      await removePostgresServer(info);
      forget();
    },
  };
}
