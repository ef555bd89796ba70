/**
 * When a member is reminded of an event, computed in their zone date by date with luxon, so a
 * daylight-saving change never shifts a 09:00 reminder nor makes it happen twice:
 * - `week`: seven days before the event's date (as it falls in the member's zone), at 09:00;
 * - `day`: the day before, at 09:00;
 * - `hour`: one hour before a timed event that is not a deadline.
 */
import { DateTime } from 'luxon';
import type { PlanEvent } from '../types.ts';

export type Moment = 'week' | 'day' | 'hour';
export const MOMENTS: readonly Moment[] = ['week', 'day', 'hour'];

export interface Planned {
  moment: Moment;
  /** Epoch ms. */
  at: number;
  /** How late (the bot was down, or quiet hours) it may still go out. */
  graceMs: number;
}

const HOUR = 60 * 60 * 1000;
const REMIND_HOUR = 9;

/**
 * Until when a reminder of the event is worth sending: a timed event's start; a whole-day entry
 * (a deadline) its day's end in its own zone.
 */
export function usefulUntil(event: Pick<PlanEvent, 'start' | 'time' | 'date' | 'tz'>): number {
  if (event.time) return event.start;
  return DateTime.fromISO(event.date, { zone: event.tz }).plus({ days: 1 }).toMillis();
}

/** The event's date as a member in `tz` reads it (a whole-day entry keeps its date everywhere). */
export function localDate(event: Pick<PlanEvent, 'start' | 'time' | 'date'>, tz: string): string {
  return event.time ? DateTime.fromMillis(event.start, { zone: tz }).toISODate()! : event.date;
}

/** A calendar date minus whole days (no zone: dates, not instants). */
const daysBefore = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).minus({ days }).toISODate()!;

/** The moment of `which` for a member in `tz`, or undefined when the event has none. */
export function momentAt(event: Pick<PlanEvent, 'start' | 'time' | 'date' | 'tz' | 'kind'>, which: Moment, tz: string): number | undefined {
  if (which === 'hour') return event.time && event.kind !== 'deadline' ? event.start - HOUR : undefined;
  const day = daysBefore(localDate(event, tz), which === 'week' ? 7 : 1);
  // The wall clock of that very date in the zone: 09:00 is never in a DST gap, and is never there twice.
  const at = DateTime.fromISO(`${day}T0${REMIND_HOUR}:00`, { zone: tz });
  return at.isValid ? at.toMillis() : undefined;
}

function graceOf(which: Moment, at: number, until: number): number {
  const cap = which === 'week' ? 24 * HOUR : which === 'day' ? 12 * HOUR : 50 * 60 * 1000;
  return Math.max(0, Math.min(cap, until - at));
}

/**
 * The reminders of an event still worth planning at `now` for a member in `tz`: a moment not
 * before the event's end of usefulness, and not already past its grace window.
 */
export function plannedMoments(event: Pick<PlanEvent, 'start' | 'time' | 'date' | 'tz' | 'kind' | 'status'>, tz: string, now: number): Planned[] {
  if (event.status !== 'scheduled') return [];
  const until = usefulUntil(event);
  const out: Planned[] = [];
  for (const moment of MOMENTS) {
    const at = momentAt(event, moment, tz);
    if (at === undefined || at >= until) continue;
    const graceMs = graceOf(moment, at, until);
    if (at + graceMs <= now) continue;
    out.push({ moment, at, graceMs });
  }
  return out;
}
