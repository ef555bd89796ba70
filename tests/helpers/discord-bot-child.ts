/**
 * The bot as its own process for the Discord kill -9 test: the real core and Discord channel on a
 * data folder, against a fake Discord in the test process. Prints READY once logged in, then
 * `STORED <json>` each time the core has durably taken an event (Discord has no answer to a DM a
 * bot could hold back, so this is what "acknowledged" means for a typed idea).
 * Usage: discord-bot-child.ts <dataDir> <apiUrl> <token>
 */
import { createCore } from '../../src/app.ts';
import type { ChannelInfo, EventSink } from '../../src/channels/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { DiscordChannel } from '../../adapters/discord/index.ts';
import { FAST } from '../fakes/contract/discord-driver.ts';

class ReportingDiscord extends DiscordChannel {
  override start(sink: EventSink, info: ChannelInfo): Promise<void> {
    return super.start(async (event) => {
      const handled = await sink(event);
      const text = event.kind === 'text' ? event.text : undefined;
      process.stdout.write(`STORED ${JSON.stringify({ updateId: event.updateId, kind: event.kind, text })}\n`);
      return handled;
    }, info);
  }
}

const [dir = '', apiUrl = '', token = ''] = process.argv.slice(2);
const channel = new ReportingDiscord({ token, apiUrl, log: silentLogger(), limits: FAST, startTimeoutMs: 10_000 });
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: allFlows,
  channels: [channel],
  log: silentLogger(),
  outbox: { backoffMs: 20 },
});
await core.start();
process.stdout.write('READY\n');
