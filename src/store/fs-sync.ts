import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A long-lived shell that runs coreutils' `sync -f` (syncfs(2): every dirty page of one file
 * system, one call for thousands of files) each time it reads a line, and answers `ok` or `fail
 * <message>` on a line of its own. Node has no syncfs binding, and forking `sync` from the bot
 * itself copies the page tables of its whole heap on every checkpoint: 10-30 ms during which the
 * event loop stalls too (and longer on a busy machine). The shell is forked once, while the
 * store opens and the heap is small; it forks `sync` from its own tiny process after that.
 * `$1` is the data folder, `$2` its users folder (synced too, in case it is another mount).
 */
const SCRIPT = [
  // The program comes first (the tests name a fake one), then the folders.
  'SYNC=$1; shift',
  'while read -r _; do',
  '  if [ -d "$2" ]; then out=$("$SYNC" -f -- "$1" "$2" 2>&1); else out=$("$SYNC" -f -- "$1" 2>&1); fi',
  '  if [ $? -eq 0 ]; then echo ok; else printf "fail %s\\n" "$(printf %s "$out" | tr "\\n" " ")"; fi',
  'done',
].join('\n');

/** What a `sync` without `-f` (or none at all) says: the caller then syncs file by file, for good. */
const UNSUPPORTED = /invalid option|unrecognized option|unknown option|usage|not found/i;

/** A helper lost this many times in a row (without one answer between) is not started again. */
const MAX_LOSSES = 3;

interface Waiting {
  resolve: (synced: boolean) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

export interface FileSystemSyncOptions {
  /** The data folder and its users folder: the file system(s) synced. */
  folders: [string, string];
  /** The `sync` program (tests give a stand-in). */
  program?: string;
  /** A sync that has not answered by then fails (its checkpoint is tried again later). */
  timeoutMs?: number;
}

/**
 * syncfs(2) of the data folder's file system through the helper shell. `sync()` resolves true
 * once synced, false when this way is not available (no `sync -f` here, or the helper was lost
 * before it answered): the caller then syncs each file itself. It rejects when syncfs reported
 * an error (Linux reports write-back errors through it since 5.8).
 */
export class FileSystemSync {
  #child: ChildProcess | null = null;
  readonly #waiting: Waiting[] = [];
  #unsupported = process.platform !== 'linux';
  #losses = 0;
  #closed = false;

  constructor(private readonly options: FileSystemSyncOptions) {}

  /** Starts the helper now (cheap while the heap is small); `sync()` would start it otherwise. */
  start(): void {
    if (this.#unsupported || this.#closed || this.#child) return;
    let child: ChildProcess;
    try {
      // Its own process group: a Ctrl-C in the terminal must not take it away during the final checkpoint.
      child = spawn('sh', ['-c', SCRIPT, 'together-sync', this.options.program ?? 'sync', ...this.options.folders], {
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
      });
    } catch {
      this.#unsupported = true;
      return;
    }
    this.#child = child;
    child.unref();
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        this.#answer(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    // A helper that is gone shows through 'exit' (or 'error'): what waits falls back.
    child.stdin!.on('error', () => {});
    const lost = (spawnFailed: boolean) => {
      if (this.#child !== child) return;
      this.#child = null;
      if (spawnFailed || ++this.#losses >= MAX_LOSSES) this.#unsupported = true;
      for (const w of this.#waiting.splice(0)) {
        clearTimeout(w.timer);
        w.resolve(false);
      }
    };
    child.on('error', () => lost(true));
    child.on('exit', () => lost(false));
    this.#idle();
  }

  /** Syncs the file system(s) of the folders: true once done, false when this way is not available. */
  sync(): Promise<boolean> {
    if (!this.#child) this.start();
    const child = this.#child;
    if (!child) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs ?? 120_000;
      const timer = setTimeout(() => {
        const at = this.#waiting.findIndex((w) => w.timer === timer);
        if (at === -1) return;
        this.#waiting.splice(at, 1);
        reject(new Error(`sync -f did not answer within ${timeoutMs / 1000} s`));
        // Its answers would now go to the wrong requests: a new helper serves the next ones.
        this.#stop(child, 'SIGKILL');
      }, timeoutMs);
      timer.unref();
      this.#waiting.push({ resolve, reject, timer });
      (child.stdout as unknown as { ref(): void }).ref();
      child.stdin!.write('\n');
    });
  }

  #answer(line: string): void {
    const w = this.#waiting.shift();
    this.#idle();
    if (!w) return;
    clearTimeout(w.timer);
    if (line === 'ok') {
      this.#losses = 0;
      return w.resolve(true);
    }
    const message = line.replace(/^fail ?/, '').trim();
    if (UNSUPPORTED.test(message)) {
      this.#unsupported = true;
      if (this.#child) this.#stop(this.#child);
      return w.resolve(false);
    }
    w.reject(new Error(`sync -f failed: ${message || 'no message'}`));
  }

  /** Nothing waits: the helper must not keep the process alive. */
  #idle(): void {
    if (this.#waiting.length === 0) (this.#child?.stdout as unknown as { unref(): void } | undefined)?.unref();
  }

  #stop(child: ChildProcess, signal?: NodeJS.Signals): void {
    if (this.#child === child) this.#child = null;
    for (const w of this.#waiting.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    child.stdin!.end();
    if (signal) child.kill(signal);
  }

  /** Ends the helper (it exits once it has read the end of its input); later syncs fall back. */
  close(): void {
    this.#closed = true;
    if (this.#child) this.#stop(this.#child);
  }
}
