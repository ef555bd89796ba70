import { afterEach, describe, expect, it } from 'vitest';
import type { Counts } from '../src/broadcast/index.ts';
import { removeDir } from './helpers/harness.ts';
import { seedSubscribers, stopFields } from './helpers/caravan-bot.ts';
import { startCaravanTelegram, type CaravanTelegram } from './helpers/caravan-telegram.ts';
import type { CaravanData } from '../flows/caravan/types.ts';

let tg: CaravanTelegram | null = null;
afterEach(async () => {
  if (!tg) return;
  await tg.stop();
  removeDir(tg.dir);
  tg = null;
});

describe('caravan announcement through the real Telegram channel (fake Bot API)', () => {
  it('a 429 storm loses and duplicates nothing; a user who blocked the bot is counted and unsubscribed', async () => {
    tg = await startCaravanTelegram();
    const { fake, core } = tg;
    const stop = (await tg.control('caravan.add', stopFields({ date: '2027-05-12' }))) as { id: string };
    const ids = Array.from({ length: 40 }, (_, i) => 5000 + i);
    await seedSubscribers(core.services, ids.map(String), { channel: 'telegram', lang: (i) => ['ro', 'fr', 'en'][i % 3]! });
    for (const id of ids) fake.addUser({ id });
    const blocked = ids[7]!;
    fake.blockUser({ id: blocked }, { emitUpdate: false });
    fake.failNext(25, { code: 429, retryAfter: 0.05, methods: ['sendMessage'] });

    const r = (await tg.control('caravan.announce', { id: stop.id })) as { status: string; counts: Counts };
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 40, sent: 39, blocked: 1, failed: 0, unknown: 0, pending: 0 });
    expect(fake.counters().tooManyRequests).toBeGreaterThanOrEqual(25);
    for (const id of ids) {
      const got = fake.messages(id).filter((m) => (m.text ?? '').includes('caravan') || (m.text ?? '').includes('caravanei'));
      expect(got, `chat ${id}`).toHaveLength(id === blocked ? 0 : 1);
    }
    expect(fake.messages(5001)[0]?.text).toContain('Une nouvelle étape de la caravane');
    expect(fake.messages(5000)[0]?.text).toContain('O nouă oprire a caravanei');
    await core.outbox.drain();
    await core.engine.idle();
    const doc = await core.services.store.loadUser(core.services.store.keyOf(`telegram:${blocked}`));
    expect(doc?.unreachable).toBe(true);
    expect((doc?.flows.caravan as CaravanData).sub).toBeUndefined();

    // The announcement's buttons work on Telegram: "Going" is recorded and answered.
    const message = fake.messages(5002)[0]!;
    const going = message.buttons.flat().find((b) => b.text.includes('Going'))!;
    fake.pressButton({ id: 5002 }, message.message_id, going.data!);
    await fake.waitFor((m) => m.chat_id === 5002 && (m.text ?? '').includes('see you in Iași'));
    const answered = await core.services.store.loadUser(core.services.store.keyOf('telegram:5002'));
    expect((answered?.flows.caravan as CaravanData).rsvp[stop.id]?.answer).toBe('going');
  }, 60_000);
});
