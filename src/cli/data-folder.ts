import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** TOGETHER_DATA names something the store cannot use as its folder. */
export class DataFolderError extends Error {
  readonly code = 'DATA_FOLDER';
}

/** What the command found before opening the store. */
export interface DataFolderState {
  /** No data yet (no folder, or no secret.json in it): the first start makes a new one. */
  readonly isNew: boolean;
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return 'under-a-file' as const;
    throw e;
  }
}

/**
 * Checks TOGETHER_DATA before the store opens it, so a wrong value is one clear line instead of
 * a low-level error: a file, a path under a file, or (`write`) a folder this user cannot write.
 */
export function inspectDataFolder(dir: string, mode: 'read' | 'write'): DataFolderState {
  const st = statOrNull(dir);
  if (st === 'under-a-file' || st === null) {
    // The folder would be created: every existing parent must be a folder.
    let parent = dirname(dir);
    while (statOrNull(parent) === null || statOrNull(parent) === 'under-a-file') parent = dirname(parent);
    const p = statSync(parent);
    if (!p.isDirectory()) throw new DataFolderError(`TOGETHER_DATA=${dir} cannot be a folder: ${parent} is a file. Point TOGETHER_DATA at a folder.`);
    if (mode === 'read') throw new DataFolderError(`There is no data folder at ${dir} yet: check TOGETHER_DATA, or start the bot once to create it.`);
    return { isNew: true };
  }
  if (!st.isDirectory()) throw new DataFolderError(`TOGETHER_DATA=${dir} is a file, not a folder. Point TOGETHER_DATA at a folder (a missing one is created).`);
  if (mode === 'write') {
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch {
      throw new DataFolderError(`The data folder ${dir} is read-only for this user: make it writable (chmod u+w '${dir}') or point TOGETHER_DATA at another folder.`);
    }
  }
  return { isNew: !existsSync(join(dir, 'secret.json')) };
}
