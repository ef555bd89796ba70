import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { readJsonFile, syncFolder, writeFileAtomic } from './atomic-file.ts';
import { StoreCorruptError, StoreWriteError } from './errors.ts';
import { FOLDER_MODE } from './permissions.ts';

export interface AtomicJsonFileOptions {
  /** Sync the folder after each rename (default true; false only in the bench). */
  syncFolder?: boolean;
  /** Create the file's folder (private, its entry synced) before the first write. */
  createFolder?: boolean;
}

/**
 * lowdb's storage adapter for the embedded store: the JSON file is replaced atomically and
 * durably (see writeFileAtomic: temporary file, fsync, rename, folder fsync). lowdb's own
 * JSONFile (steno) neither syncs nor gives each write its own temporary file.
 * A file that does not parse is reported as damaged and never overwritten by a read.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  #folderReady: boolean;

  constructor(readonly file: string, private readonly options: AtomicJsonFileOptions = {}) {
    this.#folderReady = options.createFolder !== true;
  }

  async read(): Promise<T | null> {
    try {
      return ((await readJsonFile(this.file)) ?? null) as T | null;
    } catch (e) {
      if (e instanceof SyntaxError) throw new StoreCorruptError(this.file, e);
      throw e;
    }
  }

  async write(data: T): Promise<void> {
    try {
      if (!this.#folderReady) {
        await ensurePrivateFolder(dirname(this.file));
        this.#folderReady = true;
      }
      await writeFileAtomic(this.file, JSON.stringify(data), { syncFolder: this.options.syncFolder });
    } catch (e) {
      throw e instanceof StoreWriteError ? e : new StoreWriteError(this.file, e);
    }
  }
}

/** Creates a folder (and its parents) private to the bot, its entry synced in the parent. */
export async function ensurePrivateFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  // mkdir's mode is narrowed by the umask; a folder left by an older version may be wider.
  await chmod(folder, FOLDER_MODE);
  if (made === undefined) return;
  await syncFolder(dirname(folder));
  // Parents created on the way (collections/ for collections/jobs) hold new entries too.
  if (made !== folder) await syncFolder(dirname(made));
}
