/**
 * The bot side of the Discord bench, in its own process as in production (Discord is another
 * machine): the real Discord channel (discord.js gateway client, REST) on the core, answering
 * through the bench flow, with the outbox's Discord limits off.
 * Usage: discord-bot-child.ts <dataDir> <apiUrl> <token>
 */
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { DiscordChannel } from '../adapters/discord/index.ts';
import { benchFlow } from './bench-flow.ts';
import { answerCpuReads } from './bot-cpu.ts';

const [dir, apiUrl, token] = process.argv.slice(2) as [string, string, string];
const channel = new DiscordChannel({ token, apiUrl, log: silentLogger(), limits: null });
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [benchFlow],
  channels: [channel],
  log: silentLogger(),
  control: false,
});
await core.start();
process.stdout.write('READY\n');
answerCpuReads();
process.on('SIGTERM', () => {
  void core.stop().then(() => process.exit(0));
});
