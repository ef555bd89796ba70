/**
 * The bot as its own process for the kill -9 test: the real core and Slack channel (HTTP mode on
 * the given port) on a data folder, against a fake Slack in the test process. Prints READY once
 * /slack/events listens.
 * Usage: slack-bot-child.ts <dataDir> <apiUrl> <port> <signingSecret> <botToken>
 */
import { createCore } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { SlackChannel } from '../../adapters/slack/index.ts';
import { FAST } from '../fakes/contract/slack-driver.ts';

const [dir = '', apiUrl = '', port = '0', signingSecret = '', botToken = ''] = process.argv.slice(2);
const channel = new SlackChannel({ botToken, signingSecret, apiUrl, port: Number(port), log: silentLogger(), limits: FAST });
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: allFlows,
  channels: [channel],
  log: silentLogger(),
  outbox: { backoffMs: 20 },
});
await core.start();
process.stdout.write('READY\n');
