import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { LowdbStore } from '../lowdb-store.ts';
import { lockHolder } from '../lock.ts';
import { secretProblem } from '../shape.ts';
import { StoreSecretError } from '../errors.ts';
import type { PostgresStore } from './postgres-store.ts';
import { keysOf, MAX_INDEXED_STRING } from './record-sql.ts';
import { IMPORT_LOCK } from './locks.ts';

/** What a copy moved; every count is checked against the database before the copy commits. */
export interface ImportCounts {
  people: number;
  /** People with replies marked unsent (they go out at the next start). */
  unsent: number;
  /** Records per collection. */
  collections: Record<string, number>;
  shared: number;
}

export interface ImportOptions {
  /** Replace what the database holds (deleted in the same transaction) instead of refusing a non-empty one. */
  replace?: boolean;
  /** Told as the copy goes (people and records copied so far). */
  progress?: (copied: number) => void;
}

/** The copy was refused before anything was written, or failed and was rolled back: the database is as it was. */
export class ImportError extends Error {
  readonly code = 'IMPORT';
}

const BATCH = 500;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The folders under collections/ and the files under shared/ of an embedded data folder. */
function folderContents(dir: string): { collections: string[]; shared: string[] } {
  const list = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub), { withFileTypes: true }) : []);
  return {
    collections: list('collections').filter((e) => e.isDirectory() && NAME.test(e.name)).map((e) => e.name).sort(),
    shared: list('shared').filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith('.')).map((e) => e.name.slice(0, -'.json'.length)).filter((n) => /^[a-z0-9-]+$/.test(n)).sort(),
  };
}

function folderSecret(dir: string): string | undefined {
  const file = join(dir, 'secret.json');
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StoreSecretError(file, 'damaged', e);
  }
  const problem = secretProblem(doc);
  if (problem) throw new StoreSecretError(file, 'damaged', new Error(problem));
  return (doc as { salt: string }).salt;
}

/**
 * Copies an embedded data folder (people with their unsent marks, every collection's records,
 * shared documents, and the secret that keys people, so everyone is recognised) into the
 * PostgreSQL store, in ONE transaction that also checks every count: it commits whole, or
 * nothing changes. The folder is only read, and refused while a bot holds it (its data would
 * move under the copy). A database that already holds data is refused unless `replace`.
 */
export async function importDataFolder(dir: string, target: PostgresStore, options: ImportOptions = {}): Promise<ImportCounts> {
  if (!existsSync(join(dir, 'secret.json')) && !existsSync(join(dir, 'users'))) throw new ImportError(`${dir} is not a together-bot data folder (no secret.json, no users/).`);
  const holder = lockHolder(dir);
  if (holder !== null) throw new ImportError(`A together-bot process${holder > 0 ? ` (pid ${holder})` : ''} is using ${dir}: stop it first, so that nothing changes during the copy.`);
  const salt = folderSecret(dir);
  const source = await LowdbStore.open(dir, { readOnly: true, warn: () => {} });
  const client = await target.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', IMPORT_LOCK);
    await emptyTarget(client, target.database.where, options.replace === true);
    if (salt) await client.query('INSERT INTO store_secret (salt) VALUES ($1) ON CONFLICT (id) DO UPDATE SET salt = EXCLUDED.salt', [salt]);
    let copied = 0;
    const tell = (n: number) => options.progress?.((copied += n));
    const counts: ImportCounts = { people: 0, unsent: 0, collections: {}, shared: 0 };

    const marks = await source.unsent();
    const damaged: string[] = [];
    let batch: { key: string; doc: string; unsent: string | null; pending: string[] }[] = [];
    const flushPeople = async () => {
      if (batch.length === 0) return;
      // Arrays of arrays do not unnest into rows: each person's pending ids travel as JSON.
      await client.query(
        'INSERT INTO people (key, doc, unsent, pending) SELECT k, d, u, ARRAY(SELECT json_array_elements_text(p::json)) FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(k, d, u, p)',
        [batch.map((p) => p.key), batch.map((p) => p.doc), batch.map((p) => p.unsent), batch.map((p) => JSON.stringify(p.pending))],
      );
      tell(batch.length);
      batch = [];
    };
    for await (const doc of source.eachUser((file) => damaged.push(file))) {
      const unsent = marks.get(doc.key) ?? null;
      batch.push({ key: doc.key, doc: JSON.stringify(doc), unsent, pending: pendingTurns(doc, unsent) });
      counts.people++;
      if (unsent !== null) counts.unsent++;
      if (batch.length >= BATCH) await flushPeople();
    }
    await flushPeople();
    if (damaged.length > 0) {
      throw new ImportError(`${damaged.length} person file(s) cannot be read (${damaged.slice(0, 3).join(', ')}${damaged.length > 3 ? ', …' : ''}): run \`together check\`, repair or restore them, then copy again.`);
    }
    if (counts.people !== (await source.countUsers())) throw new ImportError('The number of people read does not match the folder\'s: is a bot writing to it?');

    const contents = folderContents(dir);
    for (const name of contents.collections) {
      const collection = source.collection<{ id: string }>(name, { indexes: [] });
      let n = 0;
      let after: string | undefined;
      do {
        const page = await collection.find({ limit: 1000, ...(after ? { after } : {}) });
        if (page.records.length > 0) {
          await client.query('INSERT INTO records (collection, id, data, keys) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])', [
            name,
            page.records.map((r) => r.id),
            page.records.map((r) => JSON.stringify(r)),
            page.records.map((r) => JSON.stringify(keysOf(name, r, [], MAX_INDEXED_STRING))),
          ]);
          n += page.records.length;
          tell(page.records.length);
        }
        after = page.next;
      } while (after);
      if (n !== (await collection.count())) throw new ImportError(`The records read from collection ${name} do not match its count: is a bot writing to the folder?`);
      counts.collections[name] = n;
    }
    for (const name of contents.shared) {
      const doc = await source.shared<unknown>(name, () => ({}));
      await client.query('INSERT INTO shared_docs (name, data) VALUES ($1, $2)', [name, JSON.stringify(doc.data)]);
      counts.shared++;
    }

    await verify(client, counts);
    await client.query('COMMIT');
    await target.reloadSecret();
    return counts;
  } catch (e) {
    await client.query('ROLLBACK').catch((r: Error) => (broken = r));
    throw e;
  } finally {
    client.release(broken);
    await source.close();
  }
}

/**
 * The turns an embedded store's mark stands for: on a single machine the mark is the newest turn
 * that may be unsent and every turn kept before it may be too; PostgreSQL lists each one.
 */
function pendingTurns(doc: object, mark: string | null): string[] {
  if (mark === null) return [];
  const kept = (doc as { outbox?: unknown }).outbox;
  const ids = (Array.isArray(kept) ? kept : kept ? [kept] : []).map((t) => (t as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
  const upTo = ids.indexOf(mark);
  return upTo < 0 ? [mark] : ids.slice(0, upTo + 1);
}

async function emptyTarget(client: pg.PoolClient, where: string, replace: boolean): Promise<void> {
  const r = await client.query<{ people: number; records: number; shared: number }>(
    'SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM records) AS records, (SELECT count(*)::int FROM shared_docs) AS shared',
  );
  const held = r.rows[0]!;
  if (held.people + held.records + held.shared === 0) return;
  if (!replace) {
    throw new ImportError(
      `The database ${where} already holds data (${held.people} people, ${held.records} records, ${held.shared} shared documents). ` +
        'Copy into an empty database, or add --replace to delete what it holds and copy the folder in its place (in one transaction).',
    );
  }
  await client.query('DELETE FROM people');
  await client.query('DELETE FROM records');
  await client.query('DELETE FROM shared_docs');
}

/** The database's counts, inside the copy's transaction, against what was read from the folder. */
async function verify(client: pg.PoolClient, counts: ImportCounts): Promise<void> {
  const people = (await client.query<{ n: number; u: number }>('SELECT count(*)::int AS n, count(unsent)::int AS u FROM people')).rows[0]!;
  const shared = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_docs')).rows[0]!.n;
  const byCollection = new Map(
    (await client.query<{ collection: string; n: number }>('SELECT collection, count(*)::int AS n FROM records GROUP BY collection')).rows.map((r) => [r.collection, r.n]),
  );
  const wrong: string[] = [];
  if (people.n !== counts.people) wrong.push(`people: ${people.n} in the database, ${counts.people} in the folder`);
  if (people.u !== counts.unsent) wrong.push(`unsent marks: ${people.u} against ${counts.unsent}`);
  if (shared !== counts.shared) wrong.push(`shared documents: ${shared} against ${counts.shared}`);
  for (const name of new Set([...byCollection.keys(), ...Object.keys(counts.collections)])) {
    const inDb = byCollection.get(name) ?? 0;
    const inFolder = counts.collections[name] ?? 0;
    if (inDb !== inFolder) wrong.push(`collection ${name}: ${inDb} against ${inFolder}`);
  }
  if (wrong.length > 0) throw new ImportError(`The copy's counts do not match (${wrong.join('; ')}): nothing was changed.`);
}
