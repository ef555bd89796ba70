import type { ChildProcess } from 'node:child_process';

/** Node options that preload signal-ready.mjs: the child reports when it listens for SIGTERM. */
export const SIGNAL_READY_ARGS = ['--import', new URL('./signal-ready.mjs', import.meta.url).href];

/**
 * Resolves once the child (started with SIGNAL_READY_ARGS and a piped stderr) listens for
 * SIGTERM. Its other stderr output is passed on, so errors still show in the test output.
 */
export function sigtermReady(child: ChildProcess): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'SIGTERM_READY') resolve();
        else process.stderr.write(`${line}\n`);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the process exited (${code ?? signal}) before it listened for SIGTERM`)));
  });
  // A test that fails before it waits for this must not also report an unhandled rejection.
  ready.catch(() => {});
  return ready;
}
