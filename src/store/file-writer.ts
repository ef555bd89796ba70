import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileSystemSync } from './fs-sync.ts';

/**
 * The checkpoint's file work runs on a thread of its own with synchronous calls: thousands of
 * small writes would otherwise queue in libuv's four-thread pool ahead of (and behind) the
 * reads that answering people wait for. Plain JavaScript, evaluated: the thread needs no loader.
 *
 * Files are overwritten in place, not replaced through a temporary file and a rename: replacing
 * frees the old file's blocks (and discards them on SSDs mounted so), some 40 times slower per
 * file. In place is safe here because the log still holds every version being written until the
 * batch is synced: a crash mid-write is repaired from it at the next start. Readers in this
 * process are served these people from memory meanwhile; a read-only process next to the bot
 * may meet a half-written file and reads it again (see LowdbStore).
 *
 * The batch is then made durable with one syncfs(2) through a helper process (fs-sync.ts): one
 * call for thousands of files instead of one fsync each. Where that is not available, the thread
 * syncs each file and folder instead.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');

// This thread gives way to the event loop's (Linux: a thread's own nice value): a checkpoint may
// take longer, the people answering meanwhile must not wait behind it.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
} catch {}

function write(file, bytes, mode) {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT, mode);
  try {
    // New files may have a mode the umask narrowed, older ones a wider mode: both become private.
    if ((fs.fstatSync(fd).mode & 0o777) !== mode) fs.fchmodSync(fd, mode);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
    fs.ftruncateSync(fd, bytes.length);
  } finally {
    fs.closeSync(fd);
  }
}

function syncPath(p, folder) {
  const fd = fs.openSync(p, 'r');
  try {
    if (folder) fs.fsyncSync(fd); else fs.fdatasyncSync(fd);
  } catch (e) {
    // Some file systems cannot sync a folder: nothing more can be done there.
    if (!folder || (e.code !== 'EINVAL' && e.code !== 'ENOTSUP')) throw e;
  } finally {
    fs.closeSync(fd);
  }
}

parentPort.on('message', (job) => {
  let file = job.dir;
  try {
    if (job.paths !== undefined) {
      const paths = job.paths.split('\0');
      const data = Buffer.from(job.data);
      for (let i = 0; i < job.count; i++) {
        file = paths[i];
        const start = job.spans[2 * i];
        if (start < 0) {
          try { fs.unlinkSync(file); } catch (e) { if (e.code !== 'ENOENT') throw e; }
        } else {
          write(file, data.subarray(start, job.spans[2 * i + 1]), job.mode);
        }
      }
    } else {
      for (const f of job.files) { file = f; syncPath(f, false); }
      for (const f of job.folders) { file = f; syncPath(f, true); }
    }
    parentPort.postMessage({ id: job.id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id: job.id, ok: false, file, message: e.message, code: e.code });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  file?: string;
  message?: string;
  code?: string;
}

/** A part of a batch as the thread gets it: its paths in one string, its documents in one buffer. */
interface Packed {
  /** The files, joined by NUL (which no path holds). */
  paths: string;
  count: number;
  data: ArrayBuffer;
  /** Start and end of each file's bytes in `data`; -1 for a file to remove. */
  spans: Float64Array;
}

/** Documents per packed part of a batch, and bytes at most (one more document may pass the bytes). */
const PART_ITEMS = 1_000;
const PART_BYTES = 1 << 20;

/**
 * Packs `items` from `from` on, up to a part's size, into one buffer that is moved to the thread,
 * not copied; returns the part and where the next one starts. Posted as thousands of [path,
 * bytes] pairs, a batch was cloned pair by pair on the event loop (40-190 ms per checkpoint of
 * 3,000-6,000 people here); one buffer for a whole batch still held it 20-300 ms on this loaded
 * machine (the first touch of every page of 5-10 MB), so parts of about 1 MB go one turn apart.
 */
function pack(items: [string, Uint8Array | null][], from: number): { part: Packed; next: number } {
  let end = from;
  let total = 0;
  while (end < items.length && end - from < PART_ITEMS && total < PART_BYTES) total += items[end++]![1]?.length ?? 0;
  const data = Buffer.allocUnsafeSlow(total);
  const spans = new Float64Array((end - from) * 2);
  let at = 0;
  for (let i = from; i < end; i++) {
    const bytes = items[i]![1];
    const j = 2 * (i - from);
    if (bytes === null) {
      spans[j] = spans[j + 1] = -1;
      continue;
    }
    data.set(bytes, at);
    spans[j] = at;
    at += bytes.length;
    spans[j + 1] = at;
  }
  const paths = items.slice(from, end).map(([file]) => file).join('\0');
  return { part: { paths, count: end - from, data: data.buffer as ArrayBuffer, spans }, next: end };
}

/** A failure on the writer's thread, naming the file it was at. */
export class FileWriteError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** One background thread writing person files, one batch at a time, and one syncfs per batch. */
export class FileWriter {
  #worker: Worker | null = null;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  readonly #fsSync: FileSystemSync;

  constructor(
    /** The data folder: its file system is the one synced. */
    private readonly dir: string,
    private readonly options: { mode: number; syncFolders: boolean; syncProgram?: string },
  ) {
    this.#fsSync = new FileSystemSync({ folders: [dir, join(dir, 'users')], program: options.syncProgram });
  }

  /** Starts the sync helper now, while the process is small (forking it later stalls the event loop). */
  prepare(): void {
    this.#fsSync.start();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (r: Reply) => {
      this.#waiting.get(r.id)?.resolve(r);
      this.#waiting.delete(r.id);
    });
    const fail = (e: unknown) => {
      for (const w of this.#waiting.values()) w.reject(e);
      this.#waiting.clear();
      if (this.#worker === worker) this.#worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the file writer thread stopped (${code})`)));
    this.#worker = worker;
    return worker;
  }

  async #ask(job: Packed | { files: string[]; folders: string[] }, transfer: ArrayBuffer[] = []): Promise<void> {
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#thread().postMessage({ ...job, id, dir: this.dir, mode: this.options.mode }, transfer);
    });
    if (!reply.ok) throw new FileWriteError(reply.file ?? this.dir, reply.message ?? 'write failed', reply.code);
  }

  /**
   * Overwrites each file with its bytes, or removes it for null, then makes all of it durable
   * (the new files' and removed files' folder entries too).
   */
  async write(items: [string, Uint8Array | null][]): Promise<void> {
    const parts: Promise<void>[] = [];
    for (let from = 0; from < items.length; ) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const { part, next } = pack(items, from);
      parts.push(this.#ask(part, [part.data, part.spans.buffer as ArrayBuffer]));
      from = next;
    }
    await Promise.all(parts);
    try {
      if (await this.#fsSync.sync()) return;
    } catch (e) {
      throw new FileWriteError(this.dir, e instanceof Error ? e.message : String(e));
    }
    const files = items.flatMap(([file, bytes]) => (bytes === null ? [] : [file]));
    const folders = this.options.syncFolders ? [...new Set(items.map(([file]) => dirname(file)))] : [];
    await this.#ask({ files, folders });
  }

  async close(): Promise<void> {
    this.#fsSync.close();
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}
