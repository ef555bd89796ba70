import { afterAll, beforeAll, expect, it } from 'vitest';
import { TurnWaits } from '../src/cluster/turn-waits.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { importDataFolder } from '../src/store/postgres/import-folder.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { eventually, sleep } from './helpers/cluster.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { freshDirs } from './helpers/temp-dirs.ts';

/**
 * A person's pending turns, as several instances share them: the store lists each turn whose
 * replies may be unsent (appended with the document, cleared through a turn once it went out),
 * and a later turn's replies wait (TurnWaits) until the earlier ones are gone from that list.
 */

const person = (store: Store, id: string, outbox?: { id: string }[]): UserDoc => ({
  schema: 1,
  key: store.keyOf(`memory:${id}`),
  pseudonym: `p-${id}`,
  contact: { channel: 'memory', userId: id, chatId: id },
  createdAt: '2026-01-01T00:00:00Z',
  seq: 0,
  seen: [],
  flows: {},
  ...(outbox ? { outbox: outbox.map((t) => ({ ...t, address: { channel: 'memory', chatId: id, userId: id }, replies: [{ kind: 'text', text: t.id }] })) } : {}),
});

/** A stand-in for the database's `people.pending`, read the way TurnWaits reads it. */
function fakePeople(): { pending: Map<string, string[]>; reads: number; db: { query: (sql: string, params: unknown[]) => Promise<{ rows: { key: string; pending: string[] }[] }> } } {
  const state = {
    pending: new Map<string, string[]>(),
    reads: 0,
    db: {
      query: async (_sql: string, params: unknown[]) => {
        state.reads++;
        const keys = params[0] as string[];
        return { rows: keys.filter((k) => state.pending.has(k)).map((key) => ({ key, pending: [...state.pending.get(key)!] })) } as never;
      },
    },
  };
  return state;
}

it('a later turn waits until the earlier turns are no longer pending; nothing is read while nobody waits', async () => {
  const people = fakePeople();
  const waits = new TurnWaits(people.db as never, silentLogger(), 10, 5_000);
  await sleep(50);
  expect(people.reads).toBe(0);
  people.pending.set('k', ['a.1', 'b.1']);
  let outcome: string | undefined;
  void waits.wait('k', ['a.1']).then((o) => (outcome = o));
  await sleep(60);
  expect(outcome).toBeUndefined();
  // The earlier turn went out (cleared through it); the waiting one's own stays listed.
  people.pending.set('k', ['b.1']);
  await eventually(() => outcome !== undefined, 2_000, 'the wait to end');
  expect(outcome).toBe('sent');
  // A person whose row is gone (erased) waits for nothing.
  expect(await waits.wait('gone', ['a.2'])).toBe('sent');
  const reads = people.reads;
  await sleep(50);
  expect(people.reads).toBe(reads);
  waits.close();
});

it('a wait gives up after its bound ("late"), and ends "stopped" when the instance stops', async () => {
  const people = fakePeople();
  people.pending.set('k', ['a.1']);
  const short = new TurnWaits(people.db as never, silentLogger(), 10, 100);
  expect(await short.wait('k', ['a.1'])).toBe('late');
  short.close();
  const waits = new TurnWaits(people.db as never, silentLogger(), 10, 60_000);
  const waiting = waits.wait('k', ['a.1']);
  await sleep(30);
  waits.close();
  expect(await waiting).toBe('stopped');
  expect(await waits.wait('k', ['a.1'])).toBe('stopped');
});

it('a waiter that joins while a read is under way is not judged by that read (its turn may be newer)', async () => {
  const people = fakePeople();
  let release: () => void = () => {};
  const slow = {
    query: async (sql: string, params: unknown[]) => {
      const before = await people.db.query(sql, params);
      await new Promise<void>((r) => (release = r));
      return before;
    },
  };
  const waits = new TurnWaits(slow as never, silentLogger(), 5, 5_000);
  let first: string | undefined;
  let second: string | undefined;
  // The first waiter's turn is gone already; the read starts with the person's list empty.
  void waits.wait('k', ['a.0']).then((o) => (first = o));
  await sleep(30);
  // Meanwhile another instance saved a.1 and this instance read it, under the person's lock.
  people.pending.set('k', ['a.1']);
  void waits.wait('k', ['a.1']).then((o) => (second = o));
  release();
  await eventually(() => first !== undefined, 2_000, 'the first wait');
  expect(first).toBe('sent');
  await sleep(40);
  release();
  await sleep(40);
  // The next read saw a.1 still pending.
  expect(second).toBeUndefined();
  people.pending.set('k', []);
  for (let i = 0; i < 5 && second === undefined; i++) {
    release();
    await sleep(30);
  }
  expect(second).toBe('sent');
  waits.close();
});

let db: TestDatabase;
await describePostgres('pending turns in the PostgreSQL store', () => {
  const newDir = freshDirs();
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('each mark joins the person pending turns once; unsent() gives the oldest; sent() clears through its turn', async () => {
    const store = await PostgresStore.open(db.url, { log: silentLogger() });
    try {
      const doc = person(store, 'ana');
      const pending = async () => (await store.pool.query<{ pending: string[] }>('SELECT pending FROM people WHERE key = $1', [doc.key])).rows[0]?.pending;
      await store.saveUser(doc, { unsent: 'a.1' });
      await store.saveUser(doc, { unsent: 'b.1' });
      await store.saveUser(doc);
      // Written again (a retry after a connection lost before the answer): listed once.
      await store.saveUser(doc, { unsent: 'b.1' });
      await store.saveUser(doc, { unsent: 'a.2' });
      expect(await pending()).toEqual(['a.1', 'b.1', 'a.2']);
      expect(await store.unsent()).toEqual(new Map([[doc.key, 'a.1']]));
      store.sent(doc.key, 'b.1');
      await eventually(async () => (await pending())?.length === 1, 5_000, 'the clearing');
      expect(await pending()).toEqual(['a.2']);
      expect(await store.unsent()).toEqual(new Map([[doc.key, 'a.2']]));
      store.sent(doc.key, 'b.1');
      store.sent(doc.key, 'a.2');
      await eventually(async () => (await store.unsent()).size === 0, 5_000, 'the last clearing');
      expect(await pending()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('together migrate lists every turn an embedded mark stands for', async () => {
    const dir = newDir();
    const folder = await LowdbStore.open(dir, { warn: () => {} });
    const doc = person(folder, 'bo', [{ id: 't1' }, { id: 't2' }, { id: 't3' }]);
    // The mark is the newest turn that may be unsent: t3 had not been saved with it.
    await folder.saveUser(doc, { unsent: 't2' });
    await folder.close();
    const other = await testDatabase();
    const target = await PostgresStore.open(other.url, { log: silentLogger() });
    try {
      await importDataFolder(dir, target);
      const row = (await target.pool.query<{ pending: string[] }>('SELECT pending FROM people WHERE key = $1', [doc.key])).rows[0];
      expect(row?.pending).toEqual(['t1', 't2']);
      expect(await target.unsent()).toEqual(new Map([[doc.key, 't1']]));
    } finally {
      await target.close();
      await other.drop();
    }
  });
});
