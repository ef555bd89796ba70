import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { envFileCandidates, EnvFileError, loadEnvFile } from '../src/cli/env-file.ts';
import { inspectDataFolder } from '../src/cli/data-folder.ts';
import { findProject } from '../src/cli/project.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { togetherHere } from './helpers/together-in-process.ts';

const BIN = resolve('bin/together.mjs');
const dirs: string[] = [];
const servers: Server[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  while (dirs.length) removeDir(dirs.pop()!);
});

function dir(): string {
  const d = tempDir('together-cli-');
  dirs.push(d);
  return d;
}

/** The environment of a person with nothing configured (no token, no data folder, no level). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LANG: 'C' };
  for (const [k, v] of Object.entries(process.env)) if (!/^(TELEGRAM_|SLACK_|DISCORD_|TOGETHER_|LOG_LEVEL$|PORT$)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function together(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((r) => child.once('close', (code) => r({ code, stdout, stderr })));
}

/**
 * The same command in this process, with the same clean environment (milliseconds instead of a
 * process start of seconds): for what the command says, where the process itself adds nothing.
 */
function here(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const overlay: Record<string, string | undefined> = { LANG: 'C' };
  for (const k of Object.keys(process.env)) if (/^(TELEGRAM_|SLACK_|DISCORD_|TOGETHER_|LOG_LEVEL$|PORT$)/.test(k)) overlay[k] = undefined;
  return togetherHere(args, { env: { ...overlay, ...env } });
}

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('item 8: .env is read only from the data folder or the project folder', () => {
  it('looks in the data folder first, then the project folder, never the current directory', () => {
    const project = dir();
    const data = dir();
    expect(envFileCandidates(project, { TOGETHER_DATA: data })).toEqual([join(data, '.env'), join(project, '.env')]);
    expect(envFileCandidates(project, {})).toEqual([join(project, 'data', '.env'), join(project, '.env')]);
    expect(envFileCandidates(project, {})).not.toContain(join(process.cwd(), '.env'));
  });

  it('reads the first file found, only that one, and the environment wins over it', () => {
    const project = dir();
    const data = dir();
    writeFileSync(join(project, '.env'), 'FROM_PROJECT=1\nSHARED=project\n');
    const env: NodeJS.ProcessEnv = { TOGETHER_DATA: data, KEPT: 'env' };
    expect(loadEnvFile(project, env)).toBe(join(project, '.env'));
    expect(env).toMatchObject({ FROM_PROJECT: '1', SHARED: 'project' });

    writeFileSync(join(data, '.env'), 'FROM_DATA=1\nSHARED=data\nKEPT=file\n');
    const env2: NodeJS.ProcessEnv = { TOGETHER_DATA: data, KEPT: 'env' };
    expect(loadEnvFile(project, env2)).toBe(join(data, '.env'));
    expect(env2).toMatchObject({ FROM_DATA: '1', SHARED: 'data', KEPT: 'env' });
    expect(env2.FROM_PROJECT).toBeUndefined();
    expect(loadEnvFile(dir(), { TOGETHER_DATA: dir() })).toBeNull();
  });

  it('refuses a .env every local user can write', () => {
    const project = dir();
    writeFileSync(join(project, '.env'), 'TELEGRAM_API_ROOT=http://127.0.0.1:1\n');
    chmodSync(join(project, '.env'), 0o666);
    expect(() => loadEnvFile(project, {})).toThrow(EnvFileError);
    expect(() => loadEnvFile(project, {})).toThrow(/chmod o-w/);
  });

  it('finds the project from its own code, whatever the current directory', () => {
    const p = findProject();
    expect(p.dir).toBe(resolve('.'));
    expect(p.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('a hostile .env in the current directory is ignored: the token never reaches its API root', async () => {
    const hits: string[] = [];
    const hostile = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"x","username":"x_bot"}}');
    });
    servers.push(hostile);
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
    const cwd = dir();
    writeFileSync(join(cwd, '.env'), `TELEGRAM_BOT_TOKEN=123:secret\nTELEGRAM_API_ROOT=http://127.0.0.1:${(hostile.address() as AddressInfo).port}\n`);
    const data = dir();
    // The data folder's own .env is the one read (so a .env in the project folder cannot interfere).
    writeFileSync(join(data, '.env'), 'LOG_LEVEL=warn\n');
    const r = await together(['start'], { cwd, env: { TOGETHER_DATA: data } });
    expect(r.stderr).toContain(`read settings from ${join(data, '.env')}`);
    expect(r.stderr).not.toContain(join(cwd, '.env'));
    expect(r.code).toBe(0); // the console ran (no token), read the empty input and ended
    expect(hits).toEqual([]);
  }, 60_000);
});

describe('item 20: wrong settings are one clear line and a non-zero exit', () => {
  it('refuses an unknown LOG_LEVEL, TOGETHER_LANG, a data folder that is a file or under a file', async () => {
    const base = dir();
    const file = join(base, 'a-file');
    writeFileSync(file, 'not a folder');
    // Two in real processes (a command that reads and one that starts a bot, side by side), the
    // others in this process: the line and the exit code come from the same runCli.
    const cases: Array<[string[], Record<string, string>, RegExp, 'process' | 'here']> = [
      [['stats'], { TOGETHER_DATA: base, LOG_LEVEL: 'loud' }, /^together: LOG_LEVEL=loud is not a log level: use one of .*silent\.$/, 'process'],
      [['chat'], { TOGETHER_DATA: base, TOGETHER_LANG: 'de' }, /^together: TOGETHER_LANG=de is not a shipped language: use one of en, es, fr, it, pt, ro\.$/, 'here'],
      [['start'], { TOGETHER_DATA: file }, /^together: TOGETHER_DATA=.*a-file is a file, not a folder\. Point TOGETHER_DATA at a folder/, 'here'],
      [['chat'], { TOGETHER_DATA: join(file, 'data') }, /^together: TOGETHER_DATA=.*a-file\/data cannot be a folder: .*a-file is a file\./, 'here'],
      [['export', 'spiral'], { TOGETHER_DATA: file }, /is a file, not a folder/, 'here'],
      [['start'], { TOGETHER_DATA: base, PORT: 'eighty', TELEGRAM_BOT_TOKEN: '1:x' }, /^together: PORT=eighty is not a port/, 'process'],
    ];
    const runs = await Promise.all(cases.map(([args, env, , how]) => (how === 'process' ? together(args, { env }) : here(args, env))));
    for (const [i, [args, env, message]] of cases.entries()) {
      const r = runs[i]!;
      expect(r.code, `${args.join(' ')} ${JSON.stringify(env)}`).not.toBe(0);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(lines(r.stderr)[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  }, 180_000);

  it('checks the data folder before the store opens it (a read-only folder too)', () => {
    const base = dir();
    expect(inspectDataFolder(join(base, 'new'), 'write')).toEqual({ isNew: true });
    expect(() => inspectDataFolder(join(base, 'new'), 'read')).toThrow(/no data folder at .*new yet/);
    // Tests run as root, who may write anywhere: the read-only case is checked through access().
    if (process.getuid?.() !== 0) {
      const ro = join(base, 'ro');
      mkdirSync(ro, { mode: 0o500 });
      expect(() => inspectDataFolder(ro, 'write')).toThrow(/read-only for this user/);
    }
  });

  it('announces a new data folder once, on its first start', async () => {
    const data = join(dir(), 'fresh');
    const first = await together(['chat', '--user', 'ana'], { env: { TOGETHER_DATA: data } });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`together: created a new data folder at ${data}\n`);
    expect(statSync(data).isDirectory()).toBe(true);
    const second = await here(['chat', '--user', 'ana'], { TOGETHER_DATA: data });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
  }, 60_000);

  it('together --version prints the version of package.json, alone on stdout', async () => {
    const r = await together(['--version'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    expect(r.stderr).toBe('');
  }, 60_000);
});

describe('item 21: a closed output and console files', () => {
  it('`together classify | head -1`: the reader leaving ends the command quietly with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'classify', '--lang', 'en'], { env: cleanEnv({}), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {}); // the child may be gone before all the input is written
    const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    child.stdin.write('clean air\n');
    // Like `head -1`: read the first answer, then close the pipe while the command still writes.
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdout.destroy();
    for (let i = 0; i < 2000 && child.exitCode === null; i++) child.stdin.write('good neighbours and a library nearby\n');
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 60_000);

  it('a console session writes its files to a private folder of its own, removed when it ends', async () => {
    const tmp = dir();
    const data = dir();
    // tsx keeps its compiled files in the temporary folder: the run's, so this start does not compile every file again.
    const tsxCache = `tsx-${process.getuid?.() ?? 0}`;
    if (existsSync(join(tmpdir(), tsxCache))) symlinkSync(join(tmpdir(), tsxCache), join(tmp, tsxCache));
    const child = spawn(process.execPath, [BIN, 'chat', '--user', 'ana'], { env: cleanEnv({ TOGETHER_DATA: data, TMPDIR: tmp }), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    child.stdin.write('/start\n');
    // The greeting shows the session is running: its folder exists now.
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    const sessions = () => readdirSync(tmp).filter((n) => n.startsWith('together-bot-'));
    expect(sessions()).toHaveLength(1);
    const folder = join(tmp, sessions()[0]!);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(existsSync(folder)).toBe(false);
  }, 60_000);
});
