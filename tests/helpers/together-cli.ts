import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin/together.mjs');

/**
 * Runs the real `together` binary in a child process, asynchronously (a bot or fake server in
 * the test's own process answers meanwhile). `env` is its whole environment; `input` its stdin
 * (closed at once when none). Each run costs seconds of CPU: keep these for what only a real
 * process shows, and use togetherHere (together-in-process.ts) for the rest.
 */
export function togetherProcess(args: string[], options: { env: NodeJS.ProcessEnv; input?: string; cwd?: string }): Promise<ProcessRun> {
  return new Promise((done, reject) => {
    const proc = spawn(process.execPath, [BIN, ...args], { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The command may end before it has read its input.
    proc.stdin.on('error', () => {});
    proc.stdin.end(options.input ?? '');
    proc.once('error', reject);
    proc.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * Runs `together …` on a data folder in a child process, asynchronously, so a bot running in the
 * test's own process can answer its control socket meanwhile. No Telegram token from the shell.
 */
export function together(dir: string, ...args: string[]): Promise<ProcessRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, TOGETHER_DATA: dir, LOG_LEVEL: 'silent' };
  delete env.TELEGRAM_BOT_TOKEN;
  return togetherProcess(args, { env });
}
