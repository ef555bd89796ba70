import { close, open, read } from 'node:fs';

/**
 * Most person files fit in one read, with no fstat to learn the size first. Just under 4 KiB so
 * the buffer comes from Node's pool instead of a new allocation of its own each time.
 */
const FIRST_READ = 4095;

const opened = (file: string) => new Promise<number>((resolve, reject) => open(file, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
const readAt = (fd: number, buf: Buffer, at: number) => new Promise<number>((resolve, reject) => read(fd, buf, at, buf.length - at, at, (e, n) => (e ? reject(e) : resolve(n))));

/**
 * A whole small file's bytes, or null when it does not exist. Callbacks on a plain descriptor,
 * not fs/promises: a FileHandle and readFile's fstat cost the main thread about twice as much
 * per read, and the engine reads one person's file per answer.
 */
export async function readSmallFile(file: string): Promise<Buffer | null> {
  let fd: number;
  try {
    fd = await opened(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    let buf = Buffer.allocUnsafe(FIRST_READ);
    let size = 0;
    for (;;) {
      const n = await readAt(fd, buf, size);
      size += n;
      if (n === 0 || size < buf.length) break;
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, size);
      buf = bigger;
    }
    // An exact copy: the cache must not keep the larger read buffer alive.
    return Buffer.from(buf.subarray(0, size));
  } finally {
    close(fd, () => {});
  }
}
