import { dirname, join } from 'node:path';
import { FILE_MODE } from './atomic-file.ts';
import { FileWriteError, FileWriter } from './file-writer.ts';
import { ensurePrivateFolder } from './atomic-adapter.ts';
import { StoreWriteError } from './errors.ts';
import { readLog, WriteAheadLog } from './wal.ts';
import { putLine, type LogRecord } from './wal-format.ts';

/** A person's latest logged version not yet in their file: its JSON (UTF-8, a view of the log frame), or null once deleted. */
export interface Pending {
  readonly json: Buffer | null;
}

export interface PersonLogOptions {
  readOnly: boolean;
  /** The file a person's document lives in. */
  fileOf: (key: string) => string;
  /** A person's document just became durable in the log (readers of the old file must look again). */
  onCommit: (key: string) => void;
  /** A checkpoint wrote this version to the person's file and it left the log. */
  onClean: (key: string, json: Buffer) => void;
  warn: (message: string) => void;
  /** Start a checkpoint once the current segment holds this many bytes. */
  segmentBytes?: number;
  /** And at the latest this long after the first change since the last checkpoint. */
  checkpointMs?: number;
  /** Saves wait for a checkpoint while this many people are not in their files yet (memory bound). */
  maxPending?: number;
  /** Sync each folder a checkpoint touched when syncing file by file (false only in the bench). */
  syncFolders?: boolean;
}

/**
 * People moved from the log to their files per turn of the event loop, once a checkpoint is
 * durable (each is copied into the store's cache: 6,000 at once held answers 40-70 ms).
 */
const CLEAN_SLICE = 128;

/** A checkpoint starts once the current segment holds this many bytes (by default). */
const SEGMENT_BYTES = 8 << 20;

/**
 * Person documents through a write-ahead log (see wal.ts): a save is durable once its record is
 * in the log (one fdatasync shared by every save of its group), and memory serves it from then
 * on. Checkpoints copy the logged versions into the person files in batches — written without
 * a sync each, then one sync for all — and only then delete the log segments they came from.
 * Start-up after a crash reads the remaining segments back: what a save confirmed is never lost.
 *
 * The log also keeps each person's unsent mark (the id of the replies their document carries
 * that may not have gone out): set in the same frame as the document, so both or neither are on disk.
 */
export class PersonLog {
  readonly #pending = new Map<string, Pending>();
  readonly #marks = new Map<string, string>();
  #log: WriteAheadLog | null = null;
  #checkpoint: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #closing = false;
  readonly #writer: FileWriter;
  #lastFailure = 0;
  readonly #folders = new Set<string>();

  private constructor(
    readonly folder: string,
    private readonly options: PersonLogOptions,
  ) {
    this.#writer = new FileWriter(dirname(folder), { mode: FILE_MODE, syncFolders: options.syncFolders !== false });
  }

  /**
   * Reads the log in `folder` (its records become pending versions and marks). Writable opens
   * start a new segment holding the marks, and checkpoint what an earlier run left at once.
   */
  static async open(folder: string, options: PersonLogOptions, extraMarks: Record<string, string> = {}): Promise<PersonLog> {
    const log = new PersonLog(folder, options);
    const content = await readLog(folder);
    for (const [file, bytes] of content.torn) options.warn(`Dropped ${bytes} byte(s) of an interrupted write at the end of ${file} (never confirmed).`);
    for (const r of content.records) log.#apply(r);
    for (const [key, id] of Object.entries(extraMarks)) if (!log.#marks.has(key)) log.#marks.set(key, id);
    if (options.readOnly) return log;
    log.#writer.prepare();
    await ensurePrivateFolder(folder);
    const last = content.ids.at(-1) ?? 0;
    // A segment holds about segmentBytes when its checkpoint starts, and a little more until the switch.
    const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
    log.#log = await WriteAheadLog.create(folder, last + 1, () => log.#marksLine(), { maxAheadBytes: segmentBytes + (segmentBytes >> 3) });
    if (content.ids.length > 0) log.#startCheckpoint();
    return log;
  }

  #apply(r: LogRecord): void {
    switch (r.t) {
      case 'put':
        this.#pending.set(r.k, { json: Buffer.from(JSON.stringify(r.d), 'utf8') });
        if (r.u !== undefined) this.#marks.set(r.k, r.u);
        return;
      case 'del':
        this.#pending.set(r.k, { json: null });
        this.#marks.delete(r.k);
        return;
      case 'sent':
        if (this.#marks.get(r.k) === r.i) this.#marks.delete(r.k);
        return;
      case 'marks':
        this.#marks.clear();
        for (const [k, id] of Object.entries(r.m)) this.#marks.set(k, id);
    }
  }

  #marksLine(): string {
    return JSON.stringify({ t: 'marks', m: Object.fromEntries(this.#marks) });
  }

  /** The version the log holds for `key` and its file does not yet, if any. */
  get(key: string): Pending | undefined {
    return this.#pending.get(key);
  }

  /** Keys with a version not yet in their files (deleted ones included). */
  pendingKeys(): IterableIterator<string> {
    return this.#pending.keys();
  }

  #writable(): WriteAheadLog {
    if (!this.#log) throw new Error('The store is open read-only.');
    return this.#log;
  }

  /** Logs `text` as `key`'s document (and `unsent` as its mark), resolving once durable. */
  async put(key: string, text: string, unsent?: string): Promise<void> {
    const log = this.#writable();
    // Memory is bounded: past the limit, saves wait for the files to catch up.
    if (this.#pending.size >= (this.options.maxPending ?? 20_000)) await this.#catchUp();
    const { line, docAt } = putLine(key, text, unsent);
    await log.append([line], ([bytes]) => {
      this.#pending.set(key, { json: bytes!.subarray(docAt, bytes!.length - 1) });
      if (unsent !== undefined) this.#marks.set(key, unsent);
      this.options.onCommit(key);
    });
    this.#changed();
  }

  async #catchUp(): Promise<void> {
    try {
      await (this.#checkpoint ?? this.checkpoint());
    } catch (e) {
      throw new StoreWriteError(this.folder, e);
    }
  }

  /**
   * Logs `key`'s deletion, then checkpoints so that no log segment holds their data any more:
   * an erasure leaves no trace on disk once it resolves.
   */
  async delete(key: string): Promise<void> {
    const log = this.#writable();
    await log.append([JSON.stringify({ t: 'del', k: key })], () => {
      this.#pending.set(key, { json: null });
      this.#marks.delete(key);
      this.options.onCommit(key);
    });
    // Durable already; a checkpoint that fails now (warned) removes the older records at its next try.
    await this.checkpoint().catch(() => {});
  }

  /** The replies of turn `id` went out: forget `key`'s mark (durable with the next write; a crash before that sends them again). */
  sent(key: string, id: string): void {
    if (this.#marks.get(key) !== id) return;
    this.#marks.delete(key);
    this.#log?.appendLazy(JSON.stringify({ t: 'sent', k: key, i: id }));
  }

  /** Every unsent mark: person key → id. */
  unsent(): Map<string, string> {
    return new Map(this.#marks);
  }

  #changed(): void {
    if (this.#closing) return;
    const log = this.#log!;
    if (log.size >= (this.options.segmentBytes ?? SEGMENT_BYTES)) return this.#startCheckpoint();
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#startCheckpoint();
    }, this.options.checkpointMs ?? 2000).unref();
  }

  #startCheckpoint(): void {
    if (this.#checkpoint) return;
    this.checkpoint().catch(() => {});
  }

  /**
   * Runs a checkpoint that covers everything logged so far (waiting for one already running,
   * which may have started before the latest records). Rejects when it could not be completed;
   * the log keeps everything then, and the next checkpoint tries again.
   */
  checkpoint(): Promise<void> {
    if (this.#checkpoint) {
      this.#again = true;
      return this.#checkpoint.catch(() => {}).then(() => this.checkpoint());
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#again = false;
    const run = this.#run().finally(() => {
      if (this.#checkpoint === run) this.#checkpoint = null;
    });
    this.#checkpoint = run;
    run.catch((e: unknown) => {
      // Throttled: a disk that stays full must not flood the log with the same warning.
      if (Date.now() - this.#lastFailure < 60_000) return;
      this.#lastFailure = Date.now();
      this.options.warn(`Could not copy the write-ahead log to the person files (${e instanceof Error ? e.message : String(e)}); the log keeps every answer and this is tried again.`);
    });
    return run;
  }

  async #run(): Promise<void> {
    const log = this.#writable();
    let batch = new Map<string, Pending>();
    try {
      // The switch happens between frames: the batch is exactly what the older segments hold.
      const id = await log.rotate(() => {
        batch = new Map(this.#pending);
      });
      await this.#writeFiles(batch);
      await log.removeBefore(id);
    } catch (e) {
      this.#schedule();
      throw e;
    }
    let done = 0;
    for (const [key, entry] of batch) {
      // Thousands of people at a time: the answers waiting meanwhile get their turn between slices.
      if (++done % CLEAN_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      // A newer version was logged meanwhile: it stays, for the next checkpoint.
      if (this.#pending.get(key) !== entry) continue;
      this.#pending.delete(key);
      if (entry.json !== null) this.options.onClean(key, entry.json);
    }
    this.#schedule();
  }

  /** After a failed checkpoint, or when changes came during one, the next one is due. */
  #schedule(): void {
    if (this.#closing || (this.#pending.size === 0 && !this.#again)) return;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#startCheckpoint();
    }, this.options.checkpointMs ?? 2000).unref();
  }

  /** Writes each version into its person's file (no sync each), then makes them all durable. */
  async #writeFiles(batch: Map<string, Pending>): Promise<void> {
    if (batch.size === 0) return;
    const items: [string, Buffer | null][] = [];
    for (const [key, entry] of batch) {
      if (items.length % 1_000 === 999) await new Promise<void>((resolve) => setImmediate(resolve));
      const file = this.options.fileOf(key);
      items.push([file, entry.json]);
      const folder = dirname(file);
      if (entry.json === null || this.#folders.has(folder)) continue;
      await ensurePrivateFolder(folder);
      this.#folders.add(folder);
    }
    try {
      await this.#writer.write(items);
    } catch (e) {
      throw new StoreWriteError(e instanceof FileWriteError ? e.file : this.folder, e);
    }
  }

  /** Finishes every write, copies the log into the files, and leaves only the marks (if any) in the log. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const log = this.#log;
    if (!log) return;
    await this.#checkpoint?.catch(() => {});
    try {
      await this.checkpoint();
      if (this.#marks.size === 0) {
        await log.close();
        await log.removeBefore(log.id + 1);
        await this.#writer.close();
        return;
      }
    } catch {
      // Warned already; the log keeps everything for the next start.
    }
    await log.close();
    await this.#writer.close();
  }
}

/** The folder of the log, inside a data folder. */
export const logFolder = (dir: string) => join(dir, 'wal');
