/**
 * `together plan ics`: the whole calendar for calendar apps. Each event keeps its UID and its
 * SEQUENCE is its version, so an app that imported the file before updates the entry; cancelled
 * events stay, marked STATUS:CANCELLED, so the app removes them too.
 */
import { createRequire } from 'node:module';
import type { EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { textIn, type PlanEvent } from '../types.ts';
import { startOf } from './entries.ts';

/** ics (with its validator) takes about 0.1 s to load; most starts write no calendar. */
const ics = (): typeof import('ics') => createRequire(import.meta.url)('ics');

/** Timed events without a length last two hours: calendars need an end. */
export const DEFAULT_MINUTES = 120;

const day = (d: DateTime): [number, number, number] => [d.year, d.month, d.day];

export const uidOf = (e: Pick<PlanEvent, 'id'>) => `plan-${e.id}@together-bot`;

function attributes(e: PlanEvent, lang: string): EventAttributes {
  const start = startOf(e);
  const description = [textIn(e.description, lang), e.link ?? ''].filter(Boolean).join('\n\n');
  const common = {
    uid: uidOf(e),
    sequence: e.version,
    title: textIn(e.title, lang),
    ...(description ? { description } : {}),
    ...(e.place ? { location: e.place } : {}),
    ...(e.link ? { url: e.link } : {}),
    categories: [e.kind],
    status: e.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
  };
  if (!e.time) {
    const days = Math.max(1, Math.round((e.durationMin ?? 0) / (24 * 60)));
    return { ...common, start: day(start), end: day(start.plus({ days })) };
  }
  const utc = start.toUTC();
  return { ...common, start: [utc.year, utc.month, utc.day, utc.hour, utc.minute], startInputType: 'utc', startOutputType: 'utc', duration: { minutes: e.durationMin ?? DEFAULT_MINUTES } };
}

/** Every event (scheduled and cancelled), earliest first, as one iCalendar file. */
export function planIcs(events: PlanEvent[], lang: string, calName: string): string {
  const sorted = [...events].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const { error, value } = ics().createEvents(sorted.map((e) => attributes(e, lang)), { productId: 'together-bot/plan', method: 'PUBLISH', calName });
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return value;
}
