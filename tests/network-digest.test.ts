// The weekly digest with a fake clock: Monday 09:00 in each member's zone (one job per zone, across
// a daylight-saving change), what it shows, who gets none, and nothing twice across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import { dispose, startBot, type Bot } from './helpers/harness.ts';
import { Clock } from './helpers/caravan-bot.ts';
import { planEvent, seedMember, seedPlan } from './helpers/network-digest.ts';
import { zoneInUse, zonesInUse } from '../flows/network/digest/zones.ts';
import type { Phase } from '../flows/network/types.ts';
import { networkRecords } from '../flows/network/records.ts';

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

interface Got {
  chat: string;
  at: string;
  text: string;
}

/** A bot on a fake clock that notes when each digest reached which chat. */
async function digestBot(start: string, managers: string[] = []): Promise<{ bot: Bot; clock: Clock; got: Got[] }> {
  const clock = new Clock(new Date(start));
  const got: Got[] = [];
  const b = await startBot({ now: clock.now, managers });
  b.channel.deliverHook = (chat, reply) => {
    if (reply.kind === 'text' && reply.text.startsWith('📰')) got.push({ chat, at: clock.now().toISOString(), text: reply.text });
  };
  return { bot: b, clock, got };
}

/** Steps the clock through [from, to) by `stepMin`, running what is due at each tick and waiting for what it sent. */
async function walk(b: Bot, clock: Clock, from: string, to: string, stepMin = 15): Promise<void> {
  for (let t = Date.parse(from); t < Date.parse(to); t += stepMin * 60_000) {
    clock.set(new Date(t).toISOString());
    await b.core.scheduler.runDue();
    await b.core.broadcasts.idle();
    await b.core.outbox.drain();
  }
}

const q1: Phase = { id: 'consolidation', name: { en: 'Consolidation', fr: 'Consolidation' }, quarter: 'Q1', year: 2026, from: '2026-01-01', to: '2026-03-31', asks: { '*': 'Update the contact list', 'coord-mons': 'Hold the first territory meeting' } };
const q2: Phase = { id: 'skills', name: { en: 'Skills extension', fr: 'Extension des compétences' }, quarter: 'Q2', year: 2026, from: '2026-04-01', to: '2026-06-30', asks: { dynamisors: 'Train two new facilitators' } };

describe('network digest: Monday 09:00 in each member\'s zone', () => {
  it('one job per zone in use, sent at 09:00 local in three zones across the spring daylight-saving change, once per member per week', async () => {
    const t = await digestBot('2026-03-20T12:00:00Z');
    bot = t.bot;
    const { services } = bot.core;
    await seedPlan(services, { phases: [q1, q2], events: [planEvent({ id: 'steering', title: { en: 'Steering committee', fr: 'Comité de pilotage' }, date: '2026-03-24', time: '14:00' }), planEvent({ id: 'seminar', kind: 'seminar', title: 'Seminar on public policies', date: '2026-04-02', time: '10:00', place: 'Mons, Maison folie' })] });
    const members = [
      { id: 'bxl1', tz: 'Europe/Brussels' },
      { id: 'bxl2', tz: 'Europe/Brussels', lang: 'fr' },
      { id: 'nyc', tz: 'America/New_York' },
      { id: 'tyo', tz: 'Asia/Tokyo' },
    ];
    for (const m of members) {
      await seedMember(services, m);
      await zoneInUse(services, m.tz);
    }
    expect((await zonesInUse(services.store)).sort()).toEqual(['America/New_York', 'Asia/Tokyo', 'Europe/Brussels']);
    const jobs = (await bot.core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone');
    expect(jobs.map((j) => [j.payload, j.at])).toEqual([
      [{ tz: 'Asia/Tokyo', week: '2026-03-23' }, '2026-03-23T00:00:00.000Z'],
      [{ tz: 'Europe/Brussels', week: '2026-03-23' }, '2026-03-23T08:00:00.000Z'],
      [{ tz: 'America/New_York', week: '2026-03-23' }, '2026-03-23T13:00:00.000Z'],
    ]);

    await walk(bot, t.clock, '2026-03-22T00:00:00Z', '2026-03-31T00:00:00Z');
    const when = (chat: string) => t.got.filter((g) => g.chat === chat).map((g) => g.at);
    // Brussels moved to summer time on 29 March: 09:00 is 08:00 UTC, then 07:00 UTC.
    expect(when('bxl1')).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(when('bxl2')).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(when('nyc')).toEqual(['2026-03-23T13:00:00.000Z', '2026-03-30T13:00:00.000Z']);
    expect(when('tyo')).toEqual(['2026-03-23T00:00:00.000Z', '2026-03-30T00:00:00.000Z']);
    // Still one job per zone, now for the week after.
    const after = (await bot.core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone');
    expect(after.map((j) => (j.payload as { week: string }).week)).toEqual(['2026-04-06', '2026-04-06', '2026-04-06']);

    const first = t.got.find((g) => g.chat === 'bxl1')!.text;
    expect(first).toContain('📰 Your week in the network — March 23, 2026');
    expect(first).toContain('🧭 Phase: Consolidation (Jan 1, 2026 – Mar 31, 2026)\n• everyone: Update the contact list');
    expect(first).not.toContain('first territory meeting');
    expect(first).toContain('📅 This week\n• Tue, Mar 24, 14:00 — Steering committee (meeting)');
    expect(first).toContain('📅 Next week\n• Thu, Apr 2, 10:00 — Seminar on public policies (seminar)\n   📍 Mons, Maison folie');
    expect(first).toContain('/plan');
    // In French for the member who speaks it; New York reads the times in its own zone.
    const fr = t.got.find((g) => g.chat === 'bxl2')!.text;
    expect(fr).toContain('📰 Votre semaine dans le réseau — 23 mars 2026');
    expect(fr).toContain('Comité de pilotage (réunion)');
    expect(t.got.find((g) => g.chat === 'nyc')!.text).toContain('• Tue, Mar 24, 09:00 — Steering committee');
    // The second week: the new phase begins (with what it asks of the dynamisors, not of these members).
    const second = t.got.filter((g) => g.chat === 'bxl1')[1]!.text;
    expect(second).toContain('🧭 Phase: Consolidation');
    expect(second).toContain('🧭 From Apr 1, 2026, the phase Skills extension (until Jun 30, 2026)\n• Nothing particular asked of your groups.');
    expect(second).toContain('📅 This week\n• Thu, Apr 2, 10:00 — Seminar');
    expect(second).not.toContain('Steering committee');
  });

  it('a zone nobody is in any more loses its job; a restart plans the jobs of every zone members are in', async () => {
    const t = await digestBot('2026-06-03T12:00:00Z');
    bot = t.bot;
    await seedPlan(bot.core.services, { events: [planEvent({ id: 'weekly', date: '2026-06-09', time: '10:00' })] });
    await seedMember(bot.core.services, { id: 'lis', tz: 'Europe/Lisbon' });
    await seedMember(bot.core.services, { id: 'buc', tz: 'Europe/Bucharest' });
    // Nobody called zoneInUse (members written by another process): the start finds the zones.
    bot = await bot.restart();
    const zones = (await bot.core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone').map((j) => [(j.payload as { tz: string }).tz, j.at]);
    expect(zones).toEqual([
      ['Europe/Bucharest', '2026-06-08T06:00:00.000Z'],
      ['Europe/Lisbon', '2026-06-08T08:00:00.000Z'],
    ]);
    // Lisbon's only member leaves: its job runs once more, finds nobody, and is gone.
    await networkRecords(bot.core.services.store).members.delete(bot.core.services.store.keyOf('memory:lis'));
    bot.channel.deliverHook = t.bot.channel.deliverHook;
    await walk(bot, t.clock, '2026-06-08T05:00:00Z', '2026-06-08T10:00:00Z');
    const left = (await bot.core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone').map((j) => [(j.payload as { tz: string }).tz, j.at]);
    expect(left).toEqual([['Europe/Bucharest', '2026-06-15T06:00:00.000Z']]);
    expect(t.got.map((g) => [g.chat, g.at])).toEqual([['buc', '2026-06-08T06:00:00.000Z']]);
  });
});
