/** A data file that cannot be parsed. The store never overwrites it: a person must look. */
export class StoreCorruptError extends Error {
  readonly code: string = 'STORE_CORRUPT';
  constructor(readonly file: string, cause: unknown) {
    super(
      `Data file ${file} is damaged and cannot be read (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Restore it from a backup, or move it aside if its content may be lost, then start again. ' +
        'together-bot never overwrites a damaged file.',
    );
  }
}

/**
 * secret.json is missing or damaged. It keys every person's file name, so a new one would make
 * every existing person a stranger: the only fix is the backup, never moving it aside.
 */
export class StoreSecretError extends StoreCorruptError {
  override readonly code = 'STORE_SECRET';
  constructor(file: string, problem: 'missing' | 'damaged', cause?: unknown) {
    super(file, cause ?? problem);
    this.message =
      problem === 'missing'
        ? `${file} is missing, but the data folder already holds people's files. `
        : `${file} is damaged and cannot be read (${cause instanceof Error ? cause.message : String(cause)}). `;
    this.message +=
      'This secret keys every person\'s file: restore this exact file from a backup, then start again. ' +
      'Never move it aside, delete or replace it: with a new secret every existing person would be treated as a stranger.';
  }
}

/** Another process already writes to this data folder. */
export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `The data folder ${dir} is in use by another together-bot process${pid > 0 ? ` (pid ${pid})` : ''}. ` +
        'Two writers would corrupt it: stop that process first, or run read-only commands (export, stats, check) next to it.',
    );
  }
}

/** A data folder other local users could write: they could change anyone's data or commands. */
export class StoreUnsafeError extends Error {
  readonly code = 'STORE_UNSAFE';
  constructor(readonly folder: string, mode: number) {
    super(
      `The folder ${folder} can be written by other users (mode ${(mode & 0o777).toString(8).padStart(3, '0')}), so they could change ` +
        `anyone's data or send commands to the bot. Check it was not tampered with, then run: chmod 700 '${folder}'`,
    );
  }
}

/**
 * A write that did not reach the disk (disk full, folder made read-only, permissions). The
 * store leaves what it holds in memory as it was before the write, so memory never runs ahead
 * of the disk; the engine tells the person their answer was not saved and keeps serving others.
 */
export class StoreWriteError extends Error {
  readonly code = 'STORE_WRITE';
  constructor(readonly file: string, cause: unknown) {
    super(`Could not write ${file} (${cause instanceof Error ? cause.message : String(cause)}). Check free space and the folder's permissions; nothing else was changed.`, { cause });
  }
}

/** A query or a collection misused by code (an unknown index, a bad record): a programming error, fixed in the caller. */
export class CollectionUsageError extends Error {
  readonly code = 'COLLECTION_USAGE';
  constructor(readonly collection: string, problem: string) {
    super(`Collection ${collection}: ${problem}`);
  }
}
