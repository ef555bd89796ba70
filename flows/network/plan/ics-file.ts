/**
 * An iCalendar file → a plan with only events, in the plan file's own format (FORMAT.md), so
 * the same checks apply. Each VEVENT keeps its UID: importing the calendar again updates the
 * events instead of adding them twice. Recurring events (RRULE, RDATE, EXDATE, moved or
 * cancelled occurrences) are expanded by ical.js into one event per occurrence, from now to the
 * end of the plan's year; occurrences already past are left out, and a series with more
 * occurrences in that window than it has days (denser than daily) is refused.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { cleanName, cleanText } from '../../../src/core/clean-text.ts';
import { canonicalZone, LIMITS } from './fields.ts';
import { instantOf, localOf, type LocalTime } from './ics-time.ts';
import type { Problems } from './problems.ts';

/** A daily series fits in any window; a denser one (hourly) is not a plan's calendar. */
export function maxOccurrences(now: Date, until: string, tz: string): number {
  const end = DateTime.fromISO(until, { zone: tz }).endOf('day').toMillis();
  return Math.max(1, Math.ceil((end - now.getTime()) / 86_400_000) + 1);
}
/** ical.js steps through rule candidates; a rule that never matches must not spin forever. */
const MAX_STEPS = 20_000;

export interface IcsOptions {
  now: Date;
  /** The zone for UTC, floating and whole-day times: the manager's `--tz`, else the file's X-WR-TIMEZONE, else this. */
  tz: string;
  /** The manager said `--tz`: it wins over the file's X-WR-TIMEZONE. */
  tzGiven?: boolean;
  /** Last day of the plan's year (`YYYY-MM-DD`): occurrences after it are left out. */
  until: string;
  /** Set on every event of the calendar (they say nothing of the plan's axes and groups). */
  axis?: string;
  groups?: string[];
  warnings: Problems;
}

type Raw = Record<string, unknown>;

const KINDS = ['meeting', 'seminar', 'deadline', 'event'];

function tzidOf(event: ICAL.Event): string | undefined {
  const p = event.component.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof p === 'string' ? p : undefined;
}

/** The event's fields but its dates. */
function fieldsOf(event: ICAL.Event, timed: boolean, o: IcsOptions): Raw {
  const categories = event.component.getAllProperties('categories').flatMap((p) => p.getValues().map((v) => String(v).toLowerCase()));
  const location = cleanName(event.location ?? '');
  const url = cleanName(String(event.component.getFirstPropertyValue('url') ?? ''));
  const locationIsLink = /^https?:\/\//i.test(location);
  let description = cleanText(event.description ?? '').trim();
  if (description.length > LIMITS.description) {
    o.warnings.add('plan-admin:descriptionCut', { max: LIMITS.description }, `VEVENT ${cleanName(event.summary ?? '').slice(0, 40)}`);
    description = `${description.slice(0, LIMITS.description - 1)}…`;
  }
  const status = String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled';
  return {
    kind: KINDS.find((k) => categories.includes(k)) ?? (timed ? 'meeting' : 'event'),
    title: event.summary ?? '',
    ...(description ? { description } : {}),
    ...(location && !locationIsLink ? { place: location.slice(0, LIMITS.place) } : {}),
    ...(url || locationIsLink ? { link: url || location } : {}),
    ...(o.axis ? { axis: o.axis } : {}),
    ...(o.groups?.length ? { groups: o.groups } : {}),
    status,
  };
}

/** One occurrence (or a single event) as a plan event. */
function occurrence(item: ICAL.Event, start: ICAL.Time, end: ICAL.Time | undefined, tz: string, uid: string, o: IcsOptions): Raw {
  const local = localOf(start, tzidOf(item), tz);
  const minutes = end ? Math.round((end.toUnixTime() - start.toUnixTime()) / 60) : 0;
  const durationMin = local.time ? minutes : minutes > 24 * 60 ? minutes : 0;
  return { ...fieldsOf(item, Boolean(local.time), o), ...local, ...(durationMin > 0 && durationMin <= 7 * 24 * 60 ? { durationMin } : {}), uid };
}

/** Over when it ends (a whole day: at the end of that day). */
function over(local: LocalTime, now: Date): boolean {
  const start = DateTime.fromMillis(instantOf(local));
  return (local.time ? start : start.plus({ days: 1 })).toMillis() <= now.getTime();
}

function expand(master: ICAL.Event, tz: string, o: IcsOptions, p: Problems): Raw[] {
  const name = cleanName(master.summary ?? master.uid).slice(0, 60);
  const out: Raw[] = [];
  const max = maxOccurrences(o.now, o.until, tz);
  const it = master.iterator();
  let past = 0;
  let later = false;
  for (let steps = 0, next = it.next(); next; next = it.next(), steps++) {
    if (steps > MAX_STEPS) return p.add('plan-admin:recurringEndless', { title: name }, `VEVENT ${name}`), [];
    const details = master.getOccurrenceDetails(next);
    const local = localOf(details.startDate, tzidOf(details.item), tz);
    if (local.date > o.until) {
      later = true;
      break;
    }
    if (over(local, o.now)) {
      past++;
      continue;
    }
    if (out.length >= max) return p.add('plan-admin:recurringTooMany', { title: name, max, until: o.until }, `VEVENT ${name}`), [];
    out.push(occurrence(details.item, details.startDate, details.endDate, tz, `${master.uid}#${details.recurrenceId.toICALString()}`, o));
  }
  o.warnings.add(later ? 'plan-admin:recurringCut' : 'plan-admin:recurringExpanded', { title: name, count: out.length, past, until: o.until }, `VEVENT ${name}`);
  return out;
}

/** The calendar's own time zones whose names are not IANA names, so ical.js can place their times. */
function registerZones(root: ICAL.Component): string[] {
  const added: string[] = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const id = vtz.getFirstPropertyValue('tzid');
    if (typeof id !== 'string' || canonicalZone(id) || ICAL.TimezoneService.has(id)) continue;
    ICAL.TimezoneService.register(vtz);
    added.push(id);
  }
  return added;
}

export function icsPlan(text: string, o: IcsOptions, p: Problems): { events: Raw[] } | undefined {
  let root: ICAL.Component;
  try {
    const parsed: unknown = ICAL.parse(text);
    const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
    root = new ICAL.Component(first as unknown[]);
  } catch (e) {
    return void p.add('plan-admin:icsSyntax', { reason: cleanName((e as Error).message).slice(0, 200) });
  }
  if (root.name !== 'vcalendar') return void p.add('plan-admin:icsSyntax', { reason: 'no VCALENDAR' });
  const fileTz = canonicalZone(String(root.getFirstPropertyValue('x-wr-timezone') ?? ''));
  const tz = o.tzGiven ? o.tz : (fileTz ?? o.tz);
  const zones = registerZones(root);
  try {
    const vevents = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const masters = new Map<string, ICAL.Event>();
    for (const e of vevents.filter((v) => !v.isRecurrenceException())) {
      const uid = cleanName(e.uid ?? '');
      if (!uid) p.add('plan-admin:icsNoUid', { title: cleanName(e.summary ?? '').slice(0, 60) });
      else if (masters.has(uid)) p.add('plan-admin:duplicateUid', { uid: uid.slice(0, 80) });
      else masters.set(uid, e);
    }
    for (const e of vevents.filter((v) => v.isRecurrenceException())) masters.get(cleanName(e.uid ?? ''))?.relateException(e);
    const events: Raw[] = [];
    for (const [uid, e] of masters) {
      if (e.isRecurring()) events.push(...expand(e, tz, o, p));
      else events.push(occurrence(e, e.startDate, e.endDate, tz, uid, o));
    }
    return { events };
  } catch (e) {
    return void p.add('plan-admin:icsSyntax', { reason: cleanName((e as Error).message).slice(0, 200) });
  } finally {
    for (const id of zones) ICAL.TimezoneService.remove(id);
  }
}
