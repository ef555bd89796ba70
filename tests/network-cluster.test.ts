/**
 * Two bot instances on one PostgreSQL database doing the network's scheduled work at the same
 * moment (issue #13 with several instances): both start on the first weekday of the month after
 * 10:00, so both make the month's check-in rounds in their start; a manager's `--send` reaches both
 * at once; a plan reminder job and a zone's weekly digest are run by both (two scheduler ticks, as
 * in a lease hand-over). Exactly one round per activity, one letter, one reminder and one digest
 * per member, no instance failing.
 */
import { beforeEach, expect, it } from 'vitest';
import { every } from '../src/engine/index.ts';
import { checkin } from '../flows/network/checkins/index.ts';
import type { RoundsMade } from '../flows/network/checkins/round.ts';
import { checkinRecords } from '../flows/network/checkins/records.ts';
import { center } from '../flows/network/reminders/kinds.ts';
import { eventChanged } from '../flows/network/reminders/on-change.ts';
import { networkRecords } from '../flows/network/records.ts';
import { eventually, sleep } from './helpers/cluster.ts';
import { FakeUser, texts } from './helpers/memory-channel.ts';
import { Clock, networkInstances, seedPerson, sentTo, type NetworkInstance } from './helpers/network-cluster.ts';
import { planEvent } from './helpers/network-digest.ts';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';

const database = fileDatabases();
let url = '';
let instances: NetworkInstance[] = [];
const clock = new Clock(new Date(0));
const cores = networkInstances(() => url, clock);

/** What the instances logged as errors (a broadcast left to the instance that took it over is a warning, not one). */
const failures = (...of: NetworkInstance[]) => of.flatMap((i) => i.errors);

/** Waits until `check` holds, then a while longer (longer than a sweep for waiting broadcasts) to see that nothing more comes. */
async function settled(check: () => boolean, what: string): Promise<void> {
  await eventually(check, 30_000, what);
  await sleep(1_500);
}

await describePostgres('the network on two instances sharing one database', () => {
  beforeEach(async () => {
    url = (await database()).url;
  });

  it('both start on the first weekday after 10:00 and make the month\'s check-ins at the same moment: one round per activity, one letter each; a --send on both at once makes a new round once', async () => {
    clock.current = new Date('2026-06-01T08:30:00Z');
    const [a, b] = (instances = [await cores.make(), await cores.make()]) as [NetworkInstance, NetworkInstance];
    const store = a.core.services.store;
    const n = networkRecords(store);
    await n.axes.put({ id: 'basic', name: 'Basic functions' });
    await n.groups.put({ id: 'web-team', name: 'Web team', kind: 'thematic' });
    await n.groups.put({ id: 'trainers', name: 'Trainers', kind: 'thematic' });
    await n.activities.put({ id: 'website', axis: 'basic', title: 'Website', owner: 'web-team', status: 'ongoing' });
    await n.activities.put({ id: 'training', axis: 'basic', title: 'Training', owner: 'trainers', status: 'planned', quarter: 'Q2' });
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    for (const [i, id] of ids.entries()) {
      const key = await seedPerson(store, id, { member: true });
      await n.memberships.put({ id: `web-team:${key}`, group: 'web-team', key, by: 'manager', at: '2026-01-01T00:00:00.000Z' });
      if (i < 10) await n.memberships.put({ id: `trainers:${key}`, group: 'trainers', key, by: 'manager', at: '2026-01-01T00:00:00.000Z' });
    }

    await Promise.all([a.core.start(), b.core.start()]);
    const letters = (id: string) => sentTo(instances, id, '📋 Check-in —');
    await settled(() => ids.every((id) => letters(id).length >= 1), 'every letter');
    for (const [i, id] of ids.entries()) expect(letters(id)).toEqual([expect.stringContaining(`Waiting for you: ${i < 10 ? 2 : 1}.`)]);
    const r = checkinRecords(store);
    expect((await every(r.rounds)).map((x) => `${x.id} ${x.asked}`).sort()).toEqual(['training@2026-06 10', 'website@2026-06 30']);
    expect(await r.answers.count()).toBe(40);
    const asks = (await a.core.broadcasts.list()).filter((m) => m.kind === 'checkin.ask');
    expect(asks.map((m) => m.counts?.sent)).toEqual([30]);

    // A new activity, and `together plan checkins --send` reaching both instances at the same moment.
    await n.activities.put({ id: 'newsletter', axis: 'basic', title: 'Newsletter', owner: 'trainers', status: 'ongoing' });
    const send = (i: NetworkInstance) => checkin.control!['checkin.round']!(i.core.services, {}, () => {}) as Promise<RoundsMade>;
    const made = await Promise.all([send(a), send(b)]);
    expect(made.flatMap((m) => m.made)).toEqual(['newsletter@2026-06']);
    await settled(() => ids.slice(0, 10).every((id) => letters(id).length >= 2), 'the newsletter letters');
    for (const [i, id] of ids.entries()) expect(letters(id)).toHaveLength(i < 10 ? 2 : 1);
    expect(await r.rounds.count()).toBe(3);
    expect(failures(a, b)).toEqual([]);
  }, 120_000);

  it('a plan reminder job and a zone\'s weekly digest run by both instances at the same moment: each member reminded once, one digest each', async () => {
    clock.current = new Date('2026-05-06T20:00:00Z');
    const [a, b] = (instances = [await cores.make(), await cores.make()]) as [NetworkInstance, NetworkInstance];
    await Promise.all([a.core.start(), b.core.start()]);
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    for (const id of ids) await seedPerson(a.core.services.store, id, { tz: 'Europe/Bucharest' });
    // Half of them join through one instance, half through the other, at once.
    const joined = await Promise.all(ids.map((id, i) => new FakeUser((i % 2 ? b : a).channel, id).send('/plan join')));
    for (const replies of joined) expect(texts(replies)).toContain("You joined the plan's reminders");
    const seminar = planEvent({ id: 'seminar', kind: 'seminar', title: 'Seminar on public policies', date: '2026-05-14', time: '10:00', tz: 'Europe/Bucharest' });
    await networkRecords(a.core.services.store).events.put(seminar);
    await eventChanged(a.core.services, undefined, seminar);

    // A week before, 09:00 in Bucharest: both instances' schedulers run what is due.
    clock.current = new Date('2026-05-07T06:00:00Z');
    await Promise.all([a.core.scheduler.runDue(), b.core.scheduler.runDue()]);
    const reminders = (id: string) => sentTo(instances, id, '⏰');
    await settled(() => ids.every((id) => reminders(id).length >= 1), 'every reminder');
    for (const id of ids) expect(reminders(id)).toEqual([expect.stringContaining('⏰ In 7 days · Seminar on public policies')]);
    const sent = (await center(a.core.services).list()).filter((m) => m.kind === 'plan.remind');
    expect(sent.map((m) => m.counts?.sent)).toEqual([ids.length]);

    // Monday 11 May, 09:00 in Bucharest: the zone's weekly digest, run by both too.
    clock.current = new Date('2026-05-11T06:00:00Z');
    await Promise.all([a.core.scheduler.runDue(), b.core.scheduler.runDue()]);
    const digests = (id: string) => sentTo(instances, id, '📰');
    await settled(() => ids.every((id) => digests(id).length >= 1), 'every digest');
    for (const id of ids) expect(digests(id)).toEqual([expect.stringContaining('Seminar on public policies')]);
    // The zone's next Monday is planned, once (an instance that found the week's ledger busy may try again 30 s later: it finds the zone done).
    clock.current = new Date('2026-05-11T06:00:30Z');
    await Promise.all([a.core.scheduler.runDue(), b.core.scheduler.runDue()]);
    expect((await a.core.scheduler.list()).filter((j) => j.kind === 'plandigest.zone').map((j) => `${j.id} ${new Date(j.due!).toISOString()}`)).toEqual(['plandigest-zone:Europe/Bucharest 2026-05-18T06:00:00.000Z']);
    expect(failures(a, b)).toEqual([]);
  }, 120_000);
});
