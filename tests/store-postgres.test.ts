import { expect, it } from 'vitest';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { CollectionUsageError, StoreCorruptError } from '../src/store/errors.ts';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { freshDirs } from './helpers/temp-dirs.ts';
import { personDoc as person } from './helpers/person-doc.ts';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';

const newDir = freshDirs();
const database = fileDatabases();

/** Two instances of the bot on one fresh database. */
async function twoInstances(): Promise<{ url: string; a: PostgresStore; b: PostgresStore }> {
  const db = await database();
  const a = await PostgresStore.open(db.url, { log: silentLogger() });
  const b = await PostgresStore.open(db.url, { log: silentLogger() });
  return { url: db.url, a, b };
}

await describePostgres('PostgreSQL store: several instances on one database', () => {
  it('what one instance writes, the other reads at once: people, records, shared documents (no stale cache)', async () => {
    const { a, b } = await twoInstances();
    expect(b.keyOf('telegram:42')).toBe(a.keyOf('telegram:42'));
    await a.saveUser(person(a, 'ana', 1));
    expect((await b.loadUser(b.keyOf('memory:ana')))?.seq).toBe(1);
    await b.saveUser(person(b, 'ana', 2));
    expect((await a.loadUser(a.keyOf('memory:ana')))?.seq).toBe(2);
    await a.deleteUser(a.keyOf('memory:ana'));
    expect(await b.loadUser(b.keyOf('memory:ana'))).toBeNull();

    const spec = { indexes: ['region'] };
    await a.collection<{ id: string; region: string }>('stops', spec).put({ id: 's1', region: 'RO' });
    expect(await b.collection<{ id: string; region: string }>('stops', spec).count({ region: 'RO' })).toBe(1);

    const docA = await a.shared('tally', () => ({ n: 0 }));
    const docB = await b.shared('tally', () => ({ n: 0 }));
    await docA.update((d) => void d.n++);
    await docB.update((d) => void d.n++);
    expect(docB.data.n).toBe(2);
    expect((await a.shared('tally', () => ({ n: 0 }))).data.n).toBe(2);
    await a.close();
    await b.close();
  });

  it('updates of one record from two instances at once: each sees the latest, exactly one check-and-use wins', async () => {
    const { a, b } = await twoInstances();
    const spec = { indexes: [] };
    const ca = a.collection<{ id: string; uses: number; by?: string }>('codes', spec);
    const cb = b.collection<{ id: string; uses: number; by?: string }>('codes', spec);
    await ca.put({ id: 'code', uses: 0 });
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? ca : cb).update('code', (cur) => (cur && cur.uses === 0 ? { ...cur, uses: 1, by: `p${i}` } : cur))),
    );
    expect(claims.filter((r, i) => r?.by === `p${i}`)).toHaveLength(1);
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? ca : cb).update('code', (cur) => cur && { ...cur, uses: cur.uses + 1 })));
    expect((await ca.get('code'))?.uses).toBe(61);
    // A record that does not exist yet is created once, whichever instance gets there first.
    const created = await Promise.all([ca, cb, ca, cb].map((c, i) => c.update('new', (cur) => cur ?? { id: 'new', uses: 0, by: `i${i}` })));
    expect(new Set(created.map((r) => r?.by)).size).toBe(1);
    await a.close();
    await b.close();
  });

  it('the unsent mark is written with the document, kept by later saves, cleared only for its own id', async () => {
    const { a, b } = await twoInstances();
    const key = a.keyOf('memory:ana');
    await a.saveUser(person(a, 'ana', 1), { unsent: 'r-1' });
    expect(await b.unsent()).toEqual(new Map([[key, 'r-1']]));
    await a.saveUser(person(a, 'ana', 2));
    expect(await b.unsent()).toEqual(new Map([[key, 'r-1']]));
    a.sent(key, 'r-0');
    a.sent(key, 'r-1');
    await a.close();
    expect(await b.unsent()).toEqual(new Map());
    await b.saveUser(person(b, 'ana', 3), { unsent: 'r-2' });
    await b.deleteUser(key);
    expect(await b.unsent()).toEqual(new Map());
    await b.close();
  });

  it('every person in batches; a damaged document is skipped and named; text with NUL characters survives', async () => {
    const { a, b } = await twoInstances();
    await Promise.all(Array.from({ length: 1100 }, (_, i) => a.saveUser(person(a, `u${i}`))));
    await a.saveUser(person(a, 'nul', 0, { contact: { channel: 'memory', userId: 'nul', chatId: 'nul', name: 'a\u0000b' } }));
    expect((await b.loadUser(b.keyOf('memory:nul')))?.contact.name).toBe('a\u0000b');
    await a.pool.query("UPDATE people SET doc = '{\"schema\": 1, ' WHERE key = $1", [a.keyOf('memory:u7')]);
    const damaged: string[] = [];
    let n = 0;
    for await (const doc of b.eachUser((file) => damaged.push(file))) {
      expect(doc.schema).toBe(1);
      n++;
    }
    expect(n).toBe(1100);
    expect(damaged).toEqual([expect.stringMatching(new RegExp(`^postgres:.*/people/${a.keyOf('memory:u7')}$`))]);
    await expect(b.loadUser(a.keyOf('memory:u7'))).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await b.countUsers()).toBe(1101);

    const notes = a.collection<{ id: string; tag?: string; text?: string }>('notes', { indexes: ['tag'] });
    await notes.put({ id: 'n1', text: 'free \u0000 text', tag: 't' });
    expect((await notes.get('n1'))?.text).toBe('free \u0000 text');
    await expect(notes.put({ id: 'n2', tag: 'bad\u0000tag' })).rejects.toBeInstanceOf(CollectionUsageError);
    await a.close();
    await b.close();
  });

  it('durable before resolving: synchronous_commit is on even where the database default is off; read-only never writes', async () => {
    const { url, a } = await twoInstances();
    const dbName = new URL(url).pathname.slice(1);
    await a.pool.query(`ALTER DATABASE ${dbName} SET synchronous_commit = off`);
    await a.saveUser(person(a, 'ana'));
    await a.close();
    const again = await PostgresStore.open(url, { log: silentLogger() });
    expect((await again.pool.query('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('on');
    await again.close();

    const reader = await openStore({ dataDir: newDir(), databaseUrl: url, readOnly: true, log: silentLogger() });
    expect(reader.kind).toBe('postgres');
    expect(await reader.countUsers()).toBe(1);
    await expect(reader.saveUser(person(reader, 'ben'))).rejects.toThrow(/read-only/);
    await expect(reader.collection('notes', { indexes: [] }).put({ id: 'x' })).rejects.toThrow(/read-only/);
    await reader.close();
  });
});
