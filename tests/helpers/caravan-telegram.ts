/** The caravan on the real TelegramChannel (telegraf) against the fake Bot API, with a fake clock. */
import { createCore, type Core } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { ChannelLimits } from '../../src/channels/channel.ts';
import { allFlows } from '../../flows/index.ts';
import { caravan } from '../../flows/caravan/index.ts';
import { TelegramChannel } from '../../adapters/telegram/index.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.ts';
import type { LimitOptions } from '../fakes/telegram/types.ts';
import { Clock } from './caravan-bot.ts';
import { tempDir } from './harness.ts';

export interface CaravanTelegram {
  fake: FakeTelegram;
  core: Core;
  clock: Clock;
  dir: string;
  control(command: string, args?: Record<string, unknown>, progress?: (d: unknown) => void): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startCaravanTelegram(options: { now?: string; fakeLimits?: LimitOptions; limits?: ChannelLimits; dir?: string } = {}): Promise<CaravanTelegram> {
  const fake = await startFakeTelegram({ limits: options.fakeLimits ?? { scale: 20 } });
  const dir = options.dir ?? tempDir('together-caravan-tg-');
  const clock = new Clock(new Date(options.now ?? '2027-05-01T08:00:00Z'));
  const channel = new TelegramChannel({ token: fake.token, apiRoot: fake.url, log: silentLogger(), limits: options.limits ?? { perSecond: 600, perChatMs: 50, perGroupChatMs: 150 } });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
  });
  await core.start();
  return {
    fake,
    core,
    clock,
    dir,
    control: (command, args = {}, progress = () => {}) => caravan.control![command]!(core.services, args, progress),
    stop: async () => {
      await core.stop();
      await fake.close();
    },
  };
}
