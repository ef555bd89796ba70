/**
 * Checks of the single values a plan file or a command gives: each returns the clean value, or
 * records a problem and returns undefined, so one pass finds every mistake of a file.
 */
import { DateTime } from 'luxon';
import { cleanName, cleanText } from '../../../src/core/clean-text.ts';
import type { LocalText, Quarter } from '../types.ts';
import type { Problems } from './problems.ts';

export const LIMITS = { name: 200, description: 2000, place: 200, link: 500, parts: 30, groups: 50 } as const;

const ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

const shown = (v: unknown) => cleanName(typeof v === 'string' ? v : JSON.stringify(v) ?? '').slice(0, 60);

export const isGiven = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && cleanName(v) === '');

/** A string, or a number YAML read from an unquoted value (`year: 2027`, `id: 2027`). */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return cleanName(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Ids name things in commands and in other entries: lower-case letters, digits and dashes. */
export function checkId(v: unknown, p: Problems, field = 'id'): string | undefined {
  if (!isGiven(v)) return void p.add('plan-admin:missing', { field });
  const id = scalar(v)?.toLowerCase();
  if (id && ID.test(id)) return id;
  p.add('plan-admin:badId', { field, value: shown(v) });
}

/** A real calendar date written `YYYY-MM-DD`. */
export function checkDate(v: unknown, p: Problems, field = 'date'): string | undefined {
  if (!isGiven(v)) return void p.add('plan-admin:missing', { field });
  const text = scalar(v) ?? '';
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const date = m ? DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) : undefined;
  if (date?.isValid) return date.toISODate()!;
  p.add('plan-admin:badDate', { field, value: shown(v) });
}

/** `HH:mm` (also `9:05`), 24-hour clock. */
export function checkTime(v: unknown, p: Problems, field = 'time'): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(scalar(v) ?? '');
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60) return `${m[1]!.padStart(2, '0')}:${m[2]}`;
  p.add('plan-admin:badTime', { field, value: shown(v) });
}

/** An IANA zone in its canonical spelling ("europe/bucharest" → "Europe/Bucharest"), or undefined. */
export function canonicalZone(tz: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function checkZone(v: unknown, p: Problems, field = 'tz'): string | undefined {
  const tz = canonicalZone(scalar(v) ?? '');
  if (tz) return tz;
  p.add('plan-admin:unknownZone', { field, value: shown(v) });
}

export function checkQuarter(v: unknown, p: Problems, field = 'quarter'): Quarter | undefined {
  const q = (scalar(v) ?? '').toUpperCase();
  if (q === 'Q1' || q === 'Q2' || q === 'Q3' || q === 'Q4') return q;
  p.add('plan-admin:badQuarter', { field, value: shown(v) });
}

export function checkYear(v: unknown, p: Problems, field = 'year'): number | undefined {
  const n = Number(scalar(v));
  if (Number.isInteger(n) && n >= 2000 && n <= 2100) return n;
  p.add('plan-admin:badYear', { field, value: shown(v) });
}

export function checkInt(v: unknown, min: number, max: number, p: Problems, field: string): number | undefined {
  const n = Number(scalar(v));
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  p.add('plan-admin:badNumber', { field, value: shown(v), min, max });
}

export function checkChoice<T extends string>(v: unknown, choices: readonly T[], p: Problems, field: string): T | undefined {
  const c = (scalar(v) ?? '').toLowerCase();
  if ((choices as readonly string[]).includes(c)) return c as T;
  p.add('plan-admin:badChoice', { field, value: shown(v), choices: choices.join(', ') });
}

/** A one-line text (a place), cleaned; blank counts as absent. */
export function checkLine(v: unknown, max: number, p: Problems, field: string): string | undefined {
  const text = scalar(v);
  if (text === undefined) return void p.add('plan-admin:notText', { field });
  if (text.length > max) return void p.add('plan-admin:tooLong', { field, max, length: text.length });
  return text || undefined;
}

/** A video link: http or https only (a calendar app or a chat opens it). */
export function checkLink(v: unknown, p: Problems, field = 'link'): string | undefined {
  const text = scalar(v) ?? '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && text.length <= LIMITS.link) return url.toString();
  p.add('plan-admin:badLink', { field, value: shown(v) });
}

/**
 * A manager's text: one string, or one per language (`{ en: "…", fr: "…" }`). Names are one
 * line; descriptions keep their lines.
 */
export function checkText(v: unknown, max: number, p: Problems, field: string, multiline = false): LocalText | undefined {
  const clean = (s: string) => (multiline ? cleanText(s).trim() : cleanName(s));
  const one = (s: unknown, at: string): string | undefined => {
    const text = typeof s === 'string' ? clean(s) : typeof s === 'number' ? String(s) : undefined;
    if (text === undefined) return void p.add('plan-admin:notText', { field: at });
    if (text.length > max) return void p.add('plan-admin:tooLong', { field: at, max, length: text.length });
    return text;
  };
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, string> = {};
    for (const [lang, s] of Object.entries(v)) {
      if (!/^[a-z]{2,3}$/.test(lang)) {
        p.add('plan-admin:badLanguage', { field, value: shown(lang) });
        continue;
      }
      const text = one(s, `${field}.${lang}`);
      if (text) out[lang] = text;
    }
    if (Object.keys(out).length === 0) return void p.add('plan-admin:missing', { field });
    return out;
  }
  const text = one(v, field);
  if (text === '') return void p.add('plan-admin:missing', { field });
  return text;
}

/** A list of ids (`[a, b]`, or `"a, b"` as typed on a command line). */
export function checkIdList(v: unknown, p: Problems, field: string): string[] | undefined {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : undefined;
  if (!items) return void p.add('plan-admin:notList', { field });
  if (items.length > LIMITS.groups) return void p.add('plan-admin:tooMany', { field, max: LIMITS.groups });
  const ids = items.map((item, i) => checkId(item, p, `${field}[${i}]`));
  return ids.every((id) => id !== undefined) ? [...new Set(ids as string[])] : undefined;
}
