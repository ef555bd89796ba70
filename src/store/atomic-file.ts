import { open, rename, unlink, readFile } from 'node:fs/promises';
import { openSync, writeSync, fsyncSync, fchmodSync, closeSync, linkSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Every data file is private to the bot's user, whatever the umask. */
export const FILE_MODE = 0o600;

/**
 * Temporary files are `.<name>.<random>.tmp` beside their target: hidden, so listings skip them,
 * and unique per write, so two writes never share one (steno, lowdb's writer, uses one name
 * per file, and two concurrent writers of a file raced on it).
 */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

function tempFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Replaces `file` with `text` atomically and durably: a unique temporary file, made 0600
 * explicitly (the umask could only narrow it, never widen it, but could make it 0400 or 0000),
 * flushed to disk, then renamed over the target. A kill -9 leaves the old or the new version;
 * a failure (disk full, EIO, a read-only folder) leaves the old one and removes the temporary.
 * Hand-written rather than write-file-atomic: that package needs Node 22 and deletes its
 * temporary files from a SIGTERM handler, which would fail a write during a graceful stop.
 */
export async function writeFileAtomic(file: string, text: string, options: WriteOptions = {}): Promise<void> {
  const tmp = tempFor(file);
  const handle = await open(tmp, 'wx', FILE_MODE);
  try {
    try {
      await handle.chmod(FILE_MODE);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  // The rename lives in the folder: until the folder is synced, a power cut can bring back the old version.
  if (options.syncFolder !== false) await syncFolder(dirname(file));
}

export interface WriteOptions {
  /** Sync the folder after the rename (default true); false only to measure its cost in the bench. */
  syncFolder?: boolean;
}

/**
 * Flushes a folder's entries (a rename, a new file, a new sub-folder) to the disk. File systems
 * that cannot sync a folder say EINVAL (some network and FUSE ones): nothing more can be done there.
 */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw e;
  } finally {
    await handle.close();
  }
}

/**
 * Creates `file` with `text` only if it does not exist yet, atomically: a kill -9 never leaves
 * an empty or half-written file under that name. Returns false when the file already existed.
 */
export function createFileOnce(file: string, text: string): boolean {
  const tmp = tempFor(file);
  const fd = openSync(tmp, 'wx', FILE_MODE);
  try {
    fchmodSync(fd, FILE_MODE);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    syncFolderSync(dirname(file));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** The parsed content of a JSON file, or `undefined` when there is no such file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text);
}

/** syncFolder, for the synchronous start-up path. */
function syncFolderSync(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw e;
  } finally {
    closeSync(fd);
  }
}
