import { createRequire } from 'node:module';
import { startOf } from './fields.ts';
import { countryName } from './regions.ts';
import type { Stop } from './types.ts';

/** Stops last two hours unless the description says otherwise; calendars need an end. */
const DURATION = { hours: 2 };

/** ics (with its validator) takes about 0.1 s to load; most starts write no calendar. */
const ics = (): typeof import('ics') => createRequire(import.meta.url)('ics');

/** The stop as an iCalendar file; its UID stays and SEQUENCE grows, so an edit updates the entry. */
export function stopIcs(stop: Stop, lang: string, title: string): string {
  const start = startOf(stop).toUTC();
  const { error, value } = ics().createEvent({
    uid: `${stop.id}@together-bot`,
    sequence: stop.version,
    start: [start.year, start.month, start.day, start.hour, start.minute],
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: DURATION,
    title,
    description: stop.description || undefined,
    location: `${stop.venue}, ${stop.town}, ${countryName(stop.country, lang) ?? stop.country}`,
    status: stop.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    productId: 'together-bot/caravan',
  });
  if (error || !value) throw error ?? new Error('calendar file could not be written');
  return value;
}
