import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { shardOf } from '../src/store/sharded-collection.ts';
import { CollectionUsageError, StoreCorruptError, StoreWriteError } from '../src/store/errors.ts';
import type { Collection, Store, UserDoc } from '../src/store/types.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { silentLogger } from '../src/log/logger.ts';
import { postgresSkipReason, testDatabase, type TestDatabase } from './helpers/postgres.ts';

/** One store implementation as the contract suite drives it. */
interface Fixture {
  open(): Promise<Store>;
  /** Closes and opens the same data again; undefined for a store that keeps nothing. */
  reopen?: (store: Store) => Promise<Store>;
  /** Makes writes of this record's shard fail, as a full disk would, until `repair`. */
  breakWrites(store: Store, collection: string, id: string): void | Promise<void>;
  repairWrites(store: Store, collection: string, id: string): void | Promise<void>;
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});
const dirOf = new WeakMap<Store, string>();

const lowdb: Fixture = {
  async open() {
    const dir = tempDir();
    dirs.push(dir);
    const store = await LowdbStore.open(dir);
    dirOf.set(store, dir);
    return store;
  },
  async reopen(store) {
    await store.close();
    const dir = dirOf.get(store)!;
    const again = await LowdbStore.open(dir);
    dirOf.set(again, dir);
    return again;
  },
  // Tests run as root, where chmod stops nothing: a folder where the shard file goes fails the rename.
  breakWrites(store, collection, id) {
    const file = join(dirOf.get(store)!, 'collections', collection, `${shardOf(id)}.json`);
    rmSync(file, { force: true });
    mkdirSync(file, { recursive: true });
  },
  repairWrites(store, collection, id) {
    rmSync(join(dirOf.get(store)!, 'collections', collection, `${shardOf(id)}.json`), { recursive: true });
  },
};

const memory: Fixture = {
  open: async () => new MemoryStore(),
  breakWrites: (store) => (store as MemoryStore).failWrites(true),
  repairWrites: (store) => (store as MemoryStore).failWrites(false),
};

const pgReason = await postgresSkipReason();
// One database for the file, emptied for each test: creating a database costs about a second on a busy machine.
let database: TestDatabase | undefined;
afterAll(async () => database?.drop());
const urlOf = new WeakMap<Store, string>();
const openPg = async (url: string) => {
  const store = await PostgresStore.open(url, { log: silentLogger() });
  urlOf.set(store, url);
  return store;
};

const postgres: Fixture = {
  async open() {
    database ??= await testDatabase();
    const store = await openPg(database.url);
    await store.pool.query('TRUNCATE people, records, shared_docs');
    return store;
  },
  async reopen(store) {
    await store.close();
    return openPg(urlOf.get(store)!);
  },
  // A trigger refuses writes of that one record, as the server would refuse a write it cannot make.
  async breakWrites(store, collection, id) {
    await (store as PostgresStore).pool.query(`
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r records;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
        IF r.collection = TG_ARGV[0] AND r.id = TG_ARGV[1] THEN RAISE EXCEPTION 'simulated write failure'; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT OR UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION test_refuse('${collection}', '${id}');`);
  },
  async repairWrites(store) {
    await (store as PostgresStore).pool.query('DROP TRIGGER test_refuse ON records; DROP FUNCTION test_refuse();');
  },
};

interface Member {
  id: string;
  region?: string;
  tz?: string;
  joinedAt?: number;
  uses?: number;
  usedBy?: string;
  note?: string;
}
const SPEC = { indexes: ['region', 'tz', 'joinedAt'] };
const members = (store: Store): Collection<Member> => store.collection<Member>('members', SPEC);

const person = (key: string, seq = 0): UserDoc => ({
  schema: 1,
  key,
  pseudonym: `p-${key.slice(0, 6)}`,
  contact: { channel: 'memory', userId: key, chatId: key },
  createdAt: '2026-01-01T00:00:00Z',
  seq,
  seen: [],
  flows: {},
});

/** Every page of a query, followed through its cursors. */
async function allPages(c: Collection<Member>, query: Parameters<Collection<Member>['find']>[0] = {}): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await c.find({ ...query, ...(after ? { after } : {}) });
    ids.push(...page.records.map((r) => r.id));
    after = page.next;
    pages++;
  } while (after);
  return { ids, pages };
}

for (const [name, fixture, skip] of [
  ['lowdb', lowdb, undefined],
  ['memory', memory, undefined],
  ['postgres', postgres, pgReason],
] as const) {
  describe.skipIf(skip)(`store contract: ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    it('puts, gets, replaces, updates and deletes records; what goes in and out are copies', async () => {
      const store = await fixture.open();
      const c = members(store);
      const ana: Member = { id: 'ana', region: 'RO', joinedAt: 1 };
      await c.put(ana);
      ana.region = 'changed outside';
      const got = (await c.get('ana'))!;
      expect(got).toEqual({ id: 'ana', region: 'RO', joinedAt: 1 });
      got.region = 'changed outside';
      expect((await c.get('ana'))?.region).toBe('RO');
      await c.put({ id: 'ana', region: 'FR' });
      expect(await c.get('ana')).toEqual({ id: 'ana', region: 'FR' });
      expect(await c.get('nobody')).toBeUndefined();
      await c.put({ id: 'ben', region: 'RO' });
      expect((await c.getMany(['ben', 'nobody', 'ana'])).map((r) => r.id)).toEqual(['ben', 'ana']);
      expect(await c.update('ana', (cur) => cur && { ...cur, note: 'hi' })).toEqual({ id: 'ana', region: 'FR', note: 'hi' });
      expect(await c.update('cleo', (cur) => cur ?? { id: 'cleo', region: 'PT' })).toEqual({ id: 'cleo', region: 'PT' });
      expect(await c.update('ana', () => undefined)).toBeUndefined();
      expect(await c.get('ana')).toBeUndefined();
      expect(await c.delete('ben')).toBe(true);
      expect(await c.delete('ben')).toBe(false);
      expect(await c.count()).toBe(1);
      await store.close();
    });

    it('finds by indexed fields (a value or any of several), counts, and deletes by them', async () => {
      const store = await fixture.open();
      const c = members(store);
      for (let i = 0; i < 60; i++) await c.put({ id: `m${String(i).padStart(2, '0')}`, region: ['RO', 'FR', 'PT'][i % 3], tz: i % 2 ? 'Europe/Paris' : 'Europe/Bucharest', joinedAt: i });
      expect((await allPages(c, { where: { region: 'RO' } })).ids).toHaveLength(20);
      expect((await c.find({ where: { region: 'RO', tz: 'Europe/Paris' } })).records.every((r) => r.region === 'RO' && r.tz === 'Europe/Paris')).toBe(true);
      expect(await c.count({ region: 'RO', tz: 'Europe/Paris' })).toBe(10);
      expect(await c.count({ region: ['RO', 'PT'] })).toBe(40);
      expect(await c.count({ region: 'XX' })).toBe(0);
      expect(await c.count()).toBe(60);
      expect(await c.deleteWhere({ region: 'PT' })).toBe(20);
      expect(await c.count()).toBe(40);
      await expect(c.deleteWhere({})).rejects.toBeInstanceOf(CollectionUsageError);
      await store.close();
    });

    it('only indexed fields can be queried, and an indexed field holds a string or a number', async () => {
      const store = await fixture.open();
      const c = members(store);
      await c.put({ id: 'a', region: 'RO', note: 'x' });
      await expect(c.find({ where: { note: 'x' } })).rejects.toThrow(/"note" is not an index \(indexes: id, region, tz, joinedAt\)/);
      await expect(c.find({ orderBy: 'note' })).rejects.toBeInstanceOf(CollectionUsageError);
      await expect(c.find({ range: { index: 'note', from: 'a' } })).rejects.toBeInstanceOf(CollectionUsageError);
      await expect(c.count({ note: 'x' })).rejects.toBeInstanceOf(CollectionUsageError);
      await expect(c.put({ id: 'b', region: { nested: true } as unknown as string })).rejects.toThrow(/indexed field "region" of record b must be a string or a finite number/);
      await expect(c.put({ id: '' })).rejects.toBeInstanceOf(CollectionUsageError);
      await expect(c.find({ after: 'not-a-cursor' })).rejects.toThrow(/cursor/);
      expect(() => store.collection('members', { indexes: ['region'] })).toThrow(/already open with the indexes/);
      expect(() => store.collection('Bad Name', { indexes: [] })).toThrow(CollectionUsageError);
      await store.close();
    });

    it('ranges (both ends inclusive), ordering both ways; a record without the field is not in that index', async () => {
      const store = await fixture.open();
      const c = members(store);
      for (const [id, joinedAt] of [['e', 50], ['a', 10], ['c', 30], ['b', 20], ['d', 40]] as const) await c.put({ id, joinedAt });
      await c.put({ id: 'z' });
      const ids = async (q: Parameters<Collection<Member>['find']>[0]) => (await c.find(q)).records.map((r) => r.id);
      expect(await ids({ range: { index: 'joinedAt', from: 20, to: 40 }, orderBy: 'joinedAt' })).toEqual(['b', 'c', 'd']);
      expect(await ids({ range: { index: 'joinedAt', to: 20 } })).toEqual(['a', 'b']);
      expect(await ids({ range: { index: 'joinedAt', from: 45 } })).toEqual(['e']);
      expect(await ids({ orderBy: 'joinedAt', desc: true, limit: 2 })).toEqual(['e', 'd']);
      expect(await ids({ orderBy: 'joinedAt' })).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await ids({})).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
      expect(await ids({ range: { index: 'joinedAt', from: 20, to: 40 }, orderBy: 'id', desc: true })).toEqual(['d', 'c', 'b']);
      await store.close();
    });

    it('pages: every record once, in order, whichever way is asked; a cursor survives deletions between pages', async () => {
      const store = await fixture.open();
      const c = members(store);
      const all: Member[] = [];
      for (let i = 0; i < 250; i++) all.push({ id: `m${String(i).padStart(3, '0')}`, region: i % 5 === 0 ? 'RO' : 'FR', joinedAt: (i * 7) % 100 });
      await Promise.all(all.map((m) => c.put(m)));
      const byJoined = [...all].sort((a, b) => a.joinedAt! - b.joinedAt! || (a.id < b.id ? -1 : 1)).map((m) => m.id);
      const asc = await allPages(c, { orderBy: 'joinedAt' });
      expect(asc).toEqual({ ids: byJoined, pages: 3 });
      expect((await allPages(c, { orderBy: 'joinedAt', desc: true, limit: 40 })).ids).toEqual([...byJoined].reverse());
      const ro = await allPages(c, { where: { region: 'RO' }, orderBy: 'joinedAt', limit: 7 });
      expect(ro.ids).toEqual(byJoined.filter((id) => Number(id.slice(1)) % 5 === 0));
      expect(ro.pages).toBe(8);
      expect((await allPages(c, { where: { region: 'FR' }, range: { index: 'joinedAt', from: 10, to: 19 }, limit: 9 })).ids).toEqual(
        all.filter((m) => m.region === 'FR' && m.joinedAt! >= 10 && m.joinedAt! <= 19).map((m) => m.id),
      );
      expect((await c.find({ limit: 5000 })).records).toHaveLength(250);
      // Deleting records already read (a job done, a member gone) does not shift the next page.
      const first = await c.find({ limit: 100 });
      for (const r of first.records) await c.delete(r.id);
      const second = await c.find({ limit: 100, after: first.next });
      expect(second.records[0]?.id).toBe('m100');
      await store.close();
    });

    it('200 concurrent check-and-use updates of one record: exactly one wins', async () => {
      const store = await fixture.open();
      const c = members(store);
      await c.put({ id: 'code', uses: 0 });
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          c.update('code', async (cur) => {
            await Promise.resolve();
            return cur && cur.uses === 0 ? { ...cur, uses: 1, usedBy: `p${i}` } : cur;
          }),
        ),
      );
      const winners = results.filter((r, i) => r?.usedBy === `p${i}`);
      expect(winners).toHaveLength(1);
      expect(await c.get('code')).toEqual({ id: 'code', uses: 1, usedBy: winners[0]!.usedBy });
      // And 200 concurrent increments all land, in turn.
      await Promise.all(Array.from({ length: 200 }, () => c.update('code', (cur) => cur && { ...cur, uses: cur.uses! + 1 })));
      expect((await c.get('code'))?.uses).toBe(201);
      await store.close();
    });

    it('a failed write or a change that throws leaves the record and the indexes as they were', async () => {
      const store = await fixture.open();
      const c = members(store);
      await c.put({ id: 'ana', region: 'RO' });
      await fixture.breakWrites(store, 'members', 'ana');
      await expect(c.put({ id: 'ana', region: 'FR' })).rejects.toBeInstanceOf(StoreWriteError);
      await expect(c.update('ana', (cur) => cur && { ...cur, region: 'PT' })).rejects.toBeInstanceOf(StoreWriteError);
      await expect(c.delete('ana')).rejects.toBeInstanceOf(StoreWriteError);
      expect(await c.get('ana')).toEqual({ id: 'ana', region: 'RO' });
      expect(await c.count({ region: 'RO' })).toBe(1);
      expect(await c.count({ region: ['FR', 'PT'] })).toBe(0);
      await fixture.repairWrites(store, 'members', 'ana');
      await expect(c.update('ana', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
      await expect(c.update('ana', () => ({ id: 'other' }))).rejects.toThrow(/another id/);
      expect(await c.get('ana')).toEqual({ id: 'ana', region: 'RO' });
      // Writes go on once the disk takes them again.
      await c.update('ana', (cur) => cur && { ...cur, region: 'FR' });
      expect((await c.find({ where: { region: 'FR' } })).records.map((r) => r.id)).toEqual(['ana']);
      await store.close();
    });

    it('person documents: save, load (a copy), count, every one, delete; a failed save keeps the previous version', async () => {
      const store = await fixture.open();
      const keys = ['alpha', 'beta', 'gamma'].map((p) => store.keyOf(`memory:${p}`));
      expect(store.keyOf('memory:alpha')).toBe(keys[0]);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
      for (const k of keys) await store.saveUser(person(k));
      const doc = (await store.loadUser(keys[0]!))!;
      doc.seq = 99;
      expect((await store.loadUser(keys[0]!))?.seq).toBe(0);
      expect(await store.countUsers()).toBe(3);
      const seen: string[] = [];
      for await (const d of store.eachUser()) seen.push(d.key);
      expect(seen.sort()).toEqual([...keys].sort());
      await store.deleteUser(keys[1]!);
      expect(await store.loadUser(keys[1]!)).toBeNull();
      expect(await store.countUsers()).toBe(2);
      const shared = await store.shared('counter', () => ({ n: 0 }));
      await shared.update((d) => void d.n++);
      expect(shared.data.n).toBe(1);
      await store.close();
    });

    if (fixture.reopen) {
      it('records and their indexes are there again after a reopen', async () => {
        let store = await fixture.open();
        let c = members(store);
        for (let i = 0; i < 300; i++) await c.put({ id: `m${i}`, region: i % 3 ? 'FR' : 'RO', joinedAt: i });
        await c.update('m0', (cur) => cur && { ...cur, region: 'PT' });
        await c.delete('m3');
        store = await fixture.reopen!(store);
        c = members(store);
        expect(await c.count()).toBe(299);
        expect(await c.count({ region: 'RO' })).toBe(98);
        expect(await c.get('m0')).toEqual({ id: 'm0', region: 'PT', joinedAt: 0 });
        expect((await c.find({ range: { index: 'joinedAt', from: 297 } })).records.map((r) => r.id)).toEqual(['m297', 'm298', 'm299']);
        await store.close();
      });
    }
  });
}

describe('lowdb collections on disk', () => {
  it('one record per shard entry: a write rewrites one small file of collections/<name>/, never the collection', async () => {
    const store = await lowdb.open();
    const dir = dirOf.get(store)!;
    const c = members(store);
    for (let i = 0; i < 100; i++) await c.put({ id: `m${i}`, region: 'RO' });
    const folder = join(dir, 'collections', 'members');
    const files = readdirSync(folder).filter((n) => n.endsWith('.json'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{2}\.json$/);
    const shard = join(folder, `${shardOf('m7')}.json`);
    const before = Object.fromEntries(files.map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
    await c.update('m7', (cur) => cur && { ...cur, note: 'changed' });
    for (const f of files) if (join(folder, f) !== shard) expect(readFileSync(join(folder, f), 'utf8')).toBe(before[f]);
    expect(JSON.parse(readFileSync(shard, 'utf8')).records.m7).toEqual({ id: 'm7', region: 'RO', note: 'changed' });
    await store.close();
  });

  it('a damaged shard stops the collection with the file named, and is never overwritten', async () => {
    let store = await lowdb.open();
    const dir = dirOf.get(store)!;
    await members(store).put({ id: 'ana', region: 'RO' });
    await store.close();
    const file = join(dir, 'collections', 'members', `${shardOf('ana')}.json`);
    writeFileSync(file, '{"records": {"ana": ');
    store = await LowdbStore.open(dir);
    const err = await members(store).get('ana').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect((err as Error).message).toContain(file);
    await expect(members(store).put({ id: 'ana', region: 'FR' })).rejects.toBeInstanceOf(StoreCorruptError);
    expect(readFileSync(file, 'utf8')).toBe('{"records": {"ana": ');
    await store.close();
  });

  it('read-only: records can be read next to the bot, never written', async () => {
    const store = await lowdb.open();
    const dir = dirOf.get(store)!;
    await members(store).put({ id: 'ana', region: 'RO' });
    const reader = await LowdbStore.open(dir, { readOnly: true });
    expect(await members(reader).count({ region: 'RO' })).toBe(1);
    await expect(members(reader).put({ id: 'ben' })).rejects.toThrow(/read-only/);
    await store.close();
    expect(existsSync(join(dir, 'collections', 'members'))).toBe(true);
  });
});
