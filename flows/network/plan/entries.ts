/**
 * One entry of a plan file (or of a command's options, written the same way) → the record it
 * stores. Pure: references between entries, duplicates and the clock are checked by plan-file.ts.
 */
import { DateTime } from 'luxon';
import type { Activity, ActivityStatus, Axis, EventKind, GroupKind, LocalText, Phase, PlanEvent, WorkGroup } from '../types.ts';
import { checkChoice, checkDate, checkId, checkIdList, checkInt, checkLine, checkLink, checkQuarter, checkText, checkTime, checkYear, checkZone, isGiven, LIMITS } from './fields.ts';
import type { Problems } from './problems.ts';

export const EVENT_KINDS: readonly EventKind[] = ['meeting', 'seminar', 'deadline', 'event'];
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['planned', 'ongoing', 'done', 'dropped'];
export const GROUP_KINDS: readonly GroupKind[] = ['thematic', 'dynamisors', 'coordination', 'other'];
const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;

/** An event as a file describes it; the store adds `version` and `updatedAt`. `id` may be left to plan-file.ts. */
export type EventDraft = Omit<PlanEvent, 'version' | 'updatedAt' | 'id'> & { id?: string };

/** What an entry may say when no value of its own: the file's `year` and `tz`. */
export interface Defaults {
  year?: number;
  tz: string;
}

/** Fields each kind accepts; `version`, `start` and `updatedAt` are what `plan list --json` prints, ignored on the way back in. */
const FIELDS = {
  phase: ['id', 'name', 'quarter', 'year', 'from', 'to', 'asks'],
  axis: ['id', 'name', 'parts'],
  group: ['id', 'name', 'kind', 'territory'],
  activity: ['id', 'axis', 'title', 'description', 'owner', 'quarter', 'from', 'to', 'status', 'checkinMonths'],
  event: ['id', 'kind', 'title', 'description', 'date', 'time', 'tz', 'durationMin', 'place', 'link', 'axis', 'activity', 'groups', 'status', 'uid', 'version', 'start', 'updatedAt'],
} as const;

export type EntryKind = keyof typeof FIELDS;

/** The entry as an object whose every field is known, or undefined (the problem said). */
function objectOf(raw: unknown, kind: EntryKind, p: Problems): Record<string, unknown> | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return void p.add('plan-admin:notEntry', { kind });
  const known = FIELDS[kind] as readonly string[];
  for (const field of Object.keys(raw)) if (!known.includes(field)) p.add('plan-admin:unknownField', { field, fields: known.filter((f) => !['version', 'start', 'updatedAt'].includes(f)).join(', ') });
  return raw as Record<string, unknown>;
}

const QUARTER_START: Record<string, number> = { Q1: 1, Q2: 4, Q3: 7, Q4: 10 };

export function quarterDates(quarter: string, year: number): { from: string; to: string } {
  const from = DateTime.fromObject({ year, month: QUARTER_START[quarter] ?? 1, day: 1 });
  return { from: from.toISODate()!, to: from.plus({ months: 3 }).minus({ days: 1 }).toISODate()! };
}

/** `from` and `to` as given (each optional), refused when `to` comes first. */
function span(o: Record<string, unknown>, p: Problems): { from?: string; to?: string } {
  const from = isGiven(o.from) ? checkDate(o.from, p, 'from') : undefined;
  const to = isGiven(o.to) ? checkDate(o.to, p, 'to') : undefined;
  if (from && to && to < from) p.add('plan-admin:toBeforeFrom', { from, to });
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function phaseEntry(raw: unknown, d: Defaults, p: Problems): Phase | undefined {
  const o = objectOf(raw, 'phase', p);
  if (!o) return undefined;
  const id = checkId(o.id, p);
  const name = checkText(o.name, LIMITS.name, p, 'name');
  const quarter = checkQuarter(o.quarter, p);
  const year = isGiven(o.year) ? checkYear(o.year, p) : d.year;
  if (!isGiven(o.year) && d.year === undefined) p.add('plan-admin:missing', { field: 'year' });
  let asks: Record<string, LocalText> | undefined;
  if (isGiven(o.asks)) {
    if (typeof o.asks !== 'object' || Array.isArray(o.asks)) p.add('plan-admin:notEntry', { kind: 'asks' });
    else {
      asks = {};
      for (const [group, text] of Object.entries(o.asks as Record<string, unknown>)) {
        const key = group === '*' ? '*' : checkId(group, p, `asks.${group}`);
        const ask = checkText(text, LIMITS.description, p, `asks.${group}`, true);
        if (key && ask) asks[key] = ask;
      }
    }
  }
  const dates = span(o, p);
  if (!id || !name || !quarter || year === undefined) return undefined;
  const q = quarterDates(quarter, year);
  return { id, name, quarter, year, from: dates.from ?? q.from, to: dates.to ?? q.to, ...(asks ? { asks } : {}) };
}

export function axisEntry(raw: unknown, p: Problems): Axis | undefined {
  const o = objectOf(raw, 'axis', p);
  if (!o) return undefined;
  const id = checkId(o.id, p);
  const name = checkText(o.name, LIMITS.name, p, 'name');
  let parts: LocalText[] | undefined;
  if (isGiven(o.parts)) {
    if (!Array.isArray(o.parts)) p.add('plan-admin:notList', { field: 'parts' });
    else if (o.parts.length > LIMITS.parts) p.add('plan-admin:tooMany', { field: 'parts', max: LIMITS.parts });
    else parts = o.parts.map((part, i) => checkText(part, LIMITS.name, p, `parts[${i}]`)).filter((t): t is LocalText => t !== undefined);
  }
  if (!id || !name) return undefined;
  return { id, name, ...(parts?.length ? { parts } : {}) };
}

export function groupEntry(raw: unknown, p: Problems): WorkGroup | undefined {
  const o = objectOf(raw, 'group', p);
  if (!o) return undefined;
  const id = checkId(o.id, p);
  const name = checkText(o.name, LIMITS.name, p, 'name');
  const kind = isGiven(o.kind) ? checkChoice(o.kind, GROUP_KINDS, p, 'kind') : 'other';
  const territory = isGiven(o.territory) ? checkLine(o.territory, LIMITS.name, p, 'territory') : undefined;
  if (!id || !name || !kind) return undefined;
  return { id, name, kind, ...(territory ? { territory } : {}) };
}

export function activityEntry(raw: unknown, p: Problems): Activity | undefined {
  const o = objectOf(raw, 'activity', p);
  if (!o) return undefined;
  const id = checkId(o.id, p);
  const axis = checkId(o.axis, p, 'axis');
  const title = checkText(o.title, LIMITS.name, p, 'title');
  const description = isGiven(o.description) ? checkText(o.description, LIMITS.description, p, 'description', true) : undefined;
  const owner = isGiven(o.owner) ? checkId(o.owner, p, 'owner') : undefined;
  const quarter = isGiven(o.quarter) ? checkQuarter(o.quarter, p) : undefined;
  const status = isGiven(o.status) ? checkChoice(o.status, ACTIVITY_STATUSES, p, 'status') : 'planned';
  const checkinMonths = isGiven(o.checkinMonths) ? checkInt(o.checkinMonths, 0, 12, p, 'checkinMonths') : undefined;
  const dates = span(o, p);
  if (!id || !axis || !title || !status) return undefined;
  return { id, axis, title, status, ...(description ? { description } : {}), ...(owner ? { owner } : {}), ...(quarter ? { quarter } : {}), ...dates, ...(checkinMonths !== undefined ? { checkinMonths } : {}) };
}

/** When the event starts: its local date and time (00:00 for a whole day) in its zone. */
export function startOf(e: Pick<PlanEvent, 'date' | 'time' | 'tz'>): DateTime {
  return DateTime.fromISO(`${e.date}T${e.time ?? '00:00'}`, { zone: e.tz });
}

/** Past once it has started; a whole-day entry (a deadline) only once its day is over. */
export function isPast(e: Pick<PlanEvent, 'date' | 'time' | 'tz'>, now: Date): boolean {
  const start = startOf(e);
  return (e.time ? start : start.plus({ days: 1 })).toMillis() <= now.getTime();
}

export function eventEntry(raw: unknown, d: Defaults, p: Problems): EventDraft | undefined {
  const o = objectOf(raw, 'event', p);
  if (!o) return undefined;
  const id = isGiven(o.id) ? checkId(o.id, p) : undefined;
  const kind = isGiven(o.kind) ? checkChoice(o.kind, EVENT_KINDS, p, 'kind') : 'event';
  const title = checkText(o.title, LIMITS.name, p, 'title');
  const description = isGiven(o.description) ? checkText(o.description, LIMITS.description, p, 'description', true) : undefined;
  const date = checkDate(o.date, p);
  const time = isGiven(o.time) ? checkTime(o.time, p) : undefined;
  const tz = isGiven(o.tz) ? checkZone(o.tz, p) : d.tz;
  const durationMin = isGiven(o.durationMin) ? checkInt(o.durationMin, 1, 7 * 24 * 60, p, 'durationMin') : undefined;
  const place = isGiven(o.place) ? checkLine(o.place, LIMITS.place, p, 'place') : undefined;
  const link = isGiven(o.link) ? checkLink(o.link, p) : undefined;
  const axis = isGiven(o.axis) ? checkId(o.axis, p, 'axis') : undefined;
  const activity = isGiven(o.activity) ? checkId(o.activity, p, 'activity') : undefined;
  const groups = isGiven(o.groups) ? checkIdList(o.groups, p, 'groups') : undefined;
  const status = isGiven(o.status) ? checkChoice(o.status, EVENT_STATUSES, p, 'status') : 'scheduled';
  const uid = isGiven(o.uid) ? checkLine(o.uid, 500, p, 'uid') : undefined;
  if (!kind || !title || !date || !tz || !status || (isGiven(o.time) && !time)) return undefined;
  const start = startOf({ date, time, tz }).toMillis();
  return {
    ...(id ? { id } : {}),
    kind,
    title,
    date,
    ...(time ? { time } : {}),
    tz,
    ...(description ? { description } : {}),
    ...(durationMin ? { durationMin } : {}),
    ...(place ? { place } : {}),
    ...(link ? { link } : {}),
    ...(axis ? { axis } : {}),
    ...(activity ? { activity } : {}),
    ...(groups?.length ? { groups } : {}),
    status,
    start,
    ...(uid ? { uid } : {}),
  };
}
