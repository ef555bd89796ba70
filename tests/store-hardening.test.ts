import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { open } from 'node:fs/promises';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { StoreSecretError, StoreUnsafeError, StoreWriteError } from '../src/store/errors.ts';
import type { UserDoc } from '../src/store/types.ts';
import { removeDir, startBot, tempDir } from './helpers/harness.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  while (dirs.length) removeDir(dirs.pop()!);
});

const mode = (path: string) => statSync(path).mode & 0o777;
const person = (key: string, seq = 0): UserDoc => ({
  schema: 1,
  key,
  pseudonym: `p-${key.slice(0, 8)}`,
  contact: { channel: 'memory', userId: key, chatId: key },
  createdAt: '2026-01-01T00:00:00Z',
  seq,
  seen: [],
  flows: {},
});
const userFile = (dir: string, key: string) => join(dir, 'users', key.slice(0, 2), `${key}.json`);
const tempFilesIn = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.tmp'));

describe('permissions (item 3)', () => {
  it('folders 0700, every file 0600 and the control socket 0600, even under umask 0', async () => {
    const dir = join(fresh(), 'data');
    const old = process.umask(0);
    try {
      const bot = await startBot({ dir });
      await bot.user('ana').send('/agree');
      const store = bot.core.services.store;
      await (await store.shared('hardening', () => ({ n: 0 }))).update((d) => void d.n++);
      const key = store.keyOf('memory:ana');
      // The answer is in the write-ahead log first, then in the person's file once checkpointed.
      const wal = join(dir, 'wal');
      for (const folder of [dir, join(dir, 'users'), join(dir, 'shared'), wal]) expect([folder, mode(folder)]).toEqual([folder, 0o700]);
      const segments = readdirSync(wal).map((n) => join(wal, n));
      expect(segments.length).toBeGreaterThan(0);
      for (const file of [join(dir, 'secret.json'), join(dir, 'shared', 'hardening.json'), join(dir, 'together.lock'), ...segments]) expect([file, mode(file)]).toEqual([file, 0o600]);
      expect(mode(join(dir, 'control.sock'))).toBe(0o600);
      await bot.stop();
      expect(mode(join(dir, 'users', key.slice(0, 2)))).toBe(0o700);
      expect(mode(userFile(dir, key))).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('refuses a data folder, or its users/ or shared/ folder, that others can write, naming it and the chmod', async () => {
    for (const sub of ['', 'users', 'shared']) {
      const dir = fresh();
      mkdirSync(join(dir, sub), { recursive: true });
      chmodSync(join(dir, sub), 0o777);
      const err = await LowdbStore.open(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnsafeError);
      expect((err as Error).message).toContain(`chmod 700 '${join(dir, sub)}'`);
      // Nothing was changed: a person must look first.
      expect(mode(join(dir, sub))).toBe(0o777);
    }
  });

  it('a folder others can only read (what earlier versions made) is tightened, with a warning', async () => {
    const dir = fresh();
    await (await LowdbStore.open(dir)).close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'users'), 0o755);
    chmodSync(join(dir, 'secret.json'), 0o644);
    const warnings: string[] = [];
    const store = await LowdbStore.open(dir, { warn: (m) => warnings.push(m) });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'users'))).toBe(0o700);
    expect(mode(join(dir, 'secret.json'))).toBe(0o600);
    expect(warnings.filter((w) => /readable by other users.*now private/.test(w))).toHaveLength(3);
    await store.close();
  });
});

describe('concurrent first writes (item 9)', () => {
  it('hundreds of simultaneous first opens and updates of one shared file all land', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    const n = 300;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        store.shared('group', () => ({ members: [] as number[] })).then((doc) => doc.update((d) => (d.members.push(i), d.members.length))),
      ),
    );
    expect(new Set(results).size).toBe(n);
    const docs = await Promise.all([store.shared('group', () => ({ members: [] as number[] })), store.shared('group', () => ({ members: [] as number[] }))]);
    expect(docs[0]).toBe(docs[1]);
    expect(docs[0].data.members).toHaveLength(n);
    await store.close();
    const onDisk = JSON.parse(readFileSync(join(dir, 'shared', 'group.json'), 'utf8')) as { members: number[] };
    expect(onDisk.members.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(tempFilesIn(join(dir, 'shared'))).toEqual([]);
  });

  it('hundreds of people saved at once all land, and concurrent saves of one person end with the last', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir, { cacheSize: 50 });
    const keys = Array.from({ length: 300 }, (_, i) => store.keyOf(`memory:p${i}`));
    await Promise.all(keys.map((k) => store.saveUser(person(k, 1))));
    const key = keys[0]!;
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.saveUser(person(key, 100 + i))));
    expect((await store.loadUser(key))?.seq).toBe(199);
    await store.close();
    store = await LowdbStore.open(dir);
    expect(await store.countUsers()).toBe(300);
    for (const k of keys.slice(1)) expect((await store.loadUser(k))?.seq).toBe(1);
    expect((await store.loadUser(key))?.seq).toBe(199);
    await store.close();
  });
});

describe('failed writes (item 10)', () => {
  // Tests run as root, where chmod does not stop a write. A folder standing where the file must
  // go makes the final rename fail (EISDIR) every time, like a disk that refuses the write.
  it('a failed person save (the log cannot sync) throws StoreWriteError, keeps the previous version, and the next save works', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:full');
    await store.saveUser(person(key, 1));
    // A disk that fails the sync once (EIO): the frame is cut off again, nothing of it stays.
    const probe = await open(join(dir, 'secret.json'), 'r');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const datasync = vi.spyOn(proto, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      const err = await store.saveUser(person(key, 2)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreWriteError);
      expect((err as StoreWriteError).file).toContain(join(dir, 'wal'));
      expect((await store.loadUser(key))?.seq).toBe(1);
    } finally {
      datasync.mockRestore();
    }
    await store.saveUser(person(key, 3));
    expect((await store.loadUser(key))?.seq).toBe(3);
    await store.close();
    const again = await LowdbStore.open(dir);
    expect((await again.loadUser(key))?.seq).toBe(3);
    await again.close();
    expect(unhandled).toEqual([]);
  });

  it('person files that cannot be written keep every answer in the log, served from memory and after a restart', async () => {
    const dir = fresh();
    const warnings: string[] = [];
    const store = await LowdbStore.open(dir, { warn: (m) => warnings.push(m), checkpoint: { afterMs: 10 } });
    const key = store.keyOf('memory:blocked');
    await store.saveUser(person(key, 1));
    await store.close();
    // A folder standing where the file must go makes every checkpoint fail (EISDIR).
    const file = userFile(dir, key);
    rmSync(file);
    mkdirSync(file);
    const blocked = await LowdbStore.open(dir, { warn: (m) => warnings.push(m), checkpoint: { afterMs: 10 } });
    await blocked.saveUser(person(key, 2));
    await vi.waitFor(() => expect(warnings.some((w) => w.includes('Could not copy the write-ahead log') && w.includes(file))).toBe(true), { timeout: 10_000, interval: 20 });
    expect(warnings.filter((w) => w.includes('closed'))).toEqual([]);
    expect((await blocked.loadUser(key))?.seq).toBe(2);
    await blocked.close();
    rmSync(file, { recursive: true });
    const fixed = await LowdbStore.open(dir);
    expect((await fixed.loadUser(key))?.seq).toBe(2);
    await fixed.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).seq).toBe(2);
    expect(readdirSync(join(dir, 'wal'))).toEqual([]);
    expect(tempFilesIn(join(dir, 'users', key.slice(0, 2)))).toEqual([]);
  });

  it('a failed shared update throws StoreWriteError and leaves the document as it was; so does a change that throws', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    const doc = await store.shared('stops', () => ({ stops: [] as string[] }));
    await doc.update((d) => void d.stops.push('Iași'));
    const file = join(dir, 'shared', 'stops.json');
    rmSync(file);
    mkdirSync(file);
    await expect(doc.update((d) => void d.stops.push('Cluj'))).rejects.toBeInstanceOf(StoreWriteError);
    expect(doc.data.stops).toEqual(['Iași']);
    rmSync(file, { recursive: true });
    await expect(
      doc.update((d) => {
        d.stops.push('half-done');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(doc.data.stops).toEqual(['Iași']);
    // The queue goes on after failures.
    await doc.update((d) => void d.stops.push('Brașov'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ stops: ['Iași', 'Brașov'] });
    await store.close();
    expect(unhandled).toEqual([]);
  });

  it('temporary files left by a crash are removed at start, with a warning', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:crash');
    await store.saveUser(person(key, 1));
    await store.close();
    const shard = join(dir, 'users', key.slice(0, 2));
    writeFileSync(join(shard, `.${key}.json.0a1b2c3d4e5f.tmp`), '{"half');
    writeFileSync(join(dir, 'shared', '.stops.json.tmp'), '{"half'); // steno's name, from earlier versions
    const warnings: string[] = [];
    store = await LowdbStore.open(dir, { warn: (m) => warnings.push(m) });
    expect(tempFilesIn(shard)).toEqual([]);
    expect(tempFilesIn(join(dir, 'shared'))).toEqual([]);
    expect(warnings.some((w) => /Removed 2 temporary file/.test(w))).toBe(true);
    expect((await store.loadUser(key))?.seq).toBe(1);
    await store.close();
  });
});

describe('damaged files (item 14)', () => {
  it('people without their secret: refuses to start, says to restore it and never to move it aside', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    await store.saveUser(person(store.keyOf('memory:x')));
    await store.close();
    rmSync(join(dir, 'secret.json'));
    for (const readOnly of [false, true]) {
      const err = await LowdbStore.open(dir, { readOnly }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreSecretError);
      expect((err as Error).message).toMatch(/secret.json is missing/);
      expect((err as Error).message).toMatch(/restore this exact file from a backup/);
      expect((err as Error).message).toMatch(/Never move it aside/);
    }
    // No new secret was made: the backup can still be put back.
    expect(existsSync(join(dir, 'secret.json'))).toBe(false);
  });

  it('a damaged secret never suggests moving it aside', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'secret.json'), '{"salt": "abc"}');
    const err = await LowdbStore.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSecretError);
    expect((err as Error).message).toMatch(/secret.json is damaged/);
    expect((err as Error).message).not.toMatch(/or move it aside/);
    expect((err as Error).message).toMatch(/Never move it aside/);
  });

  it('eachUser() without a callback skips a damaged person file, with a warning naming it', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const keys = ['a', 'b', 'c'].map((p) => store.keyOf(`memory:${p}`));
    for (const k of keys) await store.saveUser(person(k));
    await store.close();
    writeFileSync(userFile(dir, keys[0]!), '{"schema":1, "key": "trunc');
    writeFileSync(userFile(dir, keys[1]!), 'null');
    const warnings: string[] = [];
    store = await LowdbStore.open(dir, { readOnly: true, warn: (m) => warnings.push(m) });
    const seen: string[] = [];
    for await (const doc of store.eachUser()) seen.push(doc.key);
    expect(seen).toEqual([keys[2]]);
    expect(warnings).toHaveLength(2);
    for (const k of keys.slice(0, 2)) expect(warnings.some((w) => w.includes(userFile(dir, k)))).toBe(true);
    // A hook replaces the warning.
    const hooked: string[] = [];
    const other = await LowdbStore.open(dir, { readOnly: true, onDamaged: (file) => hooked.push(file) });
    for await (const _ of other.eachUser()) void _;
    expect(hooked.sort()).toEqual(keys.slice(0, 2).map((k) => userFile(dir, k)).sort());
  });
});
