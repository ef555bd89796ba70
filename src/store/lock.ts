import { createServer, connect, type Server } from 'node:net';
import { readFileSync, realpathSync, unlinkSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { StoreLockedError } from './errors.ts';
import { FILE_MODE } from './atomic-file.ts';

/**
 * The single-writer lock of a data folder is a listening socket in Linux's abstract namespace,
 * named after the folder's real path. Binding it is atomic (EADDRINUSE: someone holds it) and
 * the kernel releases it the moment the process dies, kill -9 included: no stale lock, and no
 * pid that a container reuses after a restart. Limits: it is Linux-only (elsewhere a socket file
 * in the folder stands in, and a dead holder's file is detected by connecting to it), and two
 * processes in different network namespaces (containers without a shared network) sharing one
 * volume do not see each other's lock.
 */
const INFO = 'together.lock';
/** Locks this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

function lockName(dir: string): string {
  return `together-lock-${createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 40)}`;
}

function lockAddress(dir: string): string {
  return process.platform === 'linux' ? `\0${lockName(dir)}` : join(dir, '.together-lock.sock');
}

/** The pid the holder wrote beside the lock, for messages only: the socket is the lock. */
function infoPid(dir: string): number {
  try {
    const pid = Number(readFileSync(join(dir, INFO), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : -1;
  } catch {
    return -1;
  }
}

function bind(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Whoever connects learns the holder's pid (what StoreLockedError names).
    const server = createServer((socket) => socket.end(`${process.pid}\n`));
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      server.on('error', () => {});
      // The lock must never keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** Asks a lock's holder for its pid; -1 when it does not answer (it died, or is frozen). */
function askHolder(address: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(address);
    let text = '';
    const done = (pid: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(-1), 2_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      const pid = Number(text.trim());
      done(Number.isInteger(pid) && pid > 0 ? pid : -1);
    });
    socket.on('error', () => done(-1));
  });
}

/** Outside Linux: a socket file nobody answers on was left by a dead process, and can go. */
async function removeStaleSocketFile(address: string): Promise<boolean> {
  if (process.platform === 'linux' || !existsSync(address)) return false;
  if ((await askHolder(address)) > 0) return false;
  unlinkSync(address);
  return true;
}

/**
 * Takes the single-writer lock of a data folder (which must exist). Resolves with its release;
 * rejects with StoreLockedError when another process, or this one, already holds it.
 */
export async function acquireLock(dir: string): Promise<() => void> {
  const address = lockAddress(dir);
  if (held.has(address)) throw new StoreLockedError(dir, process.pid);
  // Reserved before the first await: of two opens in this process, exactly one goes on.
  held.add(address);
  let server: Server;
  try {
    server = await bind(address).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' && (await removeStaleSocketFile(address))) return bind(address);
      throw e;
    });
  } catch (e) {
    held.delete(address);
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    const pid = await askHolder(address);
    throw new StoreLockedError(dir, pid > 0 ? pid : infoPid(dir));
  }
  const info = join(dir, INFO);
  try {
    writeFileSync(info, `${process.pid}\n`, { mode: FILE_MODE });
    chmodSync(info, FILE_MODE);
  } catch {
    /* only informative */
  }
  return () => {
    held.delete(address);
    server.close();
    try {
      if (infoPid(dir) === process.pid) unlinkSync(info);
    } catch {
      /* already gone */
    }
  };
}

/**
 * The pid of ANOTHER process holding the data folder's lock (-1 if it cannot be learnt), or
 * null when none does. Synchronous: on Linux it reads the kernel's table of bound sockets.
 */
export function lockHolder(dir: string): number | null {
  let address: string;
  try {
    address = lockAddress(dir);
  } catch {
    return null; // no such folder: nobody holds it
  }
  if (held.has(address)) return null;
  if (process.platform === 'linux') {
    let table: string;
    try {
      table = readFileSync('/proc/net/unix', 'utf8');
    } catch {
      return null;
    }
    // Node binds the whole sun_path, so the name shows padded with NULs (printed as '@').
    const entry = new RegExp(` @${lockName(dir)}@*$`);
    return table.split('\n').some((line) => entry.test(line)) ? infoPid(dir) : null;
  }
  return existsSync(address) ? infoPid(dir) : null;
}
