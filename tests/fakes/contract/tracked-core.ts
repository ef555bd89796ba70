// The part every platform's test bot shares: a core with one tracked channel on a data folder,
// started against a fake platform; the fake is closed with the bot unless the test passed its own.
import { createCore, type Core } from '../../../src/app.ts';
import type { Channel } from '../../../src/channels/channel.ts';
import type { Logger } from '../../../src/log/logger.ts';
import { allFlows } from '../../../flows/index.ts';
import type { DeliveryTracker } from './driver.ts';

export interface TrackedBot<F, C> {
  fake: F;
  channel: C;
  core: Core;
  tracker: DeliveryTracker;
  /** Every event handed to the core has been answered (replies delivered). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TrackedCoreOptions {
  dir: string;
  log: Logger;
  lang?: string;
  managers?: string[];
  outbox?: { maxAttempts?: number; backoffMs?: number };
  /** The core's clock (default the real one). */
  now?: () => Date;
  /** The fake was handed in by the test (a second bot against it, a restart): the bot leaves it running. */
  reused: boolean;
}

/** Starts a core with `channel` (whose sink `tracker` wraps) on all flows; a failed start stops what it started. */
export async function startTrackedCore<F extends { close(): Promise<void> }, C extends Channel>(fake: F, channel: C, tracker: DeliveryTracker, o: TrackedCoreOptions): Promise<TrackedBot<F, C>> {
  const core = await createCore({
    config: { dataDir: o.dir, lang: o.lang ?? 'en', tz: 'Europe/Brussels', managers: new Set(o.managers ?? []) },
    flows: allFlows,
    channels: [channel],
    log: o.log,
    outbox: { backoffMs: 20, ...o.outbox },
    ...(o.now ? { now: o.now } : {}),
  });
  try {
    await core.start();
  } catch (e) {
    await core.stop().catch(() => {});
    if (!o.reused) await fake.close();
    throw e;
  }
  return {
    fake,
    channel,
    core,
    tracker,
    settle: () => tracker.delivered(),
    async stop() {
      await core.stop();
      if (!o.reused) await fake.close();
    },
  };
}
