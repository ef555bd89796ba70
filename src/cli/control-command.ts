import { createCore } from '../app.ts';
import { callControl } from '../control/control-client.ts';
import type { Settings } from '../config.ts';
import type { Flow } from '../engine/flow.ts';
import { createLogger } from '../log/logger.ts';
import { lockHolder } from '../store/lock.ts';
import { runOnDatabase } from './control-database.ts';
import { inspectDataFolder } from './data-folder.ts';

export interface ControlOptions {
  /** The command needs the running bot (it sends messages); without one it fails clearly. */
  needsRunningBot?: boolean;
  onProgress?: (data: unknown) => void;
  /** With a database, how often a broadcast the command created is read while the instances send it (default 1 s). */
  followEveryMs?: number;
}

const handlerOf = (flows: Flow[], command: string) => flows.flatMap((f) => Object.entries(f.control ?? {})).find(([name]) => name === command)?.[1];

/**
 * Runs a data-changing command the safe way: with TOGETHER_DATABASE_URL, in this process through
 * the database the instances share (see control-database.ts); otherwise through the running
 * bot's control socket when a bot holds the data folder, or in this process holding the lock itself.
 */
export async function runControl(flows: Flow[], settings: Settings, command: string, args: Record<string, unknown>, options: ControlOptions = {}): Promise<unknown> {
  if (settings.core.databaseUrl) {
    const handler = handlerOf(flows, command);
    if (!handler) throw new Error(`Unknown command: ${command}`);
    return runOnDatabase(flows, settings, handler, args, options);
  }
  const dir = settings.core.dataDir;
  const viaSocket = await callControl(dir, { command, args, actor: 'cli' }, options.onProgress);
  if (viaSocket.reachable) return viaSocket.result;
  const holder = lockHolder(dir);
  if (holder !== null) throw new Error(`A together-bot process (pid ${holder}) holds ${dir} but does not answer on its control socket; try again when it has started.`);
  if (options.needsRunningBot) throw new Error('No bot is running on this data folder: start it with `together start`, then run this command again.');
  const handler = handlerOf(flows, command);
  if (!handler) throw new Error(`Unknown command: ${command}`);
  inspectDataFolder(dir, 'write');
  const core = await createCore({ config: settings.core, flows, channels: [], log: createLogger(settings.logLevel), control: false });
  try {
    return await handler(core.services, args, options.onProgress ?? (() => {}));
  } finally {
    await core.stop();
  }
}
