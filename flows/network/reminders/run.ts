/** The reminder job of one (event, moment, zone): find the recipients, create the broadcast once, send it. */
import { quietHours, type Job, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { remindersTo } from './audience.ts';
import { REMIND_KIND, type RemindLetter } from './kinds.ts';
import { momentAt } from './moments.ts';
import { refOf, shortHash } from './records.ts';
import type { RemindPayload } from './schedule.ts';
import { broadcastOnce } from './send.ts';

/**
 * The broadcast's id names the event, the moment, the zone and the planned time: run again (a
 * crash, a restart, an edit that did not move the moment), it is the same broadcast, and its
 * ledger sends nobody the reminder twice.
 */
export const remindBroadcastId = (ref: string, moment: string, tz: string, at: number) => `pl-${moment}-${ref}-${shortHash(tz, 6)}-${Math.floor(at / 60000).toString(36)}`;

export async function runReminderJob(services: Services, job: Job): Promise<void> {
  const p = job.payload as RemindPayload | undefined;
  if (!p?.event) return;
  const event = await networkRecords(services.store).events.get(p.event);
  if (!event || event.status !== 'scheduled' || momentAt(event, p.moment, p.tz) !== p.at) return;
  const ref = await refOf(services.store, event.id);
  const payload: RemindLetter = { event: event.id, ref, moment: p.moment, at: p.at, zone: p.tz };
  const spec = { id: remindBroadcastId(ref, p.moment, p.tz, p.at), kind: REMIND_KIND, subject: `plan-${ref}`, payload: { ...payload }, quiet: quietHours(p.tz) };
  await broadcastOnce(services, spec, () => remindersTo(services, event, p.tz), 'keep');
}
