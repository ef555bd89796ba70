// What a digest shows, part by part, only when there is something: the plan's events for what a
// member follows, their groups' check-ins, new caravan stops, open SPIRAL groups of their territory,
// new NOW-BE-ALL proposals; members who paused, stopped or turned it off get none; a crash after
// the week's digests were handed over, a restart or a replayed job sends nobody a second one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispose, startBot, type Bot } from './helpers/harness.ts';
import { Clock } from './helpers/caravan-bot.ts';
import { planEvent, seedMember, seedPlan } from './helpers/network-digest.ts';
import { zoneInUse } from '../flows/network/digest/zones.ts';
import { plandigest } from '../flows/network/digest/index.ts';
import { caravanRecords } from '../flows/caravan/data.ts';
import { spiralRecords } from '../flows/spiral/records.ts';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import type { Stop } from '../flows/caravan/types.ts';
import type { Call, Proposal } from '../flows/nowbeall/types.ts';
import type { Services } from '../src/engine/index.ts';

// The check-ins part reads the last round of a group through this one function (part D's).
const checkins = vi.hoisted(() => ({ answered: false }));
vi.mock('../flows/network/checkins/latest.ts', () => ({
  lastCheckin: async (_store: unknown, group: string) =>
    checkins.answered && group === 'coord-mons' ? { activity: 'website', period: '2026-06', at: '2026-06-04T10:00:00.000Z', progress: 'New pages online\nTranslations started', blocked: 'No photos yet', answered: 2, asked: 3 } : undefined,
}));

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

async function digestBot(start: string): Promise<{ clock: Clock; got: Map<string, string[]> }> {
  const clock = new Clock(new Date(start));
  const got = new Map<string, string[]>();
  bot = await startBot({ now: clock.now });
  const hook = (chat: string, reply: { kind: string; text?: string }) => {
    if (reply.kind === 'text' && reply.text?.startsWith('📰')) got.set(chat, [...(got.get(chat) ?? []), reply.text]);
  };
  bot.channel.deliverHook = hook;
  return { clock, got };
}

async function walk(b: Bot, clock: Clock, from: string, to: string, stepMin = 30): Promise<void> {
  for (let t = Date.parse(from); t < Date.parse(to); t += stepMin * 60_000) {
    clock.set(new Date(t).toISOString());
    await b.core.scheduler.runDue();
    await b.core.broadcasts.idle();
    await b.core.outbox.drain();
  }
}

const BXL = 'Europe/Brussels';

async function news(services: Services): Promise<void> {
  const stop: Stop = { id: 'iasi-260912', town: 'Iași', country: 'RO', venue: 'Palace of Culture', date: '2026-09-12', time: '18:30', tz: 'Europe/Bucharest', description: '', languages: ['ro'], status: 'scheduled', createdAt: '2026-06-05T09:00:00.000Z', updatedAt: '2026-06-05T09:00:00.000Z', version: 1 };
  const old: Stop = { ...stop, id: 'cluj-260901', town: 'Cluj', createdAt: '2026-05-01T09:00:00.000Z' };
  const cv = await caravanRecords(services.store);
  await cv.stops.put(stop);
  await cv.stops.put(old);
  const sp = await spiralRecords(services.store);
  const group = { code: 'K7M2QX', kind: 'group' as const, name: 'Young people of Mons', territory: 'mons', profile: 'young', lang: 'fr', cycle: '2026', questionSet: 'spiral-3', rating: 'criteria' as const, createdAt: '2026-05-20T10:00:00.000Z', expiresAt: '2026-08-18T10:00:00.000Z', memberCount: 3 };
  await sp.groups.put({ id: group.code, ...group });
  await sp.groups.put({ id: 'ZZ9ZZZ', ...group, code: 'ZZ9ZZZ', name: 'Elderly people of Namur', territory: 'Namur' });
  const nb = nowbeallRecords(services.store);
  const call: Call = { id: 'nba-2026', title: { en: 'NOW-BE-ALL 2026' }, question: { en: '?' }, themes: [{ id: 'mobility', label: { en: 'Mobility', fr: 'Mobilité' } }], territories: [], languages: [], phase: 'collecting', createdAt: '2026-05-01T00:00:00.000Z', createdBy: 'p-x', phases: [] };
  await nb.calls.put(call);
  const p: Proposal = { id: '42', call: 'nba-2026', theme: 'mobility', title: 'Free buses for students', body: '…', actor: 'authorities', lang: 'en', status: 'published', author: 'p-a', createdAt: '2026-06-03T10:00:00.000Z', updatedAt: '2026-06-03T10:00:00.000Z', supports: 0, reports: 0 };
  await nb.proposals.put(p);
  await nb.proposals.put({ ...p, id: '43', title: 'Pending one', status: 'pending' });
  await nb.proposals.put({ ...p, id: '41', title: 'Older one', createdAt: '2026-05-20T10:00:00.000Z' });
}

describe('network digest: its parts', () => {
  it('each part only when it has something, for what each member follows; nothing at all: no digest', async () => {
    const { clock, got } = await digestBot('2026-05-20T12:00:00Z');
    const { services } = bot!.core;
    await seedPlan(services, {
      events: [
        planEvent({ id: 'coord', title: 'Mons coordination meeting', date: '2026-06-10', time: '17:00', groups: ['coord-mons'] }),
        planEvent({ id: 'policies', kind: 'seminar', title: 'Seminar on public policies', date: '2026-06-16', time: '09:30', axis: 'policies', link: 'https://meet.example.org/policies' }),
        planEvent({ id: 'report', kind: 'deadline', title: 'Activity report', date: '2026-06-30', axis: 'policies' }),
      ],
      activities: [{ id: 'website', axis: 'basic', title: { en: 'New website', fr: 'Nouveau site web' }, owner: 'coord-mons', to: '2026-06-26', status: 'ongoing' }],
    });
    await seedMember(services, { id: 'quiet', tz: BXL, follows: { axes: ['partnerships'] } });
    await seedMember(services, { id: 'mons', tz: BXL, follows: { groups: ['coord-mons'] }, groups: ['coord-mons'], lang: 'fr' });
    await seedMember(services, { id: 'all', tz: BXL });
    await seedMember(services, { id: 'paused', tz: BXL, pausedUntil: '2026-06-20T00:00:00.000Z' });
    await seedMember(services, { id: 'stopped', tz: BXL, off: true });
    await seedMember(services, { id: 'nodigest', tz: BXL, digest: false });
    await zoneInUse(services, BXL);

    // The week of 25 May: nothing in the plan these two weeks, no news anywhere: nobody gets a digest.
    await walk(bot!, clock, '2026-05-24T22:00:00Z', '2026-05-25T12:00:00Z');
    expect([...got.keys()]).toEqual([]);

    await news(services);
    checkins.answered = true;
    await walk(bot!, clock, '2026-06-07T22:00:00Z', '2026-06-08T12:00:00Z');
    expect([...got.keys()].sort()).toEqual(['all', 'mons', 'quiet']);

    // Follows only an axis with nothing on it, in no group: the news of the other flows only.
    const quiet = got.get('quiet')![0]!;
    expect(quiet).toContain('🚐 New caravan stops\n• Sep 12, 2026, 18:30 — Iași (Romania) · iasi-260912');
    expect(quiet).not.toContain('Cluj');
    expect(quiet).toContain('📝 New NOW-BE-ALL proposals\n• #42 Free buses for students (Mobility)');
    expect(quiet).not.toMatch(/Pending one|Older one/);
    for (const absent of ['📅', '⏳', '✅', '🌀', '🧭']) expect(quiet).not.toContain(absent);

    // A member of Mons' coordination group, in French: its meeting, its activity's deadline, its check-in, Mons' open SPIRAL group.
    const mons = got.get('mons')![0]!;
    expect(mons).toContain('📅 Cette semaine\n• mer. 10 juin, 17:00 — Mons coordination meeting (réunion)');
    expect(mons).not.toContain('Seminar on public policies');
    expect(mons).toContain('⏳ Échéances à venir\n• 26 juin 2026 — Nouveau site web (Groupe de coordination de Mons)');
    expect(mons).toContain('✅ Derniers points d’étape\n• Groupe de coordination de Mons — Nouveau site web (2026-06) : 2 réponses sur 3\n   ↗ Avancées : New pages online · Translations started\n   ⛔ Blocages : No photos yet');
    expect(mons).toContain('🌀 Groupes SPIRAL ouverts à mons\n• Young people of Mons (Jeunes) — code K7M2QX, ouvert jusqu’au 2026-08-18');
    expect(mons).not.toContain('Namur');
    expect(mons).toContain('n° 42 Free buses for students (Mobilité)');

    // Follows everything, in no group: every event and deadline, no group's check-in, no territory.
    const all = got.get('all')![0]!;
    expect(all).toContain('📅 This week\n• Wed, Jun 10, 17:00 — Mons coordination meeting (meeting)');
    expect(all).toContain('📅 Next week\n• Tue, Jun 16, 09:30 — Seminar on public policies (seminar)\n   🔗 https://meet.example.org/policies');
    expect(all).toContain('⏳ Deadlines ahead\n• Jun 26, 2026 — New website (Mons coordination group)\n• Tue, Jun 30 — Activity report (deadline)');
    expect(all).not.toMatch(/✅|🌀/);
  });

  it('a crash after the week was handed over, a restart and a replayed job send nobody a second digest', async () => {
    const { clock, got } = await digestBot('2026-06-05T12:00:00Z');
    let { services } = bot!.core;
    await seedPlan(services, { events: [planEvent({ id: 'meeting', date: '2026-06-09', time: '10:00' })] });
    for (const id of ['a', 'b', 'c']) await seedMember(services, { id, tz: BXL });
    await zoneInUse(services, BXL);
    // The channels stop sending just as 09:00 comes: the digests are handed over (durable), none sent.
    await bot!.core.broadcasts.stop();
    await walk(bot!, clock, '2026-06-08T06:30:00Z', '2026-06-08T07:30:00Z');
    expect(got.size).toBe(0);
    // The restart resumes the week's broadcast (its sends may start before the start returns: read what the channel sent).
    bot = await bot!.restart();
    services = bot.core.services;
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    const digests = (b: Bot) => b.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.startsWith('📰')).map((s) => s.chatId).sort();
    expect(digests(bot)).toEqual(['a', 'b', 'c']);

    // The same week's job again (a replay), another restart, more ticks: nothing more.
    await plandigest.jobs!['plandigest.zone']!(services, { id: 'plandigest-zone:Europe/Brussels', kind: 'plandigest.zone', at: '2026-06-08T07:00:00.000Z', payload: { tz: BXL, week: '2026-06-08' } });
    await bot.core.broadcasts.idle();
    await bot.core.outbox.drain();
    expect(digests(bot)).toEqual(['a', 'b', 'c']);
    bot = await bot.restart();
    await walk(bot, clock, '2026-06-08T07:30:00Z', '2026-06-08T20:00:00Z');
    expect(digests(bot)).toEqual([]);
    // The broadcast of the week has each member once.
    const week = await bot.core.broadcasts.get('plandigest-2026-06-08');
    expect(week?.counts).toMatchObject({ total: 3, sent: 3 });
  });
});
