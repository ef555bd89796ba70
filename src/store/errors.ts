/** A data file that cannot be parsed. The store never overwrites it: a person must look. */
export class StoreCorruptError extends Error {
  readonly code = 'STORE_CORRUPT';
  constructor(readonly file: string, cause: unknown) {
    super(
      `Data file ${file} is damaged and cannot be read (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Restore it from a backup, or move it aside if its content may be lost, then start again. ' +
        'together-bot never overwrites a damaged file.',
    );
  }
}

/** Another process already writes to this data folder. */
export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `The data folder ${dir} is in use by another together-bot process (pid ${pid}). ` +
        'Two writers would corrupt it: stop that process first, or run read-only commands (export, stats) next to it.',
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
