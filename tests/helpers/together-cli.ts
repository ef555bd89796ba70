import { spawn } from 'node:child_process';

/**
 * Runs `together …` on a data folder in a child process, asynchronously, so a bot running in the
 * test's own process can answer its control socket meanwhile. No Telegram token from the shell.
 */
export function together(dir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TOGETHER_DATA: dir, LOG_LEVEL: 'silent' };
    delete env.TELEGRAM_BOT_TOKEN;
    const proc = spawn(process.execPath, ['bin/together.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
