import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Counts } from '../src/broadcast/index.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { addStop, seedSubscribers, startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
const dirs: string[] = [];
afterEach(async () => {
  if (bot) {
    await bot.stop();
    removeDir(bot.dir);
    bot = null;
  }
  while (dirs.length) removeDir(dirs.pop()!);
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tally(chats: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of chats) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/** Runs the crash child; `killAfter` SENT lines, it is killed with SIGKILL. */
function child(dir: string, mode: 'start' | 'resume', killAfter?: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/caravan-crash-child.ts', dir, mode, '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buf = '';
    let sent = 0;
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (line.startsWith('SENT ') && ++sent === killAfter) proc.kill('SIGKILL');
      }
    });
    proc.once('error', reject);
    proc.once('exit', () => resolve(lines));
  });
}

describe('broadcast: a crash mid-way resumes with nobody sent twice', () => {
  it('stopping the core mid-broadcast and starting it again: exactly once per recipient', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    await seedSubscribers(bot.services, ids);
    // 60 messages go out; the next ones wait at the channel until the core is being stopped, so
    // the restart surely lands mid-broadcast (however fast this machine sends), with messages
    // in flight that the graceful stop must finish.
    let stopping!: () => void;
    const stopped = new Promise<void>((r) => (stopping = r));
    let attempts = 0;
    bot.channel.deliverHook = () => (++attempts > 60 ? stopped : undefined);
    const center = bot.center();
    const stopCenter = center.stop.bind(center);
    center.stop = () => {
      const done = stopCenter(); // takes no new recipient from here on
      stopping();
      return done;
    };
    const first = bot.control('caravan.announce', { id: stop.id }) as Promise<{ status: string; counts: Counts }>;
    while (bot.channel.sent.length < 60) await sleep(5);
    const firstChannel = bot.channel;
    bot = await bot.restart();
    const interrupted = await first;
    expect(interrupted.status).toBe('running');
    expect(interrupted.counts.sending).toBe(0);
    expect(interrupted.counts.sent).toBeGreaterThanOrEqual(60);
    expect(interrupted.counts.sent).toBeLessThan(200);
    await bot.center().idle();
    const all = tally([...firstChannel.sent, ...bot.channel.sent].map((s) => s.chatId));
    for (const id of ids) expect(all.get(id), id).toBe(1);
    const report = (await bot.control('caravan.report', { id: stop.id })) as { broadcasts: { status: string; counts: Counts }[] };
    expect(report.broadcasts[0]).toMatchObject({ status: 'done', counts: { total: 200, sent: 200, unknown: 0, pending: 0 } });
  });

  it('kill -9 mid-broadcast, then restart: nobody gets it twice, and anyone not sent is reported in doubt', async () => {
    const dir = tempDir('together-bcast-kill-');
    dirs.push(dir);
    const run1 = await child(dir, 'start', 100);
    expect(run1.some((l) => l === 'FINISHED')).toBe(false);
    const run2 = await child(dir, 'resume');
    const sent = [...run1, ...run2].filter((l) => l.startsWith('SENT ')).map((l) => l.slice(5));
    const doubt = new Set(run2.filter((l) => l.startsWith('UNKNOWN ')).map((l) => l.slice(8)));
    const report = JSON.parse(run2.find((l) => l.startsWith('REPORT '))!.slice(7)) as { status: string; counts: Counts };
    expect(run2.filter((l) => l.startsWith('OTHER '))).toEqual([]);
    const counts = tally(sent);
    for (const [chat, n] of counts) expect(n, `${chat} received ${n} times`).toBe(1);
    for (let i = 0; i < 300; i++) {
      const chat = `c${i}`;
      expect(counts.has(chat) || doubt.has(chat), `${chat} neither sent nor in doubt`).toBe(true);
    }
    expect(report.status).toBe('done');
    expect(report.counts.total).toBe(300);
    expect(report.counts.pending).toBe(0);
    expect(report.counts.unknown).toBe(doubt.size);
    // In doubt: only those at the channel when the process died, or sent but not yet recorded;
    // those still queued in the outbox were \`pending\` and went out after the restart. How many
    // outcomes are unrecorded at the kill depends on how slow the disk and CPU are then (one
    // group-committed write in flight), so the bound is set against the design it rules out:
    // marking a whole window of 64 handed to the outbox as \`sending\` would put ~64 in doubt.
    expect(doubt.size).toBeLessThan(32);
    expect(report.counts.sent + report.counts.unknown).toBe(300);
  }, 60_000);

  it('/forget removes the person from every ledger', async () => {
    bot = await startCaravanBot();
    const stop = await addStop(bot);
    await seedSubscribers(bot.services, ['keep', 'leave']);
    await bot.control('caravan.announce', { id: stop.id });
    const leaver = bot.user('leave');
    await leaver.send('/forget');
    await leaver.press(/Yes/);
    const { Ledger } = await import('../src/broadcast/ledger.ts');
    const meta = (await bot.center().list())[0]!;
    const ledger = await Ledger.open(bot.services.store, meta.id);
    expect([...ledger.entries()].map(([key]) => key)).toEqual([bot.services.store.keyOf('memory:keep')]);
  });
});
