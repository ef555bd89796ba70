import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { StoreUnsafeError } from './errors.ts';

/** Data folders are private to the bot's user: people's answers and the control socket live there. */
export const FOLDER_MODE = 0o700;

/**
 * Makes `folder` (created if missing) private, whatever the umask. A folder others can WRITE is
 * refused: someone may already have changed data or planted a file, and a person must look.
 * A folder others can only READ (0755, what earlier versions created under the usual umask) is
 * tightened with a warning: that closes the leak without stopping an upgrade.
 */
export function securePrivateFolder(folder: string, warn: (message: string) => void): void {
  let st = statSync(folder, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new Error(`${folder} is not a folder: point TOGETHER_DATA at a folder.`);
  if (!st) {
    mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
    st = statSync(folder);
  }
  const mode = st.mode & 0o777;
  if (mode & 0o022) throw new StoreUnsafeError(folder, mode);
  if (mode !== FOLDER_MODE) {
    chmodSync(folder, FOLDER_MODE);
    if (mode & 0o077) warn(`The folder ${folder} was readable by other users (mode ${mode.toString(8)}); it is now private (700).`);
  }
}

/** What is wrong with a file or folder's permissions, or null when only its owner can use it. */
export function permissionProblem(path: string, isFolder: boolean): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return null;
  }
  if (mode & 0o022) return `can be written by other users (mode ${mode.toString(8)}): chmod ${isFolder ? 700 : 600} '${path}'`;
  if (mode & 0o044) return `can be read by other users (mode ${mode.toString(8)}): chmod ${isFolder ? 700 : 600} '${path}'`;
  return null;
}

/** Makes a file the owner's only (chmod 600) when others could read it, with a warning. */
export function securePrivateFile(file: string, warn: (message: string) => void): void {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st || (st.mode & 0o077) === 0) return;
  chmodSync(file, 0o600);
  warn(`The file ${file} was readable by other users (mode ${(st.mode & 0o777).toString(8)}); it is now private (600).`);
}
