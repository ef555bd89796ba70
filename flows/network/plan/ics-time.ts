/**
 * An iCalendar time → the plan's local date, time and IANA zone. A TZID that is an IANA name
 * keeps its wall time (a weekly 10:00 stays 10:00 across a daylight-saving change); UTC times,
 * and TZIDs defined only by the file's VTIMEZONE (Outlook's "Romance Standard Time"), become
 * the same instant in the default zone; floating times and whole days are read in it.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { canonicalZone } from './fields.ts';

export interface LocalTime {
  date: string;
  time?: string;
  /** A zone name that may be unknown: the plan's checks say so. */
  tz: string;
}

const two = (n: number) => String(n).padStart(2, '0');
const dateOf = (t: ICAL.Time) => `${t.year}-${two(t.month)}-${two(t.day)}`;

function fromInstant(ms: number, tz: string): LocalTime {
  const d = DateTime.fromMillis(ms, { zone: tz });
  return { date: d.toISODate()!, time: d.toFormat('HH:mm'), tz };
}

/** `tzid` is the TZID parameter the time was written with; `defaultTz` a known IANA zone. */
export function localOf(t: ICAL.Time, tzid: string | undefined, defaultTz: string): LocalTime {
  if (t.isDate) return { date: dateOf(t), tz: defaultTz };
  const utc = t.zone === ICAL.Timezone.utcTimezone || t.zone?.tzid === 'UTC';
  if (utc) return fromInstant(t.toUnixTime() * 1000, defaultTz);
  if (tzid) {
    const iana = canonicalZone(tzid);
    if (iana) return { date: dateOf(t), time: `${two(t.hour)}:${two(t.minute)}`, tz: iana };
    if (ICAL.TimezoneService.has(tzid)) return fromInstant(t.toUnixTime() * 1000, defaultTz);
    return { date: dateOf(t), time: `${two(t.hour)}:${two(t.minute)}`, tz: tzid };
  }
  return { date: dateOf(t), time: `${two(t.hour)}:${two(t.minute)}`, tz: defaultTz };
}

/** The instant a time stands for, to compare with the clock and the window (wall time read in `tz`). */
export function instantOf(local: LocalTime): number {
  return DateTime.fromISO(`${local.date}T${local.time ?? '00:00'}`, { zone: canonicalZone(local.tz) ?? 'UTC' }).toMillis();
}
