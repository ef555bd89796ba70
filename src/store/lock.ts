import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { StoreLockedError } from './errors.ts';

const LOCK = 'together.lock';
/** Folders this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns the pid holding the data folder, if a live process does. */
export function lockHolder(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, LOCK), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the single-writer lock of a data folder. A lock left by a dead process (kill -9)
 * is taken over, since a pid that no longer runs cannot be writing.
 */
export function acquireLock(dir: string): () => void {
  const file = join(dir, LOCK);
  if (held.has(file)) throw new StoreLockedError(dir, process.pid);
  const release = take(dir, file);
  held.add(file);
  return () => {
    held.delete(file);
    release();
  };
}

function take(dir: string, file: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(dir);
      if (holder !== null) throw new StoreLockedError(dir, holder);
      try {
        unlinkSync(file);
      } catch {
        /* another process took it over first; try again */
      }
    }
  }
  throw new StoreLockedError(dir, lockHolder(dir) ?? -1);
}
