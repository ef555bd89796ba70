import { Worker } from 'node:worker_threads';

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
 * The batch is made durable with one syncfs(2), through coreutils' `sync -f` (Node has no
 * binding for it; Linux reports write-back errors through it since 5.8): one call for thousands
 * of files instead of one fsync each. Where there is no such command, each file and folder is
 * synced instead.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
let syncfs = process.platform === 'linux';

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

/** true once synced; false where sync -f does not exist (never asked again). */
function syncFileSystem(dir) {
  if (!syncfs) return false;
  try {
    execFileSync('sync', ['-f', dir, path.join(dir, 'users')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
    return true;
  } catch (e) {
    const stderr = String(e.stderr || '');
    if (e.code === 'ENOENT' || /invalid option|unrecognized option|unknown option|usage/i.test(stderr)) {
      syncfs = false;
      return false;
    }
    throw new Error('sync -f failed: ' + (stderr.trim() || e.message));
  }
}

parentPort.on('message', (job) => {
  let file = job.dir;
  try {
    const written = [];
    const folders = new Set();
    for (const [f, bytes] of job.items) {
      file = f;
      if (bytes === null) {
        try { fs.unlinkSync(f); } catch (e) { if (e.code !== 'ENOENT') throw e; continue; }
      } else {
        write(f, bytes, job.mode);
        written.push(f);
      }
      folders.add(path.dirname(f));
    }
    file = job.dir;
    if (!syncFileSystem(job.dir)) {
      for (const f of written) { file = f; syncPath(f, false); }
      if (job.syncFolders) for (const f of folders) { file = f; syncPath(f, true); }
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

/** One background thread writing and syncing person files, one batch at a time. */
export class FileWriter {
  #worker: Worker | null = null;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();

  constructor(
    /** The data folder: its file system is the one synced. */
    private readonly dir: string,
    private readonly options: { mode: number; syncFolders: boolean },
  ) {}

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

  /**
   * Overwrites each file with its bytes, or removes it for null, then makes all of it durable
   * (the new files' and removed files' folder entries too).
   */
  async write(items: [string, Uint8Array | null][]): Promise<void> {
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#thread().postMessage({ id, items, dir: this.dir, mode: this.options.mode, syncFolders: this.options.syncFolders });
    });
    if (!reply.ok) throw new FileWriteError(reply.file ?? this.dir, reply.message ?? 'write failed', reply.code);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}
