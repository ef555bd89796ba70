import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { removeDir, startBot, tempDir, type Bot } from './helpers/harness.ts';
import { sampleFlow } from './helpers/sample-flow.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** Runs the child until its reply is saved and in flight, then kills it (-9): a crash between save and send. */
async function crashAfterSave(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/engine-crash-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const saved = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /SAVED ([^\n]*)\n/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before its reply was in flight`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return saved;
}

const noted = (bot: Bot) => bot.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.includes('Noted: the idea in flight'));

describe('replies survive a crash between saving and sending (issue 9 item 5)', () => {
  it('sends the saved turn’s replies at the next start, once', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const inFlight = await crashAfterSave(dir);
    expect(inFlight).toContain('Noted: the idea in flight');

    const flows = [onboarding, privacy, sampleFlow()];
    let bot = await startBot({ dir, flows });
    // start() queued the recovered replies; a graceful stop delivers what is queued.
    await bot.stop();
    expect(noted(bot)).toHaveLength(1);
    expect(noted(bot)[0]!.chatId).toBe('crashme');

    // Delivered and marked: the next start sends nothing again.
    bot = await startBot({ dir, flows });
    expect(await bot.core.services.store.unsent()).toEqual(new Map());
    await bot.stop();
    expect(noted(bot)).toHaveLength(0);
  }, 60_000);

  it('a turn delivered normally leaves nothing in the journal', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const bot = await startBot({ dir, flows: [onboarding, privacy, sampleFlow()] });
    const u = bot.user('calm');
    await u.send('/agree');
    await u.send('/sample');
    await u.send('Kim');
    await bot.stop();
    const again = await startBot({ dir, flows: [onboarding, privacy, sampleFlow()] });
    expect(await again.core.services.store.unsent()).toEqual(new Map());
    await again.stop();
  });
});
