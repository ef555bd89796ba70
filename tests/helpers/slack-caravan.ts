/**
 * One core with two real channels, Slack (bolt, HTTP mode) and Telegram (telegraf), each
 * against its fake on 127.0.0.1, with the caravan's manager commands and a fake clock: a
 * broadcast reaches both platforms' subscribers in one run.
 */
import { createCore, type Core } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { caravan } from '../../flows/caravan/index.ts';
import { SlackChannel } from '../../adapters/slack/index.ts';
import { TelegramChannel } from '../../adapters/telegram/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.ts';
import { FAST } from '../fakes/contract/slack-driver.ts';
import { Clock } from './caravan-bot.ts';
import { FAST_LIMITS } from './telegram-bot.ts';
import { tempDir } from './harness.ts';

export interface TwoPlatforms {
  slack: FakeSlack;
  telegram: FakeTelegram;
  core: Core;
  clock: Clock;
  dir: string;
  control(command: string, args?: Record<string, unknown>): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startSlackAndTelegram(options: { now?: string } = {}): Promise<TwoPlatforms> {
  // Both fakes keep their platform's limits ×20, matching the channels' FAST limits.
  const slack = await startFakeSlack({ limits: { perConversationPerSecond: 20, conversationBurst: 3, tiers: false } });
  const telegram = await startFakeTelegram({ limits: { scale: 20 } });
  const dir = tempDir('together-slack-tg-');
  const clock = new Clock(new Date(options.now ?? '2027-05-01T08:00:00Z'));
  const slackChannel = new SlackChannel({ botToken: slack.botToken, signingSecret: slack.signingSecret, port: 0, apiUrl: slack.apiUrl, log: silentLogger(), limits: FAST });
  const telegramChannel = new TelegramChannel({ token: telegram.token, apiRoot: telegram.url, log: silentLogger(), limits: FAST_LIMITS });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: allFlows,
    channels: [slackChannel, telegramChannel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
  });
  await core.start();
  slack.setRequestUrl(`http://127.0.0.1:${slackChannel.httpPort}/slack/events`);
  return {
    slack,
    telegram,
    core,
    clock,
    dir,
    control: (command, args = {}) => caravan.control![command]!(core.services, args, () => {}),
    async stop() {
      await core.stop();
      await Promise.all([slack.close(), telegram.close()]);
    },
  };
}
