import { createRequire } from 'node:module';
import type { EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { uidOf } from '../plan/calendar.ts';
import { textIn, type PlanEvent } from '../types.ts';

/** Timed events last two hours unless the plan says otherwise; calendars need an end. */
const DEFAULT_MINUTES = 120;

/** ics (with its validator) takes about 0.1 s to load; most starts write no calendar. */
const ics = (): typeof import('ics') => createRequire(import.meta.url)('ics');

/**
 * One event as an iCalendar file; its UID stays and SEQUENCE grows, so an edit updates the entry.
 * The UID is the whole calendar's (`together plan ics`): a calendar holding both sees one event.
 */
export function eventIcs(event: PlanEvent, lang: string): string {
  const common = {
    uid: uidOf(event),
    sequence: event.version,
    title: textIn(event.title, lang),
    description: textIn(event.description, lang) || undefined,
    location: event.place || undefined,
    url: event.link || undefined,
    status: event.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    productId: 'together-bot/plan',
  };
  let attributes: EventAttributes;
  if (event.time) {
    const start = DateTime.fromMillis(event.start, { zone: 'UTC' });
    attributes = { ...common, start: [start.year, start.month, start.day, start.hour, start.minute], startInputType: 'utc', startOutputType: 'utc', duration: { minutes: event.durationMin ?? DEFAULT_MINUTES } };
  } else {
    // A whole-day entry is a date, the same in every calendar's zone.
    const day = DateTime.fromISO(event.date, { zone: 'UTC' });
    const next = day.plus({ days: 1 });
    attributes = { ...common, start: [day.year, day.month, day.day], end: [next.year, next.month, next.day] };
  }
  const { error, value } = ics().createEvent(attributes);
  if (error || !value) throw error ?? new Error('calendar file could not be written');
  return value;
}
