// The flow API's digest hook (a flow's part of a weekly digest, read-only, outside any turn), and the
// digest chats' privacy: /mydata lists the chats a manager added, /forget keeps them without their name.
import { afterEach, describe, expect, it } from 'vitest';
import { defineFlow, digestParts } from '../src/engine/index.ts';
import { dispose, startBot, type Bot } from './helpers/harness.ts';
import { plandigest } from '../flows/network/digest/index.ts';
import { digestRecords } from '../flows/network/digest/records.ts';
import { every } from '../src/engine/index.ts';

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('flow API: digest(view, since)', () => {
  it('collects each flow\'s sections in flow order, leaves out empty and failing ones, shares a run\'s values, creates nothing', async () => {
    let computed = 0;
    const news = defineFlow({
      id: 'news',
      version: 1,
      data: (): { seen: number } => ({ seen: 0 }),
      async digest(view, since) {
        const items = await view.shared('items', async () => (computed++, ['a', 'b']));
        const who = view.person ? `${view.person.pseudonym} (${String(view.data?.seen ?? 'no data')})` : 'a chat';
        return [{ title: `News for ${who} since ${since.toISOString().slice(0, 10)} in ${view.lang}, ${view.tz}`, lines: items.map((i) => `• ${i}`) }, { title: 'Empty', lines: [] }];
      },
    });
    const quiet = defineFlow({ id: 'quiet', version: 1, digest: () => [] });
    const broken = defineFlow({
      id: 'broken',
      version: 1,
      digest: () => {
        throw new Error('boom');
      },
    });
    bot = await startBot({ flows: [broken, news, quiet] });
    const { services } = bot.core;
    const user = { schema: 1 as const, key: 'k1', pseudonym: 'p-ana', contact: { channel: 'memory', userId: 'ana', chatId: 'ana' }, createdAt: '2026-01-01T00:00:00Z', seq: 0, seen: [], flows: {} };
    const cache = new Map<string, Promise<unknown>>();
    const shared = <T>(key: string, compute: () => Promise<T>) => {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as Promise<T>;
    };
    const since = new Date('2026-06-01T07:00:00Z');
    const parts = await digestParts(services, { user, lang: 'fr', tz: 'Europe/Paris', shared }, since);
    expect(parts).toEqual([{ flow: 'news', sections: [{ title: 'News for p-ana (no data) since 2026-06-01 in fr, Europe/Paris', lines: ['• a', '• b'] }] }]);
    // Read-only: the person's data was not created.
    expect(user.flows).toEqual({});
    const chat = await digestParts(services, { lang: 'en', tz: 'Europe/Brussels', shared }, since);
    expect(chat[0]!.sections[0]!.title).toMatch(/^News for a chat/);
    // The run's shared value was computed once for both readers, under the flow's own key.
    expect(computed).toBe(1);
    expect([...cache.keys()]).toEqual(['news:items']);
  });
});

describe('network digest chats: /mydata and /forget', () => {
  it('a manager\'s chats are in their data; after /forget the chats still get the digest, with nobody named', async () => {
    bot = await startBot({ managers: ['memory:mona'] });
    const mona = bot.user('mona');
    await mona.send('/start');
    const replies = await mona.inGroup('net').send('/plan digest here');
    expect(replies.map((r) => (r.kind === 'text' ? r.text : ''))).toEqual(["This chat will receive the network's weekly digest on Mondays at 09:00 (Europe/Brussels), in English."]);
    const { store } = bot.core.services;
    const doc = (await store.loadUser(store.keyOf('memory:mona')))!;
    expect(await plandigest.userData!(bot.core.services, doc)).toEqual({ digestChats: [{ place: 'memory:net', at: expect.any(String) }] });
    await plandigest.forget!(bot.core.services, doc);
    const places = await every(digestRecords(store).places);
    expect(places).toHaveLength(1);
    expect(places[0]!.by).toBeUndefined();
    expect(await plandigest.userData!(bot.core.services, doc)).toBeUndefined();
    // Someone else's /plan in the group still gets the pointer to the private chat.
    expect((await bot.user('ion').inGroup('net').send('/plan')).map((r) => (r.kind === 'text' ? r.text : '')).join()).toMatch(/private/i);
  });
});
