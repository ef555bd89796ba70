import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from './helpers/harness.ts';
import { SIGNAL_READY_ARGS, sigtermReady } from './helpers/signals.ts';
import { togetherProcess } from './helpers/together-cli.ts';
import { togetherHere } from './helpers/together-in-process.ts';

const dir = tempDir('together-console-');
afterAll(() => removeDir(dir));

const ENV = { TOGETHER_DATA: dir, LANG: 'C', LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '', DISCORD_BOT_TOKEN: '' };

/** The real binary: for what is about the process (stdin and stdout of a pipe, exit codes). */
const together = (args: string[], input = '', env: Record<string, string> = {}) => togetherProcess(args, { input, env: { ...process.env, ...ENV, ...env } });

/** The same command in this process (milliseconds instead of a start of its own). */
const here = (args: string[], input = '') => togetherHere(args, { input, env: ENV });

function filesText(d: string): string {
  return readdirSync(d)
    .map((n) => {
      const st = statSync(join(d, n));
      return st.isDirectory() ? filesText(join(d, n)) : st.isFile() ? readFileSync(join(d, n), 'utf8') : '';
    })
    .join('\n');
}

describe('console channel and CLI', () => {
  it('scripted conversation: onboarding, /mydata, then /forget erases everything', async () => {
    const r = await together(['start'], '/start\n/language en\n/agree\n/mydata\n', { USER: 'scripted-user' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hello! I am the TOGETHER bot');
    expect(r.stdout).toContain('consent is recorded');
    expect(r.stdout).toContain('"userId": "scripted-user"');
    expect(filesText(dir)).toContain('scripted-user');
    const f = await here(['chat', '--user', 'scripted-user'], '/forget\n1\n');
    expect(f.code).toBe(0);
    expect(f.stdout).toContain('has been erased');
    expect(filesText(dir)).not.toContain('scripted-user');
  });

  it('numbered options and typed labels pick buttons; several users share one data folder', async () => {
    const a = await here(['chat', '--user', 'amira'], '/start\n2\nJ\'accepte\n');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/Français/);
    const b = await here(['chat', '--user', 'bruno'], '/start\nEnglish\nI agree\n');
    expect(b.stdout).toContain('consent is recorded');
    const s = await here(['stats', '--json']);
    expect(s.code).toBe(0);
    const stats = JSON.parse(s.stdout);
    expect(stats.users).toBeGreaterThanOrEqual(2);
    expect(stats.consented).toBeGreaterThanOrEqual(1);
  });

  it('errors go to stderr with a non-zero exit code', async () => {
    const e = await together(['export', 'nothing-such', '--format', 'csv']);
    expect(e.code).not.toBe(0);
    expect(e.stderr).toContain('nothing-such');
    expect(e.stdout).toBe('');
    const bad = await here(['export', 'spiral', '--format', 'xml']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/xml/);
  });

  it('every command has --help', async () => {
    // The real process exits 0 after the help; the others print theirs in this process.
    const start = await together(['start', '--help']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Usage: together start');
    for (const cmd of ['chat', 'export', 'stats']) {
      const h = await here([cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`Usage: together ${cmd}`);
    }
  });

  it('a second writer is refused while the bot runs; read-only commands still work', async () => {
    const running = spawn(process.execPath, ['bin/together.mjs', 'chat', '--user', 'holder'], {
      env: { ...process.env, TOGETHER_DATA: dir, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.stdin.write('/help\n');
    await new Promise<void>((resolve) => running.stdout.once('data', () => resolve()));
    // The test's own process is the second one here.
    const second = await here(['chat', '--user', 'intruder'], '/start\n');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by another together-bot process/);
    expect((await here(['stats'])).code).toBe(0);
    running.stdin.end();
    const code = await new Promise((r) => running.once('exit', r));
    expect(code).toBe(0);
  });

  it('SIGTERM on the console stops cleanly: exit 0, the lock released', async () => {
    const d = tempDir();
    try {
      const p = spawn(process.execPath, [...SIGNAL_READY_ARGS, 'bin/together.mjs', 'chat', '--user', 'sig'], { env: { ...process.env, TOGETHER_DATA: d, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
      const ready = sigtermReady(p);
      p.stdin.write('/help\n');
      await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
      // The console answers while the bot is still starting up; the signal is for a running bot.
      await ready;
      p.kill('SIGTERM');
      expect(await new Promise((r) => p.once('exit', r))).toBe(0);
      expect(existsSync(join(d, 'together.lock'))).toBe(false);
    } finally {
      removeDir(d);
    }
  });

  it('messages for other console users are labelled, and their buttons are not taken as ours', async () => {
    const { ConsoleChannel } = await import('../adapters/console/console-channel.ts');
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const ch = new ConsoleChannel({ user: 'me', input: new PassThrough(), output: out, interactive: false, fileDir: tempDir() });
    await ch.deliver('ana', { kind: 'text', text: 'Caravan news', buttons: [[{ label: 'Going', token: 'g|a|1|abcd' }]] });
    expect(printed).toContain('[→ ana]');
    expect(ch.toEvent('1')).toMatchObject({ kind: 'text', text: '1' });
    await ch.deliver('me', { kind: 'text', text: 'Pick', buttons: [[{ label: 'Yes', token: 'y|a|1|abcd' }]] });
    expect(ch.toEvent('1')).toMatchObject({ kind: 'choice', token: 'y|a|1|abcd' });
  });

  it('a corrupt data file stops start-up with the file named', async () => {
    const d = tempDir();
    try {
      mkdirSync(join(d, 'shared'), { recursive: true });
      writeFileSync(join(d, 'shared', 'schedules.json'), '{"jobs": [');
      const r = await togetherProcess(['chat'], { input: '/start\n', env: { ...process.env, TOGETHER_DATA: d } });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('schedules.json is damaged');
    } finally {
      removeDir(d);
    }
  });
});
