/**
 * Slack load, next to Telegram's in the same run: simulated people answering at once through
 * the real Slack channel (HTTP mode) against the fake Slack on 127.0.0.1, with users already
 * stored. The bot runs in its own process, as in production; the fake and the people in this
 * one. The fake's limits (pace, tiers) and the outbox's are off: this measures what the adapter
 * and the core sustain.
 * One idea = a signed `message.im` event POSTed to /slack/events; it is acknowledged when the
 * bot answers 200, which it does once the core has stored it (ack latency); it is done when the
 * bot's answer is posted (chat.postMessage) and the person sends the next. Acknowledged ideas/s
 * counts done ideas, as Telegram's row counts answered ones; Telegram's row is measured here
 * too, with the same people at once, the same stored users and the same duration.
 * Usage: slack-bench.ts [stored] [concurrency] [seconds]; prints one JSON line per platform.
 * BENCH_SLACK_TRACE=<file> writes one line per idea (sent at ms, person, ack ms, answer ms), to
 * see where the tail comes from.
 */
import { writeFileSync } from 'node:fs';
import { startFakeSlack, type FakeSlack } from '../tests/fakes/slack/index.ts';
import type { CpuPerIdea } from './bot-cpu.ts';
import { Answers, besideTelegram, closedLoop, inDataFolder, percentiles, populateChannel, startBot } from './beside-telegram.ts';
import { loopDelay } from './loop-delay.ts';

export interface SlackRun extends CpuPerIdea {
  platform: 'slack';
  concurrentUsers: number;
  acked: number;
  ackedPerSec: number;
  /** Event sent → 200 (stored). */
  p50Ms: number;
  p99Ms: number;
  /** Event sent → the bot's answer posted. */
  replyP50Ms: number;
  replyP99Ms: number;
  /**
   * p99 of the 200s without each person's first idea: the first ideas of all the people arrive
   * at once with the bot cold (a users.info each), and are 2-3 % of a 10 s run at these rates.
   * Not the target's figure (that is p99Ms, every idea); it tells the two tails apart.
   */
  laterP99Ms: number;
  /** Answers other than 200 (none expected), and the first few of them (status: body). */
  refused: number;
  refusedAs?: string[];
}

const userOf = (i: number) => `U0B${String(i).padStart(7, '0')}`;

export function runSlackBench(options: { stored: number; concurrency: number; seconds: number; keepAlive?: boolean }): Promise<SlackRun> {
  return inDataFolder('together-slack-bench-', (dir) => slackRun(dir, options));
}

async function slackRun(dir: string, options: { stored: number; concurrency: number; seconds: number; keepAlive?: boolean }): Promise<SlackRun> {
  const { concurrency } = options;
  const fake: FakeSlack = await startFakeSlack({ limits: false, deliveryKeepAlive: options.keepAlive ?? true });
  for (let i = 0; i < concurrency; i++) fake.addUser({ id: userOf(i), name: `Bench ${i}`, locale: 'en-US', tz: 'Europe/Brussels' });
  // The first `concurrency` have their DM already, as people who wrote before.
  await populateChannel(dir, 'slack', Math.max(options.stored, concurrency), (i) => ({ userId: userOf(i), chatId: i < concurrency ? fake.dmOf(userOf(i)) : '' }));
  const { cpu, ready, stop } = await startBot('bench/slack-bot-child.ts', [dir, fake.apiUrl, '0', fake.signingSecret, fake.botToken], fake);
  fake.setRequestUrl(`http://127.0.0.1:${ready}/slack/events`);
  const answers = new Answers();
  const unhook = fake.onCall((call) => {
    if (call.method === 'chat.postMessage' && call.ok) answers.answered(String(call.params.channel));
  });
  try {
    const acks: number[] = [];
    const later: number[] = [];
    const met = new Set<number>();
    const replies: number[] = [];
    const trace = process.env.BENCH_SLACK_TRACE ? ['sentAtMs,person,ackMs,answerMs'] : undefined;
    let refused = 0;
    const refusedAs: string[] = [];
    // BENCH_LOOP_DELAY=1: this process's own lateness too (the fake and the people), as `BENCH {…}` on stderr.
    const lateness = process.env.BENCH_LOOP_DELAY ? loopDelay('BENCH') : undefined;
    const measured = await closedLoop({
      concurrency,
      seconds: options.seconds,
      cpu,
      done: () => replies.length,
      idea: async (i, n, t0) => {
        const userId = userOf(i);
        const dm = fake.dmOf(userId);
        const answered = answers.expect(dm);
        const start = performance.now();
        const ack = await fake.sendMessage(userId, `idea ${n} about clean air and good neighbours`);
        if (ack.status !== 200) {
          refused++;
          if (refusedAs.length < 5) refusedAs.push(`${ack.status}: ${ack.body.slice(0, 80)}`);
          answers.forget(dm);
          return;
        }
        const ackMs = performance.now() - start;
        acks.push(ackMs);
        if (met.has(i)) later.push(ackMs);
        else met.add(i);
        const replyMs = (await answered) - start;
        replies.push(replyMs);
        trace?.push(`${(start - t0).toFixed(1)},${i},${ackMs.toFixed(1)},${replyMs.toFixed(1)}`);
      },
    });
    lateness?.();
    if (trace) writeFileSync(process.env.BENCH_SLACK_TRACE!, trace.join('\n') + '\n');
    const answer = percentiles(replies);
    return { platform: 'slack', concurrentUsers: concurrency, ...measured, ...percentiles(acks), replyP50Ms: answer.p50Ms, replyP99Ms: answer.p99Ms, laterP99Ms: percentiles(later).p99Ms, refused, ...(refusedAs.length ? { refusedAs } : {}) };
  } finally {
    unhook();
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await besideTelegram('slack', runSlackBench);
