import { DateTime } from 'luxon';
import { cleanName, cleanText } from '../../src/core/clean-text.ts';
import { UserError } from '../../src/engine/index.ts';
import { findCountry } from './regions.ts';
import type { StopFields } from './types.ts';

/** Longest accepted values: a venue is an address, not an essay. */
const LIMITS = { town: 80, venue: 200, description: 1000 };

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

/** The zone's canonical IANA spelling ("europe/bucharest" → "Europe/Bucharest"), or null when there is no such zone. */
function canonicalZone(tz: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(tz)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
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
  for (const code of codes) if (!/^[a-z]{2,3}$/.test(code) || !knownLanguage(code)) throw new UserError('caravan:invalid.language', { language: cleanName(code).slice(0, 20) });
  return codes;
}

/** A one-line name a manager typed: cleaned of invisible and control characters; blank is refused. */
function checkName(text: string, max: number): string {
  const name = cleanName(text);
  if (!name) throw new UserError('caravan:invalid.empty');
  if (name.length > max) throw new UserError('caravan:invalid.tooLong', { max, length: name.length });
  return name;
}

export function checkTown(text: string): string {
  return checkName(text, LIMITS.town);
}

export function checkVenue(text: string): string {
  return checkName(text, LIMITS.venue);
}

/** A description keeps its lines (cleaned); only surrounding blank space goes. */
export function checkDescription(text: string): string {
  const description = cleanText(text).trim();
  if (description.length > LIMITS.description) throw new UserError('caravan:invalid.tooLong', { max: LIMITS.description, length: description.length });
  return description;
}

/** A typed country (code or name in a shipped language) → its ISO alpha-2 code; "ZZ" and other non-countries are refused. */
export function checkCountry(text: string, langs: readonly string[]): string {
  const typed = cleanName(text);
  const code = typed ? findCountry(typed, langs) : undefined;
  if (!code) throw new UserError('caravan:invalid.country', { country: typed.slice(0, 40) });
  return code;
}

/** An IANA zone in any case → its canonical spelling; unknown zones are refused. */
export function checkZone(text: string): string {
  const typed = cleanName(text);
  const tz = canonicalZone(typed);
  if (!tz) throw new UserError('caravan:invalid.zone', { zone: typed.slice(0, 60) });
  return tz;
}

/** A SPIRAL group code as the SPIRAL flow writes it ("k7m 2qx", "g_K7M2QX" → "K7M2QX"); its existence is checked by the caller. */
export function normaliseGroupCode(text: string): string {
  const code = cleanName(text).toUpperCase().replace(/^G_/, '').replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{4,12}$/.test(code)) throw new UserError('caravan:invalid.spiralGroup', { group: cleanName(text).slice(0, 40) });
  return code;
}

/**
 * A Telegram bot username ("@together_bot" → "together_bot"): 5–32 letters, digits or
 * underscores, starting with a letter and ending in "bot", as Telegram requires.
 */
export function checkBotName(text: string): string {
  const name = cleanName(text).replace(/^@/, '');
  if (!/^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(name) || !/bot$/i.test(name)) throw new UserError('caravan:invalid.botName', { bot: cleanName(text).slice(0, 40) });
  return name;
}

export function checkDate(text: string): string {
  const date = parseDate(text);
  if (!date) throw new UserError('caravan:invalid.date', { value: cleanName(text).slice(0, 40) });
  return date;
}

export function checkTime(text: string): string {
  const time = parseTime(text);
  if (!time) throw new UserError('caravan:invalid.time', { value: cleanName(text).slice(0, 40) });
  return time;
}

/** A stop must start in the future, in its own zone. */
export function checkFuture(s: Pick<StopFields, 'date' | 'time' | 'tz'>, now: Date): void {
  const start = startOf(s);
  if (!start.isValid) throw new UserError('caravan:invalid.date', { value: `${s.date} ${s.time}` });
  if (start.toMillis() <= now.getTime()) throw new UserError('caravan:invalid.past', { when: `${s.date} ${s.time} (${s.tz})` });
}

/** Raw input (command-line flags or a stored draft) → checked fields; throws the first problem. */
export function checkFields(raw: Record<string, unknown>, now: Date, langs: readonly string[]): StopFields {
  const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : raw[k] === undefined ? '' : String(raw[k]));
  for (const k of ['town', 'country', 'venue', 'date', 'time', 'tz']) {
    if (!cleanName(text(k))) throw new UserError('caravan:invalid.missing', { field: k });
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
  if (cleanName(text('spiralGroup'))) fields.spiralGroup = normaliseGroupCode(text('spiralGroup'));
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
  // An empty group removes the link to SPIRAL.
  if (given('spiralGroup')) changes.spiralGroup = cleanName(text('spiralGroup')) ? normaliseGroupCode(text('spiralGroup')) : '';
  return changes;
}
