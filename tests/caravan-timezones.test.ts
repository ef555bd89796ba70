// The person's own time zone, through the real Slack and Telegram channels: Slack tells a
// person's zone (stored on them), Telegram does not. Quiet hours hold an announcement until each
// one's own morning — the Slack person's zone, else the stop's — and the stop's time is also
// shown in the zone of whoever has one.
import { afterEach, describe, expect, it } from 'vitest';
import type { Counts } from '../src/broadcast/index.ts';
import { seenOf } from './fakes/contract/slack-driver.ts';
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

const ANNOUNCED = /A new stop of the caravan/;

describe('quiet hours and times in the person\'s own zone', () => {
  it('a Slack person in New York and a Telegram person without a zone each get a held announcement at their own 08:00', async () => {
    // 03:00 UTC: 06:00 in Bucharest (the stop's zone), 23:00 the evening before in New York.
    both = await startSlackAndTelegram({ now: '2027-05-03T03:00:00Z' });
    const { slack, telegram, core, clock } = both;
    const { store } = core.services;
    const stop = (await both.control('caravan.add', stopFields({ date: '2027-05-12' }))) as { id: string };

    slack.addUser({ id: 'U0NYC', name: 'Nia', locale: 'en-US', tz: 'America/New_York' });
    const [nia] = await seedSubscribers(core.services, ['U0NYC'], { channel: 'slack', lang: 'en' });
    // The zone Slack told at first contact, on the person's document (src/engine/engine.ts).
    await store.saveUser({ ...nia!, tz: 'America/New_York', contact: { channel: 'slack', userId: 'U0NYC', chatId: slack.dmOf('U0NYC') } });
    telegram.addUser({ id: 7100 });
    await seedSubscribers(core.services, ['7100'], { channel: 'telegram', lang: 'en' });

    const r = (await both.control('caravan.announce', { id: stop.id })) as { status: string; counts: Counts; wakeAt?: string };
    expect(r.status).toBe('held');
    expect(r.counts).toMatchObject({ pending: 2, sent: 0 });
    // The first to wake: 08:00 in Bucharest.
    expect(r.wakeAt).toBe('2027-05-03T05:00:00.000Z');

    const toSlack = () => slack.messages(slack.dmOf('U0NYC')).filter((m) => ANNOUNCED.test(seenOf(m).text));
    const toTelegram = () => telegram.messages(7100).filter((m) => ANNOUNCED.test(m.text ?? ''));
    const at = async (iso: string) => {
      clock.set(iso);
      await core.scheduler.runDue();
      await both!.core.engine.idle();
      await core.outbox.drain();
    };
    const idle = async () => {
      // The woken broadcast runs in the background: wait until it has settled.
      for (let i = 0; i < 50; i++) {
        const report = (await both!.control('caravan.report', { id: stop.id })) as { broadcasts: { status: string }[] };
        if (report.broadcasts[0]?.status !== 'running') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    await at('2027-05-03T05:00:30Z');
    await idle();
    await core.outbox.drain();
    // 08:00 in Bucharest: the Telegram person (no zone: the stop's) has it; it is 01:00 in New York.
    expect(toTelegram()).toHaveLength(1);
    expect(toSlack()).toHaveLength(0);
    const report = (await both.control('caravan.report', { id: stop.id })) as { broadcasts: { status: string; wakeAt?: string }[] };
    expect(report.broadcasts[0]).toMatchObject({ status: 'held' });

    await at('2027-05-03T11:59:00Z');
    await idle();
    expect(toSlack()).toHaveLength(0);
    // 08:00 in New York (EDT, UTC−4).
    await at('2027-05-03T12:00:30Z');
    await idle();
    await core.outbox.drain();
    expect(toSlack()).toHaveLength(1);
    expect(toTelegram()).toHaveLength(1);

    // The stop's local time for everyone; the New York person also sees it in her own zone.
    const slackText = seenOf(toSlack()[0]!).text;
    expect(slackText).toContain('Wednesday, May 12, 2027 at 18:30 (local time)');
    expect(slackText).toContain('🕓 Wed, May 12, 11:30 EDT your time');
    const telegramText = toTelegram()[0]!.text ?? '';
    expect(telegramText).toContain('18:30 (local time)');
    expect(telegramText).not.toContain('your time');
    const final = (await both.control('caravan.report', { id: stop.id })) as { broadcasts: { status: string; counts: Counts }[] };
    expect(final.broadcasts[0]).toMatchObject({ status: 'done', counts: { sent: 2, pending: 0 } });
  }, 60_000);
});
