/**
 * A NOW-BE-ALL notice waiting when the bot stopped goes out once at the next start, whichever
 * flow starts the shared broadcast center first: the core registers every flow's kinds of
 * broadcast message (`broadcasts` of the flow spec) before any flow's onStart runs. The caravan,
 * listed before the proposals flow, starts the center in its own onStart, as it did when the
 * notice kind was still registered by the proposals flow's onStart (and failed to resume).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allFlows } from '../flows/index.ts';
import { NOTICE_KIND, notifyProposal, follow } from '../flows/nowbeall/notify.ts';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import type { Proposal } from '../flows/nowbeall/types.ts';
import { BROADCAST_WAKE_JOB } from '../src/broadcast/index.ts';
import { dispose } from './helpers/harness.ts';
import { startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const AT = '2026-04-20T10:00:00.000Z';

describe('NOW-BE-ALL notices across a restart', () => {
  it('a notice pending when the bot stopped is delivered once after the restart, with no retry job', async () => {
    // The caravan (which starts the center in its onStart) comes before the proposals flow.
    expect(allFlows.map((f) => f.id).indexOf('caravan')).toBeLessThan(allFlows.map((f) => f.id).indexOf('proposals'));
    expect(allFlows.find((f) => f.id === 'proposals')?.broadcasts?.[NOTICE_KIND]).toBeDefined();
    bot = await startCaravanBot();
    const ana = bot.user('ana');
    await ana.send('/agree');
    const { store } = bot.services;
    const doc = (await store.loadUser(store.keyOf('memory:ana')))!;
    const r = nowbeallRecords(store);
    const p: Proposal = { id: '1', call: 'nba-2026', theme: 'health', title: 'Free health checks', body: 'For everyone.', actor: 'authorities', lang: 'en', status: 'published', author: doc.pseudonym, createdAt: AT, updatedAt: AT, supports: 0, reports: 0 };
    await r.proposals.put(p);
    await follow(bot.services, '1', { pseudonym: doc.pseudonym, key: doc.key }, 'author');

    // The center stops sending (as a crash would cut it): the notice is stored, pending, unsent.
    await bot.core.broadcasts.stop();
    expect(await notifyProposal(bot.services, '1', 'approved')).toBe(1);
    const [meta] = await bot.center().list();
    expect(meta).toMatchObject({ kind: NOTICE_KIND, status: 'running', counts: { pending: 1, sent: 0 } });
    expect(textsTo(bot.channel, 'ana').join('\n')).not.toContain('is published');

    bot = await bot.restart();
    await vi.waitFor(async () => expect((await bot!.center().get(meta!.id))?.status).toBe('done'), { timeout: 10_000, interval: 20 });
    const notices = textsTo(bot.channel, 'ana').filter((t) => t.includes('Proposal #1 “Free health checks” is published'));
    expect(notices).toHaveLength(1);
    expect((await bot.center().report(meta!.id))?.counts).toMatchObject({ sent: 1, pending: 0, unknown: 0 });
    expect(bot.logs.filter((l) => /broadcast/.test(String(l.msg)) && l.level === 50)).toEqual([]);
    // No periodic workaround any more: the only NOW-BE-ALL job would have been the retry.
    expect((await bot.core.scheduler.list()).map((j) => j.id)).not.toContain('nowbeall-resume');

    // A second restart sends nothing again.
    bot = await bot.restart();
    await bot.center().idle();
    expect(textsTo(bot.channel, 'ana').filter((t) => t.includes('is published'))).toHaveLength(0);
    expect(BROADCAST_WAKE_JOB).toBe('broadcast.wake');
  }, 60_000);
});
