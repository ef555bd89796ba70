import { afterEach, describe, expect, it } from 'vitest';
import { dispose } from './helpers/harness.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';
import { escapeHtml } from '../adapters/telegram/format.ts';
import { support, unsupport } from '../flows/nowbeall/moderation/ops.ts';
import type { Proposal } from '../flows/nowbeall/types.ts';
import { person, records, seedCall, seedProposal } from './helpers/nowbeall-seed.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const numbers = (text: string) => [...text.matchAll(/^#(\d+) · /gm)].map((m) => m[1]);

describe('/proposals: reading', () => {
  it('lists the visible proposals of open calls, newest or most supported, by theme, paged with More', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    await seedCall(bot, 'old-2020', 'closed');
    const made: Proposal[] = [];
    for (let i = 0; i < 12; i++) made.push(await seedProposal(bot, { supports: i % 5, theme: i % 3 === 0 ? 'food' : 'health' }));
    await seedProposal(bot, { status: 'pending', title: 'Not yet' });
    await seedProposal(bot, { status: 'hidden', title: 'Hidden one' });
    await seedProposal(bot, { call: 'old-2020', title: 'Closed call' });
    const u = await person(bot, 'u');

    const first = texts(await u.user.send('/proposals'));
    expect(first).toContain('Newest proposals:');
    expect(numbers(first)).toEqual(['12', '11', '10', '9', '8', '7', '6', '5']);
    expect(first).not.toContain('Not yet');
    const second = texts(await u.user.press('More'));
    expect(numbers(second)).toEqual(['4', '3', '2', '1']);
    expect(u.user.findButton('More')).toBeUndefined();

    const top = texts(await u.user.press('Most supported first'));
    expect(top).toContain('Most supported proposals:');
    const topIds = numbers(top);
    const bySupports = [...made].sort((a, b) => b.supports - a.supports || Number(b.id) - Number(a.id) || 0);
    expect(topIds.map((id) => made.find((p) => p.id === id)!.supports)).toEqual(bySupports.slice(0, 8).map((p) => p.supports));

    await u.user.send('/proposals themes');
    expect(u.user.buttons().map((b) => b.label)).toEqual(['Health', 'Food']);
    const food = texts(await u.user.press('Food'));
    expect(food).toContain('Newest proposals on “Food”:');
    expect(numbers(food)).toEqual(['10', '7', '4', '1']);
    expect(texts(await u.user.send('/proposals nonsense'))).toContain('I did not understand “nonsense”.');
  });

  it('shows one proposal with its supports and status; support once, take back, never one’s own', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const p = await seedProposal(bot, { title: 'Free health checks', territory: 'Iași' }, ana);
    const u = await person(bot, 'u');
    const card = texts(await u.user.send(`/proposals ${p.id}`));
    expect(card).toContain(`#${p.id} · Free health checks`);
    expect(card).toContain('Health · Call nba-2026');
    expect(card).toContain('Who should act: citizens');
    expect(card).toContain('Territory: Iași');
    expect(card).toContain('Status: published · 👍 0 supports');
    expect(card).not.toContain(ana.pseudonym);
    expect(texts(await u.user.press('Support'))).toContain(`Your support for #${p.id} is counted (1 in all).`);
    expect(texts(await u.user.send(`/proposals #${p.id}`))).toContain('👍 1 supports');
    expect(u.user.buttons().map((b) => b.label)).toEqual(['↩ Take my support back', '⚠ Report']);
    // A second support from an older button: refused, nothing stored twice.
    const supportButton = u.user.channel.sent.filter((s) => s.chatId === 'u' && s.reply.kind === 'text').flatMap((s) => (s.reply.kind === 'text' ? (s.reply.buttons ?? []).flat() : [])).find((b) => b.label.includes('Support'))!;
    expect(texts(await u.user.pressToken(supportButton.token))).toContain(`You already support #${p.id}: a support counts once.`);
    expect(await records(bot).supports.count({ proposal: p.id })).toBe(1);
    expect(texts(await u.user.press('Take my support back'))).toContain(`Your support for #${p.id} is taken back (0 in all).`);
    await expect(unsupport(bot.services, u, p.id)).rejects.toMatchObject({ key: 'nowbeall-mod:support.none' });
    expect((await records(bot).proposals.get(p.id))?.supports).toBe(0);
    // The author sees no support button, and cannot support it another way either.
    await ana.user.send(`/proposals ${p.id}`);
    expect(ana.user.buttons().map((b) => b.label)).toEqual([]);
    await expect(support(bot.services, ana, p.id)).rejects.toMatchObject({ key: 'nowbeall-mod:support.own' });
    expect(texts(await u.user.send('/proposals 4242'))).toContain('There is no proposal #4242 that you can see.');
    const rejected = await seedProposal(bot, { status: 'rejected' });
    await expect(support(bot.services, u, rejected.id)).rejects.toMatchObject({ key: 'nowbeall-mod:support.closed' });
  });

  it('supporting needs consent first', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const p = await seedProposal(bot);
    const stranger = bot.user('stranger');
    expect(texts(await stranger.send(`/proposals ${p.id}`))).not.toContain(`#${p.id} · Proposal`);
    expect(await records(bot).supports.count({ proposal: p.id })).toBe(0);
  });

  it('200 people supporting one proposal at once: the count is exact and matches the supports', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const p = await seedProposal(bot);
    const people = Array.from({ length: 200 }, (_, i) => ({ pseudonym: `p-crowd-${i}`, key: `k${i}` }));
    // Each supports at once, and the first 50 also press twice: the second press is refused.
    const results = await Promise.allSettled([...people, ...people.slice(0, 50)].map((who) => support(bot!.services, who, p.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(200);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.key)).toEqual(Array(50).fill('nowbeall-mod:support.already'));
    const r = records(bot);
    expect((await r.proposals.get(p.id))?.supports).toBe(200);
    expect(await r.supports.count({ proposal: p.id })).toBe(200);
    // Taking back and supporting at the same time keeps them equal too.
    await Promise.all([...people.slice(0, 100).map((who) => unsupport(bot!.services, who, p.id)), ...Array.from({ length: 30 }, (_, i) => support(bot!.services, { pseudonym: `p-late-${i}`, key: `l${i}` }, p.id))]);
    expect((await r.proposals.get(p.id))?.supports).toBe(130);
    expect(await r.supports.count({ proposal: p.id })).toBe(130);
    expect(await r.followers.count({ proposal: p.id })).toBe(130);
  });

  it('titles with markup and mentions reach the channel as typed, for the adapter to escape once', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const title = '<b>Bold</b> @everyone <@U123> *stars* & [link](http://x)';
    const p = await seedProposal(bot, { title });
    const u = await person(bot, 'u');
    const card = texts(await u.user.send(`/proposals ${p.id}`));
    expect(card).toContain(`#${p.id} · ${title}`);
    expect(escapeHtml(card)).toContain('&lt;b&gt;Bold&lt;/b&gt; @everyone &lt;@U123&gt; *stars* &amp; [link](http://x)');
    expect(texts(await u.user.send('/proposals'))).toContain(title);
  });

  it('with 10,000 proposals: pages by supports and by date, and one proposal, from the indexes', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const r = records(bot);
    const puts: Promise<void>[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const at = new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 1000).toISOString();
      puts.push(r.proposals.put({ id: String(i), call: 'nba-2026', theme: i % 2 ? 'health' : 'food', title: `P${i}`, body: '.', actor: 'citizens', lang: 'en', status: i % 10 === 0 ? 'pending' : 'published', author: 'p-x', createdAt: at, updatedAt: at, supports: i % 997, reports: 0 }));
    }
    await Promise.all(puts);
    const find = r.proposals.find.bind(r.proposals);
    const limits: number[] = [];
    // Nothing reads the collection page by page to list or show: one bounded query per page.
    r.proposals.find = (q) => {
      limits.push(q?.limit ?? 100);
      return find(q);
    };
    const u = await person(bot, 'u');
    const topText = texts(await u.user.send('/proposals top'));
    const counts = [...topText.matchAll(/👍 (\d+)$/gm)].map((m) => Number(m[1]));
    expect(counts).toEqual(Array(8).fill(996));
    const top = numbers(topText);
    const next = numbers(texts(await u.user.press('More')));
    expect(next.some((id) => top.includes(id))).toBe(false);
    expect(numbers(texts(await u.user.send('/proposals')))).toEqual(['9999', '9998', '9997', '9996', '9995', '9994', '9993', '9992']);
    expect(texts(await u.user.send('/proposals 9999'))).toContain('#9999 · P9999');
    expect(texts(await u.user.send('/proposals 10000'))).toContain('There is no proposal #10000 that you can see.');
    expect(limits.length).toBeGreaterThan(0);
    expect(limits.every((l) => l <= 8)).toBe(true);
  }, 60_000);
});
