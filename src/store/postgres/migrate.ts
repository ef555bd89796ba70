import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { SchemaTooNewError } from './errors.ts';
import { MIGRATION_LOCK } from './locks.ts';

/**
 * A numbered series of SQL migrations kept in one folder as NNN_name.sql. Several series share
 * one `schema_migrations` table, each in its own range of numbers (the store 1–99, the cluster
 * 101–199), so a series judges "newer than the code" within its own range only.
 */
export interface MigrationSet {
  name: string;
  folder: string;
  first: number;
  last: number;
}

export const STORE_MIGRATIONS: MigrationSet = {
  name: 'store',
  folder: fileURLToPath(new URL('./migrations/', import.meta.url)),
  first: 1,
  last: 99,
};

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
    if (!m || version < set.first || version > set.last) throw new Error(`Migration file ${join(set.folder, file)}: name it NNN_name.sql with NNN from ${set.first} to ${set.last}.`);
    if (list.some((x) => x.version === version)) throw new Error(`Two ${set.name} migrations are numbered ${version} in ${set.folder}.`);
    list.push({ version, name: m[2]!, sql: readFileSync(join(set.folder, file), 'utf8') });
  }
  return list;
}

/** The newest version of the set applied to the database (0: none, or no table yet). */
export async function schemaVersion(pool: pg.Pool | pg.PoolClient, set: MigrationSet = STORE_MIGRATIONS): Promise<number> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations') AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations WHERE version BETWEEN $1 AND $2', [set.first, set.last]);
  return r.rows[0]?.v ?? 0;
}

/**
 * Applies the set's migrations not applied yet, in number order, in one transaction under an
 * advisory lock (instances starting together apply each once; the others wait and find them
 * done). A database on a newer version of the set than the code refuses with SchemaTooNewError
 * and is left untouched. Resolves with the versions applied now.
 */
export async function migrate(pool: pg.Pool, set: MigrationSet = STORE_MIGRATIONS, where = 'in use'): Promise<number[]> {
  const known = migrationsOf(set);
  const newest = known.at(-1)?.version ?? 0;
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
    const found = await schemaVersion(client, set);
    if (found > newest) throw new SchemaTooNewError(where, set.name, found, newest);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version BETWEEN $1 AND $2', [set.first, set.last])).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of known) {
      if (done.has(m.version)) continue;
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
