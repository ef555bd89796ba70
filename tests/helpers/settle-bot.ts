/**
 * Waits until a bot on a fake platform has handled and sent everything it took in: the events'
 * replies, the outbox (a 429 waited out makes no call for a while) and the broadcasts, and then
 * made no call to the fake for `quietMs`. Crowd tests read the fake only after this.
 */
import type { Core } from '../../src/app.ts';

export interface SettlingBot {
  core: Core;
  fake: { calls(): readonly unknown[] };
  settle(): Promise<unknown>;
}

export async function settleBot(bot: SettlingBot, platform: string, quietMs: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await bot.settle();
    await bot.core.engine.idle();
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    const calls = bot.fake.calls().length;
    await new Promise((r) => setTimeout(r, quietMs));
    if (bot.fake.calls().length === calls) return;
    if (Date.now() > until) throw new Error(`the ${platform} bot did not settle in ${timeoutMs} ms`);
  }
}
