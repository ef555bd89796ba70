/**
 * The bot side of the Slack bench, in its own process as in production (Slack is another
 * machine): the real Slack channel (bolt, HTTP mode) on the core, answering through the bench
 * flow, with the outbox's Slack limits off.
 * Usage: slack-bot-child.ts <dataDir> <apiUrl> <port> <signingSecret> <botToken>
 */
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { SlackChannel } from '../adapters/slack/index.ts';
import { benchFlow } from './bench-flow.ts';
import { answerCpuReads } from './bot-cpu.ts';

const [dir, apiUrl, port, signingSecret, botToken] = process.argv.slice(2) as [string, string, string, string, string];
const channel = new SlackChannel({ botToken, signingSecret, apiUrl, port: Number(port), log: silentLogger(), limits: null });
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [benchFlow],
  channels: [channel],
  log: silentLogger(),
  control: false,
});
await core.start();
process.stdout.write(`READY ${channel.httpPort}\n`);
answerCpuReads();
process.on('SIGTERM', () => {
  void core.stop().then(() => process.exit(0));
});
