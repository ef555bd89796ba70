/**
 * Which activities get a check-in in a month. An activity is checked in every `checkinMonths`
 * months (its own, else the network-wide setting, else 1; 0 turns it off), counted from the month
 * it starts (its `from`, else the first month of its `quarter` in the round's year, else January),
 * while it is planned or ongoing and has an owner group. Months are `YYYY-MM` in the bot's zone.
 */
import { DateTime } from 'luxon';
import type { Activity } from '../types.ts';

export const DEFAULT_MONTHS = 1;

const index = (period: string): number => {
  const [y, m] = period.split('-').map(Number);
  return y! * 12 + (m! - 1);
};

/** The month `at` falls in, in `tz`. */
export const periodAt = (at: Date, tz: string): string => DateTime.fromJSDate(at, { zone: tz }).toFormat('yyyy-MM');

/** `YYYY-Qn` of a month. */
export function quarterOf(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${y}-Q${Math.floor((m! - 1) / 3) + 1}`;
}

/** The month an activity's check-ins are counted from, in the round's year when only a quarter says. */
function anchor(a: Activity, year: number): number {
  if (a.from && /^\d{4}-\d{2}/.test(a.from)) return index(a.from.slice(0, 7));
  const q = a.quarter ? Number(a.quarter.slice(1)) : 1;
  return year * 12 + (q - 1) * 3;
}

/** The activity's period between rounds, in months (0: no check-ins). */
export function monthsOf(a: Activity, globalMonths: number | undefined): number {
  const n = a.checkinMonths ?? globalMonths ?? DEFAULT_MONTHS;
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The activity gets a round in `period`. */
export function isDue(a: Activity, period: string, globalMonths: number | undefined): boolean {
  if (!a.owner || (a.status !== 'planned' && a.status !== 'ongoing')) return false;
  const every = monthsOf(a, globalMonths);
  if (every === 0) return false;
  const since = index(period) - anchor(a, Number(period.slice(0, 4)));
  return since >= 0 && since % every === 0;
}

/** When a round of `period` stops taking answers: the start of the month its next round would be in. */
export function closesAt(period: string, months: number, tz: string): string {
  return DateTime.fromFormat(period, 'yyyy-MM', { zone: tz }).plus({ months: Math.max(1, months) }).toUTC().toISO()!;
}

/** A month as people read it ("May 2026", "mai 2026"). */
export function monthName(period: string, lang: string): string {
  const [y, m] = period.split('-').map(Number);
  try {
    return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, 15));
  } catch {
    return period;
  }
}
