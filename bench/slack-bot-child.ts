/**
 * The bot side of the Slack bench, in its own process as in production (Slack is another
 * machine): the real Slack channel (bolt, HTTP mode) on the core, answering through the bench
 * flow, with the outbox's Slack limits off.
 * Usage: slack-bot-child.ts <dataDir> <apiUrl> <port> <signingSecret> <botToken>
 * With BENCH_LOOP_DELAY=1 it prints, when stopped, a `LOOP {…}` line on stderr: how long the
 * event loop was late (ms percentiles), and the garbage collector's pauses, over the whole run.
 * With BENCH_ALLOC_PROFILE=<file> it writes where it allocated memory (a sampling heap profile
 * that keeps the objects already collected, for Chrome's DevTools) when stopped.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { SlackChannel } from '../adapters/slack/index.ts';
import { benchFlow } from './bench-flow.ts';
import { answerCpuReads } from './bot-cpu.ts';
import { loopDelay } from './loop-delay.ts';

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
const loop = process.env.BENCH_LOOP_DELAY ? loopDelay('LOOP') : undefined;
const allocations = process.env.BENCH_ALLOC_PROFILE ? await allocationProfile(process.env.BENCH_ALLOC_PROFILE) : undefined;
process.stdout.write(`READY ${channel.httpPort}\n`);
answerCpuReads();
process.on('SIGTERM', () => {
  loop?.();
  void (allocations?.() ?? Promise.resolve())
    .then(() => core.stop())
    .then(() => process.exit(0));
});

/** Starts sampling allocations, garbage included; the returned function writes the profile. */
async function allocationProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
