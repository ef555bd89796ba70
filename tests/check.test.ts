import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { shardOf } from '../src/store/sharded-collection.ts';
import { checkDataFolder } from '../src/store/check.ts';
import type { UserDoc } from '../src/store/types.ts';
import { freshDirs } from './helpers/temp-dirs.ts';

const fresh = freshDirs();

const person = (key: string): UserDoc => ({
  schema: 1,
  key,
  pseudonym: 'p-1',
  contact: { channel: 'memory', userId: key, chatId: key },
  createdAt: '2026-01-01T00:00:00Z',
  seq: 0,
  seen: [],
  flows: {},
});

/** A data folder with two people and one shared file, as a running bot leaves it. */
async function populated(): Promise<{ dir: string; keys: string[] }> {
  const dir = fresh();
  const store = await LowdbStore.open(dir);
  const keys = ['a', 'b'].map((p) => store.keyOf(`memory:${p}`));
  for (const k of keys) await store.saveUser(person(k));
  await (await store.shared('stops', () => ({ stops: {} }))).update(() => {});
  await store.close();
  return { dir, keys };
}

function together(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/together.mjs', 'check', ...args], { env: { ...process.env, TOGETHER_DATA: dir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const userFile = (dir: string, key: string) => join(dir, 'users', key.slice(0, 2), `${key}.json`);

describe('together check (item 14)', () => {
  it('a clean folder: a summary line and exit code 0', async () => {
    const { dir } = await populated();
    const r = together(dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`OK: 2 person files, 1 shared file in ${dir}; no bot holds it.\n`);
  });

  it('every problem on its own line naming the file, a summary, exit code 1; nothing is changed', async () => {
    const { dir, keys } = await populated();
    const damaged = userFile(dir, keys[0]!);
    writeFileSync(damaged, '{"schema":1, "key": "trunc');
    const wrongShape = userFile(dir, keys[1]!);
    writeFileSync(wrongShape, JSON.stringify({ ...person(keys[1]!), key: 'someone-else' }));
    writeFileSync(join(dir, 'shared', 'stops.json'), '[]');
    const temp = join(dir, 'shared', '.stops.json.abc123.tmp');
    writeFileSync(temp, '{');
    chmodSync(join(dir, 'users'), 0o755);
    rmSync(join(dir, 'secret.json'));
    const before = readdirSync(join(dir, 'shared'));

    const r = together(dir);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    const lineFor = (file: string) => lines.filter((l) => l.startsWith(`${file}: `));
    expect(lineFor(damaged)[0]).toMatch(/person file is damaged: does not parse/);
    expect(lineFor(wrongShape)[0]).toMatch(/person file is damaged: its key "someone-else" does not match/);
    expect(lineFor(join(dir, 'shared', 'stops.json'))[0]).toMatch(/shared file is damaged: not a JSON object/);
    expect(lineFor(temp)[0]).toMatch(/temporary file/);
    expect(lineFor(join(dir, 'users'))[0]).toMatch(/read by other users.*chmod 700/);
    expect(lineFor(join(dir, 'secret.json'))[0]).toMatch(/secret is missing.*restore this exact file from a backup/);
    expect(lines.at(-1)).toBe(`6 problems: 2 person files, 1 shared file in ${dir}; no bot holds it.`);
    expect(lines).toHaveLength(7);
    // Read-only: the temporary file and the permissions are as they were.
    expect(readdirSync(join(dir, 'shared'))).toEqual(before);
    expect(existsSync(temp)).toBe(true);
  });

  it('runs next to the bot holding the folder, and says who holds it', async () => {
    const { dir } = await populated();
    const store = await LowdbStore.open(dir);
    try {
      const r = together(dir, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ dir, problems: [], people: 2, shared: 1, lockedBy: process.pid });
    } finally {
      await store.close();
    }
  });

  it('a damaged secret is reported without suggesting to move it aside; a missing folder is a problem', async () => {
    const { dir } = await populated();
    writeFileSync(join(dir, 'secret.json'), 'garbage');
    const report = checkDataFolder(dir);
    expect(report.problems).toEqual([{ file: join(dir, 'secret.json'), problem: expect.stringMatching(/secret is damaged.*never move it aside/) }]);
    expect(checkDataFolder(join(dir, 'nope')).problems).toEqual([{ file: join(dir, 'nope'), problem: expect.stringMatching(/no data folder/) }]);
  });

  it('collections (#9.4): counts their records; a damaged shard, a record in the wrong shard, a stray file and a temporary file are named', async () => {
    const { dir } = await populated();
    const store = await LowdbStore.open(dir);
    const c = store.collection<{ id: string; region: string }>('members', { indexes: ['region'] });
    for (const id of ['ana', 'ben', 'cleo']) await c.put({ id, region: 'RO' });
    await store.close();
    const folder = join(dir, 'collections', 'members');
    let r = together(dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`OK: 2 person files, 1 shared file, 3 records in 1 collection in ${dir}; no bot holds it.\n`);

    const damaged = join(folder, `${shardOf('ana')}.json`);
    writeFileSync(damaged, '{"records": {"ana"');
    const other = shardOf('ben') === '00' ? '01' : '00';
    const misplaced = join(folder, `${other}.json`);
    writeFileSync(misplaced, JSON.stringify({ records: { ben: { id: 'ben', region: 'RO' } } }), { mode: 0o600 });
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    const temp = join(folder, `.${shardOf('cleo')}.json.0a1b2c.tmp`);
    writeFileSync(temp, '{');
    const report = checkDataFolder(dir);
    const about = (file: string) => report.problems.find((p) => p.file === file)?.problem;
    expect(about(damaged)).toMatch(/collection shard is damaged: does not parse/);
    expect(about(misplaced)).toMatch(/record "ben" belongs in shard/);
    expect(about(join(folder, 'notes.txt'))).toMatch(/is not a shard/);
    expect(about(temp)).toMatch(/temporary file/);
    expect(report.problems).toHaveLength(4);
    r = together(dir);
    expect(r.code).toBe(1);
  });
});
