import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Command } from 'commander';
import { registerMigrate } from '../src/cli/migrate.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { importDataFolder, ImportError } from '../src/store/postgres/import-folder.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { freshDirs } from './helpers/temp-dirs.ts';
import { personDoc } from './helpers/person-doc.ts';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';
import { togetherHere } from './helpers/together-in-process.ts';

const newDir = freshDirs();
const database = fileDatabases();

/** A person with a name, an update seen and answers: what a copy must keep. */
const person = (store: Store, id: string, seq = 0): UserDoc =>
  personDoc(store, id, seq, { contact: { channel: 'memory', userId: id, chatId: id, name: `Name ${id}` }, seen: [`u-${id}`], flows: { spiral: { answers: [1, 2, 3] } } });

interface Member {
  id: string;
  region: string;
  joinedAt: number;
  note?: string;
}
const SPEC = { indexes: ['region', 'joinedAt'] };

/** An embedded data folder with people (one with replies unsent), two collections and a shared document. */
async function seedFolder(): Promise<string> {
  const dir = newDir();
  const store = await LowdbStore.open(dir, { warn: () => {} });
  for (const [i, id] of ['alpha', 'beta', 'gamma', 'delta'].entries()) await store.saveUser(person(store, id, i), id === 'beta' ? { unsent: 'r-1' } : {});
  const members = store.collection<Member>('members', SPEC);
  for (let i = 0; i < 120; i++) await members.put({ id: `m${String(i).padStart(3, '0')}`, region: i % 3 ? 'FR' : 'RO', joinedAt: i, note: 'x'.repeat(i % 2 ? 10 : 400) });
  await store.collection<{ id: string }>('jobs', { indexes: [] }).put({ id: 'j1' });
  const shared = await store.shared('counter', () => ({ n: 0 }));
  await shared.update((d) => void (d.n = 7));
  await store.close();
  return dir;
}

const open = (url: string) => PostgresStore.open(url, { log: silentLogger() });

it('together migrate without TOGETHER_DATABASE_URL says what to set', async () => {
  const saved = process.env.TOGETHER_DATABASE_URL;
  delete process.env.TOGETHER_DATABASE_URL;
  try {
    const program = new Command().exitOverride();
    registerMigrate(program);
    await expect(program.parseAsync(['node', 'together', 'migrate', '--from', newDir()])).rejects.toThrow(
      /together migrate works on a PostgreSQL database: set TOGETHER_DATABASE_URL=postgres:\/\/user:password@host:5432\/database/,
    );
  } finally {
    if (saved !== undefined) process.env.TOGETHER_DATABASE_URL = saved;
  }
});

await describePostgres('together migrate --from (data folder → PostgreSQL)', () => {
  it('copies people with their keys and unsent marks, every collection and shared document, and checks the counts', async () => {
    const dir = await seedFolder();
    const db = await database();
    const store = await open(db.url);
    const counts = await importDataFolder(dir, store);
    expect(counts).toEqual({ people: 4, unsent: 1, collections: { jobs: 1, members: 120 }, shared: 1 });
    await store.close();

    // As the bot will see it: the same person keys (the folder's secret came along), the same data.
    const again = await open(db.url);
    const folder = await LowdbStore.open(dir, { readOnly: true, warn: () => {} });
    expect(again.keyOf('memory:alpha')).toBe(folder.keyOf('memory:alpha'));
    expect(await again.loadUser(again.keyOf('memory:gamma'))).toEqual(await folder.loadUser(folder.keyOf('memory:gamma')));
    expect(await again.unsent()).toEqual(new Map([[again.keyOf('memory:beta'), 'r-1']]));
    expect(await again.countUsers()).toBe(4);
    const members = again.collection<Member>('members', SPEC);
    expect(await members.count({ region: 'RO' })).toBe(40);
    const page = await members.find({ where: { region: 'FR' }, range: { index: 'joinedAt', from: 100 }, orderBy: 'joinedAt', desc: true, limit: 3 });
    expect(page.records.map((r) => r.id)).toEqual(['m119', 'm118', 'm116']);
    expect((await members.get('m001'))?.note).toHaveLength(10);
    expect((await again.shared('counter', () => ({ n: 0 }))).data).toEqual({ n: 7 });
    await folder.close();
    await again.close();
  });

  it('refuses a database that holds data unless told to replace it; a failed copy changes nothing', async () => {
    const dir = await seedFolder();
    const db = await database();
    const store = await open(db.url);
    await importDataFolder(dir, store);
    await expect(importDataFolder(dir, store)).rejects.toThrow(/already holds data \(4 people, 121 records, 1 shared documents\).*--replace/);

    // A second folder whose one person file is damaged: the copy with --replace fails midway and is rolled back.
    const other = newDir();
    const src = await LowdbStore.open(other, { warn: () => {} });
    for (const id of ['x1', 'x2', 'x3']) await src.saveUser(person(src, id));
    await src.collection<Member>('members', SPEC).put({ id: 'only', region: 'PT', joinedAt: 1 });
    const damagedKey = src.keyOf('memory:x2');
    await src.close();
    const file = join(other, 'users', damagedKey.slice(0, 2), `${damagedKey}.json`);
    writeFileSync(file, '{"schema": 1, "key": ');
    const err = await importDataFolder(other, store, { replace: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toContain(file);
    expect(await store.countUsers()).toBe(4);
    expect(await store.collection<Member>('members', SPEC).count()).toBe(120);
    expect(await store.loadUser(store.keyOf('memory:alpha'))).not.toBeNull();

    // Repaired, the replacing copy goes through: the database holds the second folder only.
    const repaired = await LowdbStore.open(other, { warn: () => {} });
    await repaired.saveUser(person(repaired, 'x2'));
    await repaired.close();
    await store.close();
    const fresh = await open(db.url);
    expect(await importDataFolder(other, fresh, { replace: true })).toEqual({ people: 3, unsent: 0, collections: { members: 1 }, shared: 0 });
    expect(await fresh.countUsers()).toBe(3);
    expect(await fresh.loadUser(fresh.keyOf('memory:x1'))).not.toBeNull();
    expect(await fresh.loadUser(fresh.keyOf('memory:alpha'))).toBeNull();
    await fresh.close();
  });

  it('refuses a folder that is not a data folder, and changes nothing', async () => {
    const db = await database();
    const store = await open(db.url);
    const empty = newDir();
    await expect(importDataFolder(empty, store)).rejects.toThrow(`${empty} is not a together-bot data folder (no secret.json, no users/).`);
    await expect(importDataFolder(join(empty, 'missing'), store)).rejects.toBeInstanceOf(ImportError);
    expect(await store.countUsers()).toBe(0);
    await store.close();
  });

  it('refuses a folder that a running bot holds', async () => {
    const dir = await seedFolder();
    const db = await database();
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/lock-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const store = await open(db.url);
      await expect(importDataFolder(dir, store)).rejects.toThrow(new RegExp(`together-bot process \\(pid ${child.pid}\\) is using .*stop it first`));
      expect(await store.countUsers()).toBe(0);
      await store.close();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('through the command line: copies and prints the counts', async () => {
    const dir = await seedFolder();
    const db = await database();
    // In this process (runCli, as bin/together.ts): a spawn would cost seconds and show nothing more here.
    const first = await togetherHere(['migrate', '--from', dir], { env: { TOGETHER_DATABASE_URL: db.url, TOGETHER_DATA: newDir(), LOG_LEVEL: 'silent' } });
    expect(first.stderr).not.toMatch(/Error|at .*\.ts/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('people: 4 (1 with replies still to send)');
    expect(first.stdout).toContain('collections: jobs 1, members 120');
    expect(first.stdout).not.toContain(new URL(db.url).password);
    const store = await open(db.url);
    expect(await store.countUsers()).toBe(4);
    await store.close();
  });
});
