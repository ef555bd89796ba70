// A caravan announcement through the real Slack and Telegram channels in one broadcast: each
// subscriber gets it once on their own platform, through a storm of 429s; deactivated Slack
// accounts are counted and marked unreachable.
import { afterEach, describe, expect, it } from 'vitest';
import type { Counts } from '../src/broadcast/index.ts';
import type { CaravanData } from '../flows/caravan/types.ts';
import { buttonOf, seenOf } from './fakes/contract/slack-driver.ts';
import { removeDir } from './helpers/harness.ts';
import { seedSubscribers, stopFields } from './helpers/caravan-bot.ts';
import { startSlackAndTelegram, type TwoPlatforms } from './helpers/slack-caravan.ts';

let both: TwoPlatforms | null = null;
afterEach(async () => {
  if (!both) return;
  await both.stop();
  removeDir(both.dir);
  both = null;
});

const ANNOUNCED = /A new stop of the caravan|O nouă oprire a caravanei|Une nouvelle étape de la caravane/;

describe('caravan announcement to Slack and Telegram subscribers at once', () => {
  it('each gets it once through a 429 storm; deactivated Slack accounts are unreachable and unsubscribed', async () => {
    both = await startSlackAndTelegram();
    const { slack, telegram, core } = both;
    const { store } = core.services;
    const stop = (await both.control('caravan.add', stopFields({ date: '2027-05-12' }))) as { id: string };

    const slackIds = Array.from({ length: 30 }, (_, i) => `U0CARA${String(i).padStart(3, '0')}`);
    const lang = (i: number) => ['ro', 'fr', 'en'][i % 3]!;
    for (const id of slackIds) slack.addUser({ id, name: id, locale: 'en-US', tz: 'Europe/Bucharest' });
    await seedSubscribers(core.services, slackIds, { channel: 'slack', lang });
    // Half were met in their DM already; the others are reached by their user id (conversations.open).
    for (const id of slackIds.slice(0, 15)) {
      const doc = (await store.loadUser(store.keyOf(`slack:${id}`)))!;
      await store.saveUser({ ...doc, contact: { channel: 'slack', userId: id, chatId: slack.dmOf(id) } });
    }
    const tgIds = Array.from({ length: 20 }, (_, i) => 7000 + i);
    for (const id of tgIds) telegram.addUser({ id });
    await seedSubscribers(core.services, tgIds.map(String), { channel: 'telegram', lang });

    // One met in the DM (the post is refused), one never met (the DM cannot be opened).
    const gone = [slackIds[4]!, slackIds[20]!];
    for (const id of gone) slack.deactivate(id);
    // A storm: the next 25 posts and 3 DM openings are refused with Retry-After 1 s; Telegram too.
    slack.rateLimitNext(25, 1, 'chat.postMessage');
    slack.rateLimitNext(3, 1, 'conversations.open');
    telegram.failNext(10, { code: 429, retryAfter: 0.05, methods: ['sendMessage'] });

    const r = (await both.control('caravan.announce', { id: stop.id })) as { status: string; counts: Counts };
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 50, sent: 48, blocked: 2, failed: 0, unknown: 0, pending: 0 });
    expect(slack.rateLimited()).toBeGreaterThanOrEqual(28);
    expect(telegram.counters().tooManyRequests).toBeGreaterThanOrEqual(10);

    for (const [i, id] of slackIds.entries()) {
      const dm = slack.dmOf(id);
      const got = slack.messages(dm).filter((m) => ANNOUNCED.test(seenOf(m).text));
      expect(got, `Slack ${id}`).toHaveLength(gone.includes(id) ? 0 : 1);
      // Sent once: not a second accepted post behind a 429 the client retried on its own.
      expect(slack.calls('chat.postMessage').filter((c) => c.ok && c.params.channel === dm), `Slack ${id}`).toHaveLength(gone.includes(id) ? 0 : 1);
      if (!gone.includes(id)) expect(seenOf(got[0]!).text).toMatch({ ro: /O nouă oprire/, fr: /Une nouvelle étape/, en: /A new stop/ }[lang(i)]!);
    }
    for (const id of tgIds) expect(telegram.messages(id).filter((m) => ANNOUNCED.test(m.text ?? '')), `Telegram ${id}`).toHaveLength(1);

    await core.outbox.drain();
    await core.engine.idle();
    for (const id of gone) {
      const dead = await store.loadUser(store.keyOf(`slack:${id}`));
      expect(dead?.unreachable, id).toBe(true);
      expect((dead?.flows.caravan as CaravanData).sub, id).toBeUndefined();
    }

    // The announcement's buttons work in Slack: "Going" is recorded, the button marked, the person answered.
    const who = slackIds[2]!;
    const dm = slack.dmOf(who);
    const message = slack.messages(dm).find((m) => ANNOUNCED.test(seenOf(m).text))!;
    const going = buttonOf(message, /Going/)!;
    expect((await slack.pressButton(who, message.ts, going.actionId)).status).toBe(200);
    await slack.waitForMessage(dm, (m) => seenOf(m).text.includes('see you in Iași'));
    const answered = await store.loadUser(store.keyOf(`slack:${who}`));
    expect((answered?.flows.caravan as CaravanData).rsvp[stop.id]?.answer).toBe('going');
    await slack.waitFor(() => (slack.messages(dm).find((m) => m.ts === message.ts)?.edited ? true : undefined));
  }, 60_000);
});
