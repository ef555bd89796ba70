/**
 * Discord load, next to Telegram's in the same run: simulated people answering at once through
 * the real Discord channel (discord.js gateway client and REST) against the fake Discord on
 * 127.0.0.1, with users already stored. The bot runs in its own process, as in production; the
 * fake and the people in this one. The fake's limits (buckets, the global 50/s) and the outbox's
 * are off: this measures what the adapter and the core sustain.
 * One idea = a DM dispatched over the gateway (MESSAGE_CREATE). Discord has no answer to a DM a
 * bot could give before its reply, so an idea is acknowledged when the bot's answer is posted
 * (POST /channels/{dm}/messages), and the person then sends the next: acknowledged ideas/s counts
 * those, as Telegram's row counts answered ones, and p50/p99 run from the dispatch to the answer.
 * Telegram's row is measured here too, with the same people at once, the same stored users and
 * the same duration.
 * Usage: discord-bench.ts [stored] [concurrency] [seconds]; prints one JSON line per platform.
 */
import { startFakeDiscord } from '../tests/fakes/discord/index.ts';
import type { CpuPerIdea } from './bot-cpu.ts';
import { Answers, besideTelegram, closedLoop, inDataFolder, percentiles, populateChannel, startBot } from './beside-telegram.ts';

export interface DiscordRun extends CpuPerIdea {
  platform: 'discord';
  concurrentUsers: number;
  acked: number;
  ackedPerSec: number;
  /** DM dispatched → the bot's answer posted. */
  p50Ms: number;
  p99Ms: number;
  /** Answers Discord refused (none expected with the limits off). */
  refused: number;
}

const userOf = (i: number) => String(400000000000000000n + BigInt(i));
const MESSAGE_POST = /\/channels\/(\d+)\/messages$/;

export function runDiscordBench(options: { stored: number; concurrency: number; seconds: number }): Promise<DiscordRun> {
  return inDataFolder('together-discord-bench-', (dir) => discordRun(dir, options));
}

async function discordRun(dir: string, options: { stored: number; concurrency: number; seconds: number }): Promise<DiscordRun> {
  const { concurrency } = options;
  // A long heartbeat: the bench is shorter than one, and a beat is not what is measured.
  const fake = await startFakeDiscord({ limits: false, heartbeatIntervalMs: 60_000 });
  for (let i = 0; i < concurrency; i++) fake.addUser({ id: userOf(i), username: `bench${i}`, locale: 'en-US' });
  // The first `concurrency` have their DM already, as people who wrote before.
  await populateChannel(dir, 'discord', Math.max(options.stored, concurrency), (i) => ({ userId: userOf(i), chatId: i < concurrency ? fake.dmOf(userOf(i)) : '' }));
  const { cpu, stop } = await startBot('bench/discord-bot-child.ts', [dir, fake.apiUrl, fake.token], fake);
  const answers = new Answers();
  let refused = 0;
  const unhook = fake.onCall((call) => {
    if (call.method !== 'POST') return;
    const channel = MESSAGE_POST.exec(call.path)?.[1];
    if (!channel) return;
    if (call.status !== 200) refused++;
    else answers.answered(channel);
  });
  try {
    const latencies: number[] = [];
    const measured = await closedLoop({
      concurrency,
      seconds: options.seconds,
      cpu,
      done: () => latencies.length,
      idea: async (i, n) => {
        const userId = userOf(i);
        const answered = answers.expect(fake.dmOf(userId));
        const start = performance.now();
        await fake.sendDm(userId, `idea ${n} about clean air and good neighbours`);
        latencies.push((await answered) - start);
      },
    });
    return { platform: 'discord', concurrentUsers: concurrency, ...measured, ...percentiles(latencies), refused };
  } finally {
    unhook();
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await besideTelegram('discord', runDiscordBench);
