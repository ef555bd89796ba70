import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { removeDir, tempDir } from './harness.ts';

export interface TogetherStart {
  child: ChildProcess;
  /** The exit code and everything the process wrote on stderr, once it has ended. */
  ended: Promise<{ code: number | null; stderr: string }>;
}

/**
 * A starter of `together start` processes for one test file, each on its own data folder and with
 * only the platform settings the test passes (none inherited from the shell running the tests);
 * every process is killed and its folder removed after its test.
 */
export function togetherStarts(prefix: string): (env: Record<string, string>) => TogetherStart {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    while (dirs.length) removeDir(dirs.pop()!);
  });
  return (env) => {
    const dir = tempDir(prefix);
    dirs.push(dir);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGRAM_|SLACK_|DISCORD_)/.test(k)));
    const child = spawn(process.execPath, ['bin/together.mjs', 'start'], { env: { ...clean, TOGETHER_DATA: dir, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    return { child, ended: new Promise((r) => child.once('close', (code) => r({ code, stderr }))) };
  };
}
