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
    if (job.items) {
      for (const [f, bytes] of job.items) {
        file = f;
        if (bytes === null) {
          try { fs.unlinkSync(f); } catch (e) { if (e.code !== 'ENOENT') throw e; }
        } else {
          write(f, bytes, job.mode);
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

  async #ask(job: { items: [string, Uint8Array | null][] } | { files: string[]; folders: string[] }): Promise<void> {
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#thread().postMessage({ ...job, id, dir: this.dir, mode: this.options.mode });
    });
    if (!reply.ok) throw new FileWriteError(reply.file ?? this.dir, reply.message ?? 'write failed', reply.code);
  }

  /**
   * Overwrites each file with its bytes, or removes it for null, then makes all of it durable
   * (the new files' and removed files' folder entries too).
   */
  async write(items: [string, Uint8Array | null][]): Promise<void> {
    await this.#ask({ items });
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
