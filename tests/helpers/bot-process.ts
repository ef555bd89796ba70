import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts a bot child script (run by tsx, its stderr on the test's) and resolves once it prints
 * READY; every other line it prints goes to `onLine`. Rejects if it exits before it is ready.
 */
export async function startBotProcess(script: string, args: string[], onLine: (line: string) => void = () => {}): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (l) => (l === 'READY' ? resolve() : onLine(l)));
    proc.once('exit', (code) => reject(new Error(`the bot exited with ${code} before it was ready`)));
  });
  return proc;
}

/**
 * kill -9, then wait until the process is gone and every line it printed has been read: 'close',
 * not 'exit', which can come before the last lines in the pipe (nothing to do if it has ended).
 */
export async function killHard(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('close', r));
}
