import { DateTime, IANAZone } from 'luxon';
import { findCountry } from './regions.ts';
import type { StopFields } from './types.ts';

/** Longest accepted values: a venue is an address, not an essay. */
const LIMITS = { town: 80, venue: 200, description: 1000 };

/** A request the caravan refuses (bad input, a cancelled stop…); `key` and `params` give the localized reason. */
export class CaravanError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

/** "2026-05-12", "12/05/2026", "12.05.2026" or "12-05-2026" → "2026-05-12"; null when no real date. */
function parseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const [y, mo, d] = m ? [m[1], m[2], m[3]] : (m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t)) ? [m[3], m[2], m[1]] : [];
  if (!y || !mo || !d) return null;
  const date = DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d) });
  return date.isValid ? date.toISODate() : null;
}

/** "18:30", "9:05", "18h30", "18.30" → "18:30"; null otherwise. */
function parseTime(text: string): string | null {
  const m = /^(\d{1,2})\s*[:hH.]\s*(\d{2})$/.exec(text.trim()) ?? /^(\d{1,2})\s*[hH]$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function validZone(tz: string): boolean {
  return IANAZone.isValidZone(tz);
}

/** The moment a stop starts, from its local date, time and zone. */
export function startOf(s: Pick<StopFields, 'date' | 'time' | 'tz'>): DateTime {
  return DateTime.fromISO(`${s.date}T${s.time}`, { zone: s.tz });
}

function knownLanguage(code: string): boolean {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code);
    return Boolean(name) && name !== code;
  } catch {
    return false;
  }
}

/** "en, FR ro" → ["en", "fr", "ro"]; throws for a code that is no language. */
export function parseLanguages(text: string): string[] {
  const codes = [...new Set(text.split(/[\s,;]+/).map((c) => c.trim().toLowerCase()).filter(Boolean))];
  for (const code of codes) if (!/^[a-z]{2,3}$/.test(code) || !knownLanguage(code)) throw new CaravanError('caravan:invalid.language', { language: code.slice(0, 20) });
  return codes;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function checkTown(text: string): string {
  const town = oneLine(text);
  if (!town) throw new CaravanError('caravan:invalid.empty');
  if (town.length > LIMITS.town) throw new CaravanError('caravan:invalid.tooLong', { max: LIMITS.town, length: town.length });
  return town;
}

export function checkVenue(text: string): string {
  const venue = oneLine(text);
  if (!venue) throw new CaravanError('caravan:invalid.empty');
  if (venue.length > LIMITS.venue) throw new CaravanError('caravan:invalid.tooLong', { max: LIMITS.venue, length: venue.length });
  return venue;
}

export function checkDescription(text: string): string {
  const description = text.trim();
  if (description.length > LIMITS.description) throw new CaravanError('caravan:invalid.tooLong', { max: LIMITS.description, length: description.length });
  return description;
}

export function checkCountry(text: string, langs: readonly string[]): string {
  const code = findCountry(text, langs);
  if (!code) throw new CaravanError('caravan:invalid.country', { country: text.trim().slice(0, 40) });
  return code;
}

export function checkZone(text: string): string {
  const tz = text.trim();
  if (!validZone(tz)) throw new CaravanError('caravan:invalid.zone', { zone: tz.slice(0, 60) });
  return tz;
}

export function checkDate(text: string): string {
  const date = parseDate(text);
  if (!date) throw new CaravanError('caravan:invalid.date', { value: text.trim().slice(0, 40) });
  return date;
}

export function checkTime(text: string): string {
  const time = parseTime(text);
  if (!time) throw new CaravanError('caravan:invalid.time', { value: text.trim().slice(0, 40) });
  return time;
}

/** A stop must start in the future, in its own zone. */
export function checkFuture(s: Pick<StopFields, 'date' | 'time' | 'tz'>, now: Date): void {
  const start = startOf(s);
  if (!start.isValid) throw new CaravanError('caravan:invalid.date', { value: `${s.date} ${s.time}` });
  if (start.toMillis() <= now.getTime()) throw new CaravanError('caravan:invalid.past', { when: `${s.date} ${s.time} (${s.tz})` });
}

/** Raw input (command-line flags or a stored draft) → checked fields; throws the first problem. */
export function checkFields(raw: Record<string, unknown>, now: Date, langs: readonly string[]): StopFields {
  const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : raw[k] === undefined ? '' : String(raw[k]));
  for (const k of ['town', 'country', 'venue', 'date', 'time', 'tz']) {
    if (!text(k).trim()) throw new CaravanError('caravan:invalid.missing', { field: k });
  }
  const fields: StopFields = {
    town: checkTown(text('town')),
    country: checkCountry(text('country'), langs),
    venue: checkVenue(text('venue')),
    tz: checkZone(text('tz')),
    date: checkDate(text('date')),
    time: checkTime(text('time')),
    description: checkDescription(text('description')),
    languages: Array.isArray(raw.languages) ? parseLanguages((raw.languages as unknown[]).join(',')) : parseLanguages(text('languages')),
  };
  if (text('spiralGroup').trim()) fields.spiralGroup = text('spiralGroup').trim().slice(0, 40);
  checkFuture(fields, now);
  return fields;
}

/** Only the fields given (an edit): each checked on its own; the date is checked with the rest later. */
export function checkChanges(raw: Record<string, unknown>, langs: readonly string[]): Partial<StopFields> {
  const given = (k: string) => raw[k] !== undefined && raw[k] !== null;
  const text = (k: string) => String(raw[k]);
  const changes: Partial<StopFields> = {};
  if (given('town')) changes.town = checkTown(text('town'));
  if (given('country')) changes.country = checkCountry(text('country'), langs);
  if (given('venue')) changes.venue = checkVenue(text('venue'));
  if (given('tz')) changes.tz = checkZone(text('tz'));
  if (given('date')) changes.date = checkDate(text('date'));
  if (given('time')) changes.time = checkTime(text('time'));
  if (given('description')) changes.description = checkDescription(text('description'));
  if (given('languages')) changes.languages = parseLanguages(Array.isArray(raw.languages) ? (raw.languages as unknown[]).join(',') : text('languages'));
  if (given('spiralGroup')) changes.spiralGroup = text('spiralGroup').trim().slice(0, 40);
  return changes;
}
