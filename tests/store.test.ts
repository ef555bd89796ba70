import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { StoreCorruptError, StoreLockedError } from '../src/store/errors.ts';
import { startBot, type Bot } from './helpers/harness.ts';
import { texts } from './helpers/memory-channel.ts';
import { freshDirs } from './helpers/temp-dirs.ts';

const fresh = freshDirs();

describe('lowdb store', () => {
  it('keeps one small file per user, named without the platform id', async () => {
    const dir = fresh();
    const bot = await startBot({ dir });
    await bot.user('12345').send('/agree');
    await bot.stop();
    const shards = readdirSync(join(dir, 'users'));
    const files = shards.flatMap((s) => readdirSync(join(dir, 'users', s)));
    expect(files).toHaveLength(1);
    expect(files[0]).not.toContain('12345');
  });

  it('refuses a second writer on the same data folder with a clear message', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    await expect(LowdbStore.open(dir)).rejects.toBeInstanceOf(StoreLockedError);
    await expect(LowdbStore.open(dir)).rejects.toThrow(/in use by another together-bot process/);
    // Read-only commands may run next to the writer.
    const reader = await LowdbStore.open(dir, { readOnly: true });
    expect(await reader.countUsers()).toBe(0);
    await store.close();
    const again = await LowdbStore.open(dir);
    await again.close();
  });

  it('a pid left in together.lock is not a lock: only a live holder refuses (kernel lock, item 16)', async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    // A live process whose pid sits in the old lock file (pids repeat in containers) does not block.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    writeFileSync(join(dir, 'together.lock'), String(child.pid));
    const store = await LowdbStore.open(dir);
    expect(readFileSync(join(dir, 'together.lock'), 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  });

  it('stops on a corrupt shared file, naming it, and does not overwrite it', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'shared'), { recursive: true });
    const file = join(dir, 'shared', 'spiral-groups.json');
    writeFileSync(file, '{"groups": [ {"code": "AB');
    const err = await LowdbStore.open(dir).catch((e) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/Restore it from a backup/);
    expect(readFileSync(file, 'utf8')).toBe('{"groups": [ {"code": "AB');
    // The lock is released, so the program can be started again once the file is fixed.
    writeFileSync(file, '{"groups": []}');
    await (await LowdbStore.open(dir)).close();
  });

  it('stops on a corrupt secret file', async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'secret.json'), 'garbage');
    await expect(LowdbStore.open(dir)).rejects.toThrow(/secret.json is damaged/);
  });

  it('a corrupt user file gets a localized answer and is never overwritten', async () => {
    const dir = fresh();
    let bot: Bot = await startBot({ dir });
    await bot.user('hana').send('/agree');
    const store = bot.core.services.store;
    const key = store.keyOf('memory:hana');
    await bot.stop();
    const file = join(dir, 'users', key.slice(0, 2), `${key}.json`);
    writeFileSync(file, '{"schema":1, "key": "trunc');
    bot = await startBot({ dir, lang: 'en' });
    expect(texts(await bot.user('hana').send('/start'))).toContain('could not be read');
    expect(readFileSync(file, 'utf8')).toBe('{"schema":1, "key": "trunc');
    await bot.stop();
  });

  it('survives kill -9: every acknowledged answer is on disk and the user resumes', async () => {
    const dir = fresh();
    const acked: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/kill-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => {
      let buf = '';
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
        if (acked.length >= 40 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    // The dead process's lock is taken over by the next start.
    const bot = await startBot({ dir });
    await bot.stop();
    const store = await LowdbStore.open(dir, { readOnly: true });
    const doc = await store.loadUser(store.keyOf('memory:killme'));
    const ideas = (doc?.flows.sample as { ideas: string[] }).ideas;
    for (const idea of acked) expect(ideas).toContain(idea);
    expect(doc?.session?.step).toBe('ideas');
  });
});

describe('lowdb store under concurrent reads and writes', () => {
  it('a read that overlaps a save never leaves the older version in memory', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, { cacheSize: 1 });
    const key = store.keyOf('memory:race');
    const doc = (n: number) => ({ schema: 1 as const, key, pseudonym: 'p-x', contact: { channel: 'memory', userId: 'race', chatId: 'race' }, createdAt: '2026-01-01T00:00:00Z', seq: n, seen: [], flows: {} });
    await store.saveUser(doc(1));
    for (let n = 2; n < 60; n++) {
      // Push the document out of the one-entry cache, then read it while a newer version is saved.
      await store.saveUser({ ...doc(0), key: store.keyOf(`memory:other${n}`) });
      const read = store.loadUser(key);
      const save = store.saveUser(doc(n));
      await Promise.all([read, save]);
      expect((await store.loadUser(key))?.seq).toBe(n);
    }
    await store.close();
  });
});
