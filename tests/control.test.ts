import { afterEach, describe, expect, it } from 'vitest';
import { startBot, removeDir, tempDir, type Bot } from './helpers/harness.ts';
import { callControl } from '../src/control/control-client.ts';
import { runControl } from '../src/cli/control-command.ts';
import { readSettings } from '../src/config.ts';
import type { Flow } from '../src/engine/index.ts';
import { onboarding } from '../flows/onboarding/index.ts';

const counter: Flow = {
  id: 'counter',
  version: 1,
  control: {
    async bump(services, args, progress) {
      const doc = await services.store.shared('counter', () => ({ n: 0 }));
      for (let i = 0; i < Number(args.by ?? 1); i++) {
        await doc.update((d) => void d.n++);
        progress({ done: i + 1 });
      }
      return doc.data.n;
    },
    async fail() {
      throw new Error('not allowed here');
    },
  },
};

let bot: Bot | null = null;
afterEach(async () => {
  await bot?.stop();
  if (bot) removeDir(bot.dir);
  bot = null;
});

describe('control socket', () => {
  it('a CLI command reaches the running bot, with progress, and only the bot writes', async () => {
    bot = await startBot({ flows: [onboarding, counter] });
    const seen: unknown[] = [];
    const r = await callControl(bot.dir, { command: 'bump', args: { by: 3 } }, (p) => seen.push(p));
    expect(r).toEqual({ reachable: true, result: 3 });
    expect(seen).toEqual([{ done: 1 }, { done: 2 }, { done: 3 }]);
    const settings = readSettings({ TOGETHER_DATA: bot.dir });
    expect(await runControl([counter], settings, 'bump', {})).toBe(4);
  });

  it('errors come back as errors; unknown commands are refused', async () => {
    bot = await startBot({ flows: [onboarding, counter] });
    await expect(callControl(bot.dir, { command: 'fail', args: {} })).rejects.toThrow('not allowed here');
    await expect(callControl(bot.dir, { command: 'nope', args: {} })).rejects.toThrow(/Unknown control command/);
  });

  it('without a running bot, the command runs in-process on the data folder', async () => {
    const dir = tempDir();
    try {
      const settings = readSettings({ TOGETHER_DATA: dir, LOG_LEVEL: 'silent' });
      expect(await callControl(dir, { command: 'bump', args: {} })).toEqual({ reachable: false });
      expect(await runControl([counter], settings, 'bump', { by: 2 })).toBe(2);
      await expect(runControl([counter], settings, 'bump', {}, { needsRunningBot: true })).rejects.toThrow(/No bot is running/);
    } finally {
      removeDir(dir);
    }
  });
});
