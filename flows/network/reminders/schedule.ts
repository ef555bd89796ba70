/**
 * One clock for many: jobs per (event, moment, zone in use), never one per member. When a job is
 * due, its recipients are found through the members' `tz` index (or the memberships' `group`
 * index) and reached through the broadcast center (remind.ts).
 */
import { every, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { PlanEvent } from '../types.ts';
import { MOMENTS, plannedMoments, type Moment } from './moments.ts';
import { refOf, reminderRecords, shortHash } from './records.ts';

export const REMIND_JOB = 'plan.remind';

export interface RemindPayload {
  event: string;
  moment: Moment;
  tz: string;
  /** The moment (epoch ms) it was planned for: a job of a moved event finds it changed. */
  at: number;
}

export const jobId = (ref: string, moment: Moment, tz: string) => `pl-${moment}-${ref}-${shortHash(tz, 6)}`;

/** Plans (or moves, or removes) the reminder jobs of one event in one zone. */
async function planIn(services: Services, event: PlanEvent, ref: string, tz: string): Promise<void> {
  const planned = new Map(plannedMoments(event, tz, services.now().getTime()).map((p) => [p.moment, p]));
  for (const moment of MOMENTS) {
    const id = jobId(ref, moment, tz);
    const p = planned.get(moment);
    if (!p) {
      await services.unschedule(id);
      continue;
    }
    const payload: RemindPayload = { event: event.id, moment, tz, at: p.at };
    await services.schedule({ id, kind: REMIND_JOB, at: new Date(p.at).toISOString(), graceMs: p.graceMs, payload });
  }
}

/** Every zone members live in. */
export async function zonesInUse(services: Services): Promise<string[]> {
  return (await every(reminderRecords(services.store).zones)).map((z) => z.id);
}

/** Plans an event's reminders in every zone in use (none when it is cancelled or removed). */
export async function planEvent(services: Services, event: PlanEvent | undefined, removed?: PlanEvent): Promise<void> {
  const target = event ?? removed;
  if (!target) return;
  const ref = await refOf(services.store, target.id);
  const gone = !event;
  for (const tz of await zonesInUse(services)) {
    if (gone) for (const moment of MOMENTS) await services.unschedule(jobId(ref, moment, tz));
    else await planIn(services, event, ref, tz);
  }
}

/** Events that may still need a reminder: from yesterday on (a whole-day entry's start is its midnight). */
export async function upcomingEvents(services: Services): Promise<PlanEvent[]> {
  const from = services.now().getTime() - 2 * 24 * 60 * 60 * 1000;
  return every(networkRecords(services.store).events, { range: { index: 'start', from }, orderBy: 'start' });
}

/**
 * A zone a member lives in: the first time, every upcoming event gets its jobs there. `ready`
 * is written last, so a crash half-way is finished at the next start (`resumeZones`).
 */
export async function planZone(services: Services, tz: string): Promise<void> {
  const zones = reminderRecords(services.store).zones;
  const existing = await zones.get(tz);
  if (existing?.state === 'ready') return;
  if (!existing) await zones.put({ id: tz, state: 'planning' });
  for (const event of await upcomingEvents(services)) await planIn(services, event, await refOf(services.store, event.id), tz);
  await zones.put({ id: tz, state: 'ready' });
}

/** At the start: zones whose planning a crash interrupted. */
export async function resumeZones(services: Services): Promise<void> {
  for (const z of await every(reminderRecords(services.store).zones, { where: { state: 'planning' } })) await planZone(services, z.id);
}
