import { expect, it } from 'vitest';
import pg from 'pg';
import { pino } from 'pino';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { DatabaseConnectError, DatabaseUrlError, SchemaNotReadyError, SchemaTooNewError } from '../src/store/postgres/errors.ts';
import { StoreWriteError } from '../src/store/errors.ts';
import { silentLogger, type Logger } from '../src/log/logger.ts';
import { freePort } from './helpers/free-port.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { togetherProcess } from './helpers/together-cli.ts';
import { personDoc as person } from './helpers/person-doc.ts';
import { describePostgres, fileDatabases, privatePostgres, privatePostgresSkipReason } from './helpers/postgres.ts';

const database = fileDatabases();

const withUrl = (url: string, change: (u: URL) => void): string => {
  const u = new URL(url);
  change(u);
  return u.toString();
};

/** A logger whose lines the test can read. */
function recordingLogger(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log: Logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, lines };
}

// Every test here has databases (or a server) of its own, and most of their time is waiting: they
// run at the same time, the 20-second outage alongside the others rather than after them.
await describePostgres('PostgreSQL store: bad settings and faults', () => {
  it('a wrong password, a missing database, nothing listening, a URL that is not postgres://: each a clear message without the password', async ({ expect }) => {
    const db = await database();
    const wrongPassword = withUrl(db.url, (u) => (u.password = 'not-the-password'));
    const err = await PostgresStore.open(wrongPassword, { log: silentLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConnectError);
    const where = `postgres@127.0.0.1:${new URL(db.url).port}/${new URL(db.url).pathname.slice(1)}`;
    expect((err as Error).message).toContain(`Could not open the PostgreSQL database ${where}: the server refused the login`);
    expect((err as Error).message).toContain('Check the user name and password in TOGETHER_DATABASE_URL');
    expect((err as Error).message).not.toContain('not-the-password');

    const noDatabase = withUrl(db.url, (u) => (u.pathname = '/no_such_database'));
    await expect(PostgresStore.open(noDatabase, { log: silentLogger() })).rejects.toThrow(/no_such_database: that database does not exist\. Create it/);

    const port = await freePort();
    const nobody = withUrl(db.url, (u) => (u.port = String(port)));
    await expect(PostgresStore.open(nobody, { log: silentLogger(), startWaitMs: 300 })).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}/.*no answer .*ECONNREFUSED.*server runs`));

    await expect(PostgresStore.open('mysql://u:p@host/db', { log: silentLogger() })).rejects.toThrow(DatabaseUrlError);
    await expect(PostgresStore.open('not a url', { log: silentLogger() })).rejects.toThrow(/TOGETHER_DATABASE_URL is not a URL: write it as postgres:\/\//);
  });

  it('together start with a wrong password stops at once with that message and a non-zero exit', async ({ expect }) => {
    const db = await database();
    const url = withUrl(db.url, (u) => (u.password = 'not-the-password'));
    const dir = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, TOGETHER_DATA: dir, TOGETHER_DATABASE_URL: url, LOG_LEVEL: 'silent' };
    for (const k of ['TELEGRAM_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'DISCORD_BOT_TOKEN', 'REDIS_URL']) delete env[k];
    const result = await togetherProcess(['start'], { env }).finally(() => removeDir(dir));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/together: Could not open the PostgreSQL database postgres@127\.0\.0\.1:\d+\/\w+: the server refused the login/);
    expect(result.stderr).not.toContain('not-the-password');
  });

  it('a database on a newer schema than the code is refused and left as it is; instances starting together migrate once', async ({ expect }) => {
    const db = await database();
    // Three instances at once on an empty database: each migration is applied once, all open.
    const stores = await Promise.all([0, 1, 2].map(() => PostgresStore.open(db.url, { log: silentLogger() })));
    const versions = (await stores[0]!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(versions).toEqual([...new Set(versions)]);
    expect(versions).toContain(1);
    expect(new Set(stores.map((s) => s.keyOf('memory:x'))).size).toBe(1);
    await stores[0]!.saveUser(person(stores[0]!, 'x'));
    await stores[0]!.pool.query("INSERT INTO schema_migrations (version, name) VALUES (42, 'from_the_future')");
    await Promise.all(stores.map((s) => s.close()));

    const err = await PostgresStore.open(db.url, { log: silentLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as Error).message).toMatch(/has store schema version 42, newer than this together-bot knows \(\d+\): a newer version upgraded it\. Run that newer version.*Nothing was changed/);
    await expect(PostgresStore.open(db.url, { log: silentLogger(), readOnly: true })).rejects.toBeInstanceOf(SchemaTooNewError);

    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    expect((await admin.query('SELECT count(*)::int AS n FROM people')).rows[0].n).toBe(1);
    await admin.query('DELETE FROM schema_migrations WHERE version = 42');
    await admin.end();
    const fine = await PostgresStore.open(db.url, { log: silentLogger(), readOnly: true });
    expect(await fine.countUsers()).toBe(1);
    await fine.close();

    // Read-only (export, stats) on a database never set up: says what to do, creates nothing.
    const empty = await database();
    await expect(PostgresStore.open(empty.url, { log: silentLogger(), readOnly: true })).rejects.toThrow(SchemaNotReadyError);
    await expect(PostgresStore.open(empty.url, { log: silentLogger(), readOnly: true })).rejects.toThrow(/holds no together-bot data yet: start the bot once/);
  });

  it('a connection lost before COMMIT runs the update again (once applied); a COMMIT without an answer is not confirmed', async ({ expect }) => {
    const db = await database();
    const store = await PostgresStore.open(db.url, { log: silentLogger() });
    const admin = new pg.Pool({ connectionString: db.url, max: 2 });
    const c = store.collection<{ id: string; uses: number }>('codes', { indexes: [] });
    await c.put({ id: 'code', uses: 0 });
    const dbName = new URL(db.url).pathname.slice(1);

    // Lost mid-transaction: nothing of that try was written; the change runs again on the row as stored.
    let calls = 0;
    const after = await c.update('code', async (cur) => {
      if (++calls === 1) await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND state = 'idle in transaction'", [dbName]);
      return cur && { ...cur, uses: cur.uses + 1 };
    });
    expect(calls).toBe(2);
    expect(after).toEqual({ id: 'code', uses: 1 });

    // Lost during COMMIT (a deferred trigger holds the commit open): the caller is told it is not confirmed.
    await admin.query(`
      CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON records DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();`);
    const update = c.update('code', (cur) => cur && { ...cur, uses: cur.uses + 1 });
    for (let killed = 0; killed === 0; ) {
      await new Promise((r) => setTimeout(r, 50));
      killed = (await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query = 'COMMIT' AND state = 'active'", [dbName])).rowCount ?? 0;
    }
    const err = await update.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as Error).message).toMatch(/broke while the write was committed, so it is not confirmed/);
    await admin.query('DROP TRIGGER slow_commit ON records; DROP FUNCTION slow_commit();');
    expect(await c.get('code')).toEqual({ id: 'code', uses: 1 });
    expect(await c.update('code', (cur) => cur && { ...cur, uses: cur.uses + 1 })).toEqual({ id: 'code', uses: 2 });
    await admin.end();
    await store.close();
  });
}, { concurrent: true });

await describePostgres(`PostgreSQL store: the server gone for 20 seconds${privatePostgresSkipReason() ? ` (skipped: ${privatePostgresSkipReason()})` : ''}`, () => {
  it.skipIf(privatePostgresSkipReason())(
    'operations wait and retry, none is lost or doubled; one that gives up is not confirmed; the process does not crash',
    async ({ expect }) => {
      const server = await privatePostgres();
      try {
        const { log, lines } = recordingLogger();
        const patient = await PostgresStore.open(server.url, { log });
        const hasty = await PostgresStore.open(server.url, { log: silentLogger(), retryMs: 2_000 });
        const c = patient.collection<{ id: string; n: number; region?: string }>('counters', { indexes: ['region'] });
        await c.put({ id: 'a', n: 0, region: 'RO' });
        await patient.saveUser(person(patient, 'ana'));

        await server.stop();
        const downAt = Date.now();
        const pending = Promise.all([
          patient.saveUser(person(patient, 'ana', 1)),
          patient.saveUser(person(patient, 'ben'), { unsent: 'r-9' }),
          c.put({ id: 'b', n: 5, region: 'RO' }),
          c.update('a', (cur) => cur && { ...cur, n: cur.n + 1 }),
          patient.loadUser(patient.keyOf('memory:ana')),
          c.count({ region: 'RO' }),
        ]);
        let settledEarly = false;
        void pending.then(() => (settledEarly = true));

        // An instance that waits less gives up: its write is reported failed, never confirmed.
        await expect(hasty.saveUser(person(hasty, 'cleo'))).rejects.toBeInstanceOf(StoreWriteError);

        await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - downAt))));
        expect(settledEarly).toBe(false);
        await server.start();
        const [, , , updated, ana] = await pending;
        expect(updated).toEqual({ id: 'a', n: 1, region: 'RO' });
        expect([0, 1]).toContain(ana?.seq);
        expect(lines.some((l) => l.msg === 'PostgreSQL is unreachable: operations wait and retry')).toBe(true);
        expect(lines.some((l) => l.msg === 'PostgreSQL answers again')).toBe(true);

        // Everything confirmed is there, once.
        const check = await PostgresStore.open(server.url, { log: silentLogger(), readOnly: true });
        expect((await check.loadUser(check.keyOf('memory:ana')))?.seq).toBe(1);
        expect(await check.unsent()).toEqual(new Map([[check.keyOf('memory:ben'), 'r-9']]));
        expect(await check.collection('counters', { indexes: ['region'] }).find({ where: { region: 'RO' } })).toEqual({
          records: [
            { id: 'a', n: 1, region: 'RO' },
            { id: 'b', n: 5, region: 'RO' },
          ],
        });
        expect(await check.loadUser(check.keyOf('memory:cleo'))).toBeNull();
        // The instance that gave up works again.
        await hasty.saveUser(person(hasty, 'cleo'));
        expect(await check.countUsers()).toBe(3);
        await Promise.all([check.close(), patient.close(), hasty.close()]);
      } finally {
        await server.close();
      }
    },
    90_000,
  );
}, { concurrent: true });
