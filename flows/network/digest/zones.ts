import type { Services, Store } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { digestRecords } from './records.ts';
import { isZone, mondayAt, weekDue } from './week.ts';

/**
 * The job's own grace: long, so that the scheduler never drops a zone's job (its next week would
 * be lost with it); the job itself gives up a week run later than GRACE_MS (run.ts).
 */
const JOB_GRACE_MS = 8 * 24 * 60 * 60 * 1000;

/** The job kind of a zone's weekly digest (one job per zone in use, never one per member). */
export const ZONE_JOB = 'plandigest.zone';
export const zoneJobId = (tz: string) => `plandigest-zone:${tz}`;

/**
 * Schedules the zone's job for the week `monday` (replacing the one it had) and notes it in the
 * zone's record. The job is one-off: its run plans the following week, so a run a crash cut is
 * resumed by the scheduler instead of being skipped.
 */
export async function scheduleZone(services: Services, tz: string, monday: string, at?: Date, done?: string): Promise<void> {
  const due = at ?? mondayAt(monday, tz).toJSDate();
  await services.schedule({ id: zoneJobId(tz), kind: ZONE_JOB, at: due.toISOString(), graceMs: JOB_GRACE_MS, payload: { tz, week: monday } });
  await digestRecords(services.store).zones.update(tz, (cur) => ({ id: tz, at: due.toISOString(), week: monday, ...((done ?? cur?.done) ? { done: done ?? cur?.done } : {}) }));
}

/**
 * Called when a member joins or their time zone changes: makes sure that zone has its weekly
 * digest job (one job per zone in use, never one per member). Idempotent.
 */
export async function zoneInUse(services: Services, tz: string): Promise<void> {
  if (!isZone(tz)) {
    services.log.warn({ tz }, 'plandigest: not a time zone; no digest job for it');
    return;
  }
  const now = services.now();
  const zone = await digestRecords(services.store).zones.get(tz);
  // A job planned is there (pending, or running now) unless the scheduler gave it up.
  if (zone && Date.parse(zone.at) + JOB_GRACE_MS > now.getTime()) return;
  await scheduleZone(services, tz, weekDue(now, tz, zone?.done));
}

/**
 * Every distinct zone of `plan-members`, read as a skip-scan of the `tz` index (one small query
 * per zone, whatever the number of members).
 */
export async function zonesInUse(store: Store): Promise<string[]> {
  const { members } = networkRecords(store);
  const zones: string[] = [];
  for (let from: string | undefined; ; ) {
    const page = await members.find({ orderBy: 'tz', limit: 1, ...(from !== undefined ? { range: { index: 'tz', from } } : {}) });
    const tz = page.records[0]?.tz;
    if (tz === undefined) return zones;
    zones.push(tz);
    // The smallest string after tz is tz plus the lowest character; \u0001, not \u0000, which PostgreSQL refuses in text
    // (no zone name holds either, and both stores order index strings by code, not by language).
    from = `${tz}\u0001`;
  }
}

/** At start: a job for every zone members are in (and the bot's own when a chat receives the digest). */
export async function ensureZones(services: Services): Promise<void> {
  const zones = new Set(await zonesInUse(services.store));
  if ((await digestRecords(services.store).places.count()) > 0) zones.add(services.config.tz);
  for (const tz of zones) await zoneInUse(services, tz);
}
