import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/app.ts';
import type { Flow } from '../../src/engine/flow.ts';
import type { RateRule } from '../../src/engine/person-rate.ts';
import type { Store } from '../../src/store/types.ts';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { FakeUser, MemoryChannel } from './memory-channel.ts';

export interface Bot {
  core: Core;
  channel: MemoryChannel;
  dir: string;
  user(id: string, locale?: string, userName?: string): FakeUser;
  /** Stops the core (graceful) and starts a new one on the same data folder. */
  restart(): Promise<Bot>;
  stop(): Promise<void>;
}

export interface BotOptions {
  dir?: string;
  flows?: Flow[];
  managers?: string[];
  lang?: string;
  now?: () => Date;
  store?: Store;
  log?: Logger;
  personRate?: RateRule | false;
}

export function tempDir(prefix = 'together-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A core on a temporary data folder with an in-memory channel, driven through its public entry. */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const dir = options.dir ?? tempDir();
  const channel = new MemoryChannel();
  const core = await createCore({
    config: { dataDir: dir, lang: options.lang ?? 'en', tz: 'Europe/Brussels', managers: new Set(options.managers ?? []) },
    flows: options.flows ?? allFlows,
    channels: [channel],
    log: options.log ?? silentLogger(),
    now: options.now,
    store: options.store,
    personRate: options.personRate,
  });
  await core.start();
  const bot: Bot = {
    core,
    channel,
    dir,
    user: (id, locale, userName) => new FakeUser(channel, id, locale, undefined, userName),
    restart: async () => {
      await core.stop();
      return startBot({ ...options, dir });
    },
    stop: async () => {
      await core.stop();
    },
  };
  return bot;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Stops a test bot (and its fake platform, if any) and removes its data folder. */
export async function dispose(bot: { stop(): Promise<void>; dir: string; fake?: { close(): Promise<void> } } | null | undefined): Promise<void> {
  if (!bot) return;
  await bot.stop();
  await bot.fake?.close();
  removeDir(bot.dir);
}
