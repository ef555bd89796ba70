import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram/index.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { expectReply } from './helpers/telegram-bot.ts';
import { SIGNAL_READY_ARGS, sigtermReady } from './helpers/signals.ts';
import { togetherHere } from './helpers/together-in-process.ts';

// Issue #8 item 11: a start that fails must exit non-zero at once and let go of the data
// folder, so that a supervisor restarting it (or a person fixing the token) gets in.

let fake: FakeTelegram | null = null;
const children: ChildProcess[] = [];
const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await fake?.close();
  fake = null;
  while (dirs.length) removeDir(dirs.pop()!);
});

interface Ended {
  code: number | null;
  stderr: string;
}

function start(dir: string, env: Record<string, string>, options: { signals?: boolean } = {}): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [...(options.signals ? SIGNAL_READY_ARGS : []), 'bin/together.mjs', 'start'], {
    env: { ...process.env, TOGETHER_DATA: dir, LOG_LEVEL: 'warn', TELEGRAM_WEBHOOK_URL: '', TELEGRAM_WEBHOOK_SECRET: '', PORT: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  if (!options.signals) child.stderr!.on('data', (d) => (stderr += d));
  return { child, ended: new Promise((r) => child.once('close', (code) => r({ code, stderr }))) };
}

/** A port on 127.0.0.1 that nothing listens on: connections to it are refused. */
async function refusingPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** A port held by another server, for the webhook to find in use. */
async function busyPort(): Promise<number> {
  const s = createServer();
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, r));
  return (s.address() as { port: number }).port;
}

function expectOneClearFailure(ended: Ended): void {
  expect(ended.code).not.toBe(0);
  expect(ended.code).not.toBeNull(); // it exited by itself, not killed by the test's clean-up
  expect(ended.stderr).toMatch(/^together: the bot could not start: /m);
  expect(ended.stderr).not.toMatch(/\n\s+at /);
}

describe('a failed start exits at once and releases the data folder', () => {
  it('an API root that refuses connections: exit 1, then a second start takes the same data folder', async () => {
    const dir = tempDir('together-startfail-');
    dirs.push(dir);
    const failed = await start(dir, { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: `http://127.0.0.1:${await refusingPort()}` }).ended;
    expectOneClearFailure(failed);

    fake = await startFakeTelegram({ limits: false });
    const again = start(dir, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });
    const u = { id: 5151 };
    fake.sendText(u, '/help');
    await expectReply(fake, u.id, 'What you can do', 30_000);
    expect(again.child.exitCode).toBeNull();
  }, 90_000);

  it('a token the API refuses (401)', async () => {
    fake = await startFakeTelegram({ limits: false });
    const dir = tempDir('together-startfail-');
    dirs.push(dir);
    const failed = await start(dir, { TELEGRAM_BOT_TOKEN: '999:not-the-token', TELEGRAM_API_ROOT: fake.url }).ended;
    expectOneClearFailure(failed);
  }, 60_000);

  it('a webhook port already in use', async () => {
    fake = await startFakeTelegram({ limits: false });
    const dir = tempDir('together-startfail-');
    dirs.push(dir);
    const failed = await start(dir, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg', PORT: String(await busyPort()) }).ended;
    expectOneClearFailure(failed);
  }, 60_000);

  it('an API root that never answers: SIGTERM during the start is not ignored', async () => {
    // Accepts connections and never answers, like a black-holed address behind a proxy.
    let connected: () => void = () => {};
    const reached = new Promise<void>((r) => (connected = r));
    // (Reading what arrives lets the socket see the client leave, so close() can finish.)
    const blackHole = createServer((socket) => {
      socket.resume();
      connected();
    });
    servers.push(blackHole);
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
    const dir = tempDir('together-startfail-');
    dirs.push(dir);
    const { child, ended } = start(dir, { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: `http://127.0.0.1:${(blackHole.address() as { port: number }).port}` }, { signals: true });
    await sigtermReady(child);
    await reached; // the start is waiting on the API now
    child.kill('SIGTERM');
    const { code } = await ended;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    // The data folder is free again: a start in this process takes it (the console, on an empty input, ends at once).
    const again = await togetherHere(['start'], { env: { TOGETHER_DATA: dir, LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: '', TELEGRAM_API_ROOT: '', SLACK_BOT_TOKEN: undefined, DISCORD_BOT_TOKEN: undefined } });
    expect([again.code, again.stderr]).toEqual([0, '']);
  }, 60_000);
});
