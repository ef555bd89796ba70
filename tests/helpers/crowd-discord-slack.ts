/**
 * One core with two real channels, Discord (discord.js) and Slack (bolt, HTTP mode), each against
 * its fake on 127.0.0.1 keeping the platform's limits, with the caravan's manager commands and a
 * fixed clock: one broadcast reaches both platforms' subscribers at once.
 */
import { createCore, type Core } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { caravan } from '../../flows/caravan/index.ts';
import { SlackChannel } from '../../adapters/slack/index.ts';
import { DiscordChannel } from '../../adapters/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { FAST } from '../fakes/contract/slack-driver.ts';
import { Clock } from './caravan-bot.ts';
import { CROWD_DISCORD_LIMITS } from './crowd-discord.ts';
import { slackLimitsAt } from './crowd-slack.ts';
import { tempDir } from './harness.ts';

export interface DiscordAndSlack {
  discord: FakeDiscord;
  slack: FakeSlack;
  core: Core;
  clock: Clock;
  dir: string;
  control(command: string, args?: Record<string, unknown>): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startDiscordAndSlack(options: { now?: string } = {}): Promise<DiscordAndSlack> {
  const discord = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
  // Slack's limits, tiers included, 20 times faster, as the Slack channel's FAST limits.
  const slack = await startFakeSlack({ limits: slackLimitsAt(20) });
  const dir = tempDir('together-crowd-discord-slack-');
  const clock = new Clock(new Date(options.now ?? '2027-05-01T07:00:00Z'));
  const discordChannel = new DiscordChannel({ token: discord.token, apiUrl: discord.apiUrl, log: silentLogger(), limits: CROWD_DISCORD_LIMITS, startTimeoutMs: 10_000 });
  const slackChannel = new SlackChannel({ botToken: slack.botToken, signingSecret: slack.signingSecret, port: 0, apiUrl: slack.apiUrl, log: silentLogger(), limits: FAST });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: allFlows,
    channels: [discordChannel, slackChannel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
    control: false,
  });
  try {
    await core.start();
  } catch (e) {
    await Promise.all([discord.close(), slack.close()]);
    throw e;
  }
  slack.setRequestUrl(`http://127.0.0.1:${slackChannel.httpPort}/slack/events`);
  return {
    discord,
    slack,
    core,
    clock,
    dir,
    control: (command, args = {}) => caravan.control![command]!(core.services, args, () => {}),
    async stop() {
      await core.stop();
      await Promise.all([discord.close(), slack.close()]);
    },
  };
}
