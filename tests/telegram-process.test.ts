import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram/index.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { expectReply, press } from './helpers/telegram-bot.ts';
import { SIGNAL_READY_ARGS, sigtermReady } from './helpers/signals.ts';

let fake: FakeTelegram | null = null;
let child: ChildProcess | null = null;
const dirs: string[] = [];
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  while (dirs.length) removeDir(dirs.pop()!);
});

/** `together start` as a manager runs it, pointed at the fake Bot API (`signals`: see sigtermReady). */
function startBotProcess(dir: string, options: { signals?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, [...(options.signals ? SIGNAL_READY_ARGS : []), 'bin/together.mjs', 'start'], {
    env: { ...process.env, TOGETHER_DATA: dir, TELEGRAM_BOT_TOKEN: fake!.token, TELEGRAM_API_ROOT: fake!.url, LOG_LEVEL: 'warn', TELEGRAM_WEBHOOK_URL: '' },
    stdio: ['ignore', 'ignore', options.signals ? 'pipe' : 'inherit'],
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

describe('the bot process with Telegram', () => {
  it('kill -9 in the middle of onboarding, restart: the user resumes where they were', async () => {
    fake = await startFakeTelegram({ limits: false });
    const dir = tempDir();
    dirs.push(dir);
    const u = { id: 4242, language_code: 'en' };
    child = startBotProcess(dir);
    fake.sendText(u, '/start');
    await expectReply(fake, u.id, 'Which language', 20_000);
    press(fake, u, 'English');
    await expectReply(fake, u.id, 'Do you agree', 20_000);
    child.kill('SIGKILL');
    await exited(child);
    child = startBotProcess(dir);
    press(fake, u, 'I agree');
    await expectReply(fake, u.id, 'Welcome', 20_000);
    fake.sendText(u, '/mydata');
    const m = await expectReply(fake, u.id, 'Consent given on', 20_000);
    expect(m.text).toContain('Language: English');
  });

  it('kill -9 in the middle of a SPIRAL questionnaire: no acknowledged idea is lost and the user resumes', async () => {
    fake = await startFakeTelegram({ limits: false });
    const dir = tempDir();
    dirs.push(dir);
    const u = { id: 4444, language_code: 'en' };
    child = startBotProcess(dir);
    fake.sendText(u, '/agree');
    await expectReply(fake, u.id, 'consent', 20_000);
    fake.sendText(u, '/spiral alone Mons');
    await expectReply(fake, u.id, 'What do you understand by well-being?', 20_000);
    const acked: string[] = [];
    for (const idea of ['Clean air', 'Good neighbours', 'A library nearby']) {
      fake.sendText(u, idea);
      await expectReply(fake, u.id, idea, 20_000);
      acked.push(idea);
    }
    child.kill('SIGKILL');
    await exited(child);
    child = startBotProcess(dir);
    fake.sendText(u, 'Time for my family');
    const m = await expectReply(fake, u.id, 'Time for my family', 20_000);
    expect(m.text).toMatch(/Idea 4 noted/);
    fake.sendText(u, '/mydata');
    const data = await fake.waitFor((x) => x.chat_id === u.id && Boolean(x.document), 20_000);
    const json = data.document!.bytes!.toString('utf8');
    for (const idea of [...acked, 'Time for my family']) expect(json).toContain(idea);
  });

  it('SIGTERM stops taking updates, finishes what is in flight and exits 0', async () => {
    fake = await startFakeTelegram({ limits: false });
    const dir = tempDir();
    dirs.push(dir);
    child = startBotProcess(dir, { signals: true });
    const ready = sigtermReady(child);
    const u = { id: 4343 };
    fake.sendText(u, '/help');
    await expectReply(fake, u.id, 'What you can do', 20_000);
    // The bot answers while it is still starting up; the signal is for a running bot.
    await ready;
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });
});
