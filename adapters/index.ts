import type { Channel } from '../src/channels/channel.ts';
import type { Settings } from '../src/config.ts';
import type { Logger } from '../src/log/logger.ts';
import type { CliDeps } from '../src/cli/program.ts';
import { ConsoleChannel } from './console/console-channel.ts';

/** The platform channels whose credentials are configured. */
export function platformChannels(_settings: Settings, _log: Logger): Channel[] {
  const channels: Channel[] = [];
  return channels;
}

export const consoleFactory: CliDeps['console'] = (options) =>
  new ConsoleChannel({ ...options, input: process.stdin, output: process.stdout });
