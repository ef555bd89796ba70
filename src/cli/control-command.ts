import { createCore } from '../app.ts';
import { callControl } from '../control/control-client.ts';
import type { Settings } from '../config.ts';
import type { Flow } from '../engine/flow.ts';
import { createLogger } from '../log/logger.ts';
import { lockHolder } from '../store/lock.ts';
import { inspectDataFolder } from './data-folder.ts';

export interface ControlOptions {
  /** The command needs the running bot (it sends messages); without one it fails clearly. */
  needsRunningBot?: boolean;
  onProgress?: (data: unknown) => void;
}

/**
 * Runs a data-changing command the safe way: through the running bot's control socket when
 * a bot holds the data folder, otherwise in this process (which then holds the lock itself).
 */
export async function runControl(flows: Flow[], settings: Settings, command: string, args: Record<string, unknown>, options: ControlOptions = {}): Promise<unknown> {
  const dir = settings.core.dataDir;
  const viaSocket = await callControl(dir, { command, args, actor: 'cli' }, options.onProgress);
  if (viaSocket.reachable) return viaSocket.result;
  const holder = lockHolder(dir);
  if (holder !== null) throw new Error(`A together-bot process (pid ${holder}) holds ${dir} but does not answer on its control socket; try again when it has started.`);
  if (options.needsRunningBot) throw new Error('No bot is running on this data folder: start it with `together start`, then run this command again.');
  const handler = flows.flatMap((f) => Object.entries(f.control ?? {})).find(([name]) => name === command)?.[1];
  if (!handler) throw new Error(`Unknown command: ${command}`);
  inspectDataFolder(dir, 'write');
  const core = await createCore({ config: settings.core, flows, channels: [], log: createLogger(settings.logLevel), control: false });
  try {
    return await handler(core.services, args, options.onProgress ?? (() => {}));
  } finally {
    await core.stop();
  }
}
