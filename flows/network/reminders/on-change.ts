import { every, quietHours, type Services } from '../../../src/engine/index.ts';
import type { PlanEvent } from '../types.ts';
import { activeAmong } from './audience.ts';
import { CANCEL_KIND, CHANGE_KIND, type CancelLetter } from './kinds.ts';
import { usefulUntil } from './moments.ts';
import { refOf, reminderRecords } from './records.ts';
import { planEvent } from './schedule.ts';
import { broadcastOnce } from './send.ts';

/** What a member reminded of an event needs to hear about when it changes. */
const TOLD: readonly (keyof PlanEvent)[] = ['title', 'date', 'time', 'tz', 'start', 'durationMin', 'place', 'link', 'description', 'status'];

const differs = (a: PlanEvent, b: PlanEvent) => TOLD.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));

/**
 * Called by the plan's data operations after an event is stored (added, edited, cancelled,
 * removed): `before` undefined for a new event, `after` undefined for a removed one. Plans or
 * moves its reminders, and tells everyone already reminded of it what changed. Durable and
 * idempotent (called again after a crash, it plans and tells nothing twice).
 */
export async function eventChanged(services: Services, before: PlanEvent | undefined, after: PlanEvent | undefined): Promise<void> {
  await planEvent(services, after, before);
  if (!before || (after && !differs(before, after))) return;
  const gone = !after || after.status === 'cancelled';
  // Nobody needs to hear that an event already over changed.
  if (before.status === 'cancelled' && gone) return;
  if (services.now().getTime() >= usefulUntil(after && !gone ? after : before)) return;
  await tellReminded(services, before, after, gone);
}

/** One notice per event version to everyone a reminder reached (its ledger: once each, even after a crash). */
async function tellReminded(services: Services, before: PlanEvent, after: PlanEvent | undefined, gone: boolean): Promise<void> {
  const ref = await refOf(services.store, before.id);
  const reminded = (await every(reminderRecords(services.store).attendance, { where: { event: before.id } })).filter((a) => a.reminded !== undefined);
  if (reminded.length === 0) return;
  const version = after?.version ?? before.version + 1;
  const id = `pl-${gone ? 'cxl' : 'chg'}-${ref}-${version}`;
  // One broadcast per zone would each need an id: the ledger keeps each recipient's zone for quiet hours instead.
  const quiet = quietHours(services.config.tz);
  const cancelled: CancelLetter = { event: before.id, ref, title: before.title, date: before.date, ...(before.time ? { time: before.time } : {}), start: before.start };
  const spec = gone ? { id, kind: CANCEL_KIND, subject: `plan-${ref}`, payload: { ...cancelled }, quiet } : { id, kind: CHANGE_KIND, subject: `plan-${ref}`, payload: { event: before.id, ref, version }, quiet };
  // Told again while this very notice is going out: it already has everyone reminded so far.
  await broadcastOnce(services, spec, () => activeAmong(services, reminded.map((a) => a.key)), 'add');
}
