import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { StoreLockedError } from '../src/store/errors.ts';
import { lockHolder } from '../src/store/lock.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  while (dirs.length) removeDir(dirs.pop()!);
});

/** Starts tests/helpers/lock-child.ts on `dir`; resolves with its first line (READY or LOCKED <pid>). */
function lockChild(dir: string): { child: ChildProcess; said: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/lock-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const said = new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`lock child exited (${code}) before saying anything`)));
  });
  return { child, said };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

describe('single-writer lock released by the kernel (item 16)', () => {
  it('an open while a live process holds the folder is refused, naming its pid', async () => {
    const dir = fresh();
    const { child, said } = lockChild(dir);
    expect(await said).toBe('READY');
    const err = await LowdbStore.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect((err as StoreLockedError).pid).toBe(child.pid);
    expect((err as Error).message).toMatch(new RegExp(`in use by another together-bot process \\(pid ${child.pid}\\)`));
    expect(lockHolder(dir)).toBe(child.pid);
  });

  it('a start immediately after kill -9 of the holder succeeds', async () => {
    const dir = fresh();
    const { child, said } = lockChild(dir);
    expect(await said).toBe('READY');
    child.kill('SIGKILL');
    await exited(child);
    // No waiting, no pid check: the kernel closed the dead process's socket, so the lock is free.
    expect(lockHolder(dir)).toBeNull();
    const store = await LowdbStore.open(dir);
    await store.close();
  });

  it('two processes opening at the same moment: exactly one wins', async () => {
    const dir = fresh();
    const a = lockChild(dir);
    const b = lockChild(dir);
    const answers = await Promise.all([a.said, b.said]);
    expect(answers.filter((s) => s === 'READY')).toHaveLength(1);
    const winner = answers[0] === 'READY' ? a.child : b.child;
    const loser = answers[0] === 'READY' ? b : a;
    expect(answers.find((s) => s.startsWith('LOCKED'))).toBe(`LOCKED ${winner.pid}`);
    await exited(loser.child);
    expect(loser.child.exitCode).toBe(3);
  });

  it('many opens at once in one process: exactly one wins, and the folder is free after close', async () => {
    const dir = fresh();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => LowdbStore.open(dir)));
    const won = results.filter((r): r is PromiseFulfilledResult<LowdbStore> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreLockedError);
    await won[0]!.value.close();
    await (await LowdbStore.open(dir)).close();
  });
});
