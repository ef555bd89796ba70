/**
 * The digest's calendar: Monday 09:00 in a zone, and the week a digest covers. Local dates and
 * times through luxon, so a daylight-saving change never moves the digest off 09:00.
 */
import { DateTime } from 'luxon';

export const DIGEST_HOUR = 9;

/** How late a weekly job may still run (the bot was down at 09:00): until 19:00 the same Monday. */
export const GRACE_MS = 10 * 60 * 60 * 1000;

export const isZone = (tz: string): boolean => DateTime.now().setZone(tz).isValid;

/** Monday 09:00 of the local week `monday` (`YYYY-MM-DD`) in `tz`. */
export function mondayAt(monday: string, tz: string): DateTime {
  return DateTime.fromISO(monday, { zone: tz }).set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
}

/** The Monday (`YYYY-MM-DD`) of the local week `now` falls in, in `tz`. */
export function mondayOf(now: Date, tz: string): string {
  return DateTime.fromJSDate(now, { zone: tz }).startOf('week').toISODate()!;
}

/** The Monday after `monday`. */
export function nextMonday(monday: string): string {
  return DateTime.fromISO(monday, { zone: 'UTC' }).plus({ weeks: 1 }).toISODate()!;
}

/**
 * The week whose digest the zone sends next, seen at `now`: this one while its 09:00 is ahead or
 * still within the grace window (and it was not sent yet), else the next.
 */
export function weekDue(now: Date, tz: string, done?: string): string {
  const monday = mondayOf(now, tz);
  const late = now.getTime() - mondayAt(monday, tz).toMillis();
  return late <= GRACE_MS && done !== monday ? monday : nextMonday(monday);
}

/** The start of what "new since last week" means in the digest of `monday`: the previous Monday 09:00. */
export function sinceOf(monday: string, tz: string): Date {
  return mondayAt(monday, tz).minus({ weeks: 1 }).toJSDate();
}

/** The broadcast of one week's digests, every zone's: its ledger sends each member one per week. */
export const weekBroadcastId = (monday: string) => `plandigest-${monday}`;
