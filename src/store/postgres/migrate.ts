import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { SchemaTooNewError } from './errors.ts';
import { MIGRATION_LOCK } from './locks.ts';

/**
 * Numbered SQL migrations kept in one folder as NNN_name.sql. Each hundred is one part's series
 * (1–99 the store's, 101–199 the cluster's): "newer than the code" is judged per series, so a
 * database is refused only when a series has a version this code does not know.
 */
export interface MigrationSet {
  folder: string;
  first: number;
  last: number;
}

/** Every series of the PostgreSQL schema, applied together when the store opens. */
export const STORE_MIGRATIONS: MigrationSet = {
  folder: fileURLToPath(new URL('./migrations/', import.meta.url)),
  first: 1,
  last: 999,
};

const SERIES = ['store', 'cluster'];
/** A series' name in messages. */
export const seriesName = (version: number): string => SERIES[Math.floor(version / 100)] ?? `series ${Math.floor(version / 100) * 100}`;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The set's migrations in number order; a misnamed or out-of-range file is a programming error. */
export function migrationsOf(set: MigrationSet): Migration[] {
  const list: Migration[] = [];
  for (const file of readdirSync(set.folder).filter((f) => f.endsWith('.sql')).sort()) {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    const version = m ? Number(m[1]) : NaN;
    if (!m || version < set.first || version > set.last || version % 100 === 0) {
      throw new Error(`Migration file ${join(set.folder, file)}: name it NNN_name.sql with NNN from ${set.first} to ${set.last}, not a multiple of 100.`);
    }
    if (list.some((x) => x.version === version)) throw new Error(`Two migrations are numbered ${version} in ${set.folder}.`);
    list.push({ version, name: m[2]!, sql: readFileSync(join(set.folder, file), 'utf8') });
  }
  return list;
}

/** The versions of the set applied to the database (none when there is no table yet). */
export async function appliedVersions(pool: pg.Pool | pg.PoolClient, set: MigrationSet = STORE_MIGRATIONS): Promise<number[]> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations') AS t");
  if (!exists.rows[0]?.t) return [];
  const r = await pool.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version BETWEEN $1 AND $2 ORDER BY version', [set.first, set.last]);
  return r.rows.map((row) => row.version);
}

/** Refuses a database with a version of some series newer than the code's newest of that series. */
export function refuseNewer(known: Migration[], applied: number[], where: string): void {
  for (const v of applied) {
    const series = Math.floor(v / 100);
    const knownMax = Math.max(0, ...known.filter((m) => Math.floor(m.version / 100) === series).map((m) => m.version));
    if (v > knownMax) throw new SchemaTooNewError(where, seriesName(v), Math.max(...applied.filter((a) => Math.floor(a / 100) === series)), knownMax);
  }
}

/**
 * Applies the set's migrations not applied yet, in number order, in one transaction under an
 * advisory lock (instances starting together apply each once; the others wait and find them
 * done). A database with a newer version than the code refuses with SchemaTooNewError and is
 * left untouched. Resolves with the versions applied now.
 */
export async function migrate(pool: pg.Pool, set: MigrationSet = STORE_MIGRATIONS, where = 'in use'): Promise<number[]> {
  const known = migrationsOf(set);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', MIGRATION_LOCK);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await appliedVersions(client, set);
    refuseNewer(known, done, where);
    const applied: number[] = [];
    for (const m of known) {
      if (done.includes(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch((r: Error) => (broken = r));
    throw e;
  } finally {
    client.release(broken);
  }
}
