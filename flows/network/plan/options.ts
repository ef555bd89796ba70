/**
 * What `plan add|edit` options say → an entry written as in a plan file. Texts come as typed
 * (`--title "Seminar" --title "fr:Séminaire"`): a language prefix sets that language only, so an
 * edit can add a translation without retyping the rest.
 */
import type { LocalText } from '../types.ts';

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** Typed texts → one text, or one per language, merged into `base` (an edit) when every one has a prefix. */
export function localText(values: unknown, langs: readonly string[], defaultLang: string, base?: LocalText): LocalText | undefined {
  let plain: string | undefined;
  const per: Record<string, string> = {};
  for (const v of asList(values)) {
    const m = /^([a-z]{2,3}):\s*([\s\S]*)$/.exec(v);
    if (m && langs.includes(m[1]!)) per[m[1]!] = m[2]!;
    else plain = v;
  }
  if (Object.keys(per).length === 0) return plain;
  const start: Record<string, string> = plain !== undefined ? { [defaultLang]: plain } : typeof base === 'string' ? { [defaultLang]: base } : { ...(base ?? {}) };
  const out = { ...start, ...per };
  for (const [lang, text] of Object.entries(out)) if (!text.trim()) delete out[lang];
  return out;
}

/** `--ask "dynamisors=Run two groups"` (repeatable; `*` for everyone, an empty text removes one). */
export function asksOf(values: unknown, base: Readonly<Record<string, LocalText>> = {}): Record<string, LocalText> {
  const out: Record<string, LocalText> = { ...base };
  for (const v of asList(values)) {
    const i = v.indexOf('=');
    const group = (i < 0 ? v : v.slice(0, i)).trim();
    const text = i < 0 ? '' : v.slice(i + 1).trim();
    if (text) out[group] = text;
    else delete out[group];
  }
  return out;
}

/** Fields holding a text per language, and those holding several values. */
const TEXTS = ['name', 'title', 'description'];

/**
 * The entry an add or an edit asks for: `current` (an edit: the stored entry) with the options
 * given laid over it and the `clear`ed fields removed.
 */
export function entryOf(fields: Record<string, unknown>, clear: readonly string[], langs: readonly string[], defaultLang: string, current: Record<string, unknown> = {}): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (TEXTS.includes(field)) entry[field] = localText(value, langs, defaultLang, current[field] as LocalText | undefined);
    else if (field === 'asks') entry.asks = asksOf(value, (current.asks ?? {}) as Record<string, LocalText>);
    else if (field === 'parts') entry.parts = asList(value);
    else entry[field] = value;
  }
  for (const field of clear) delete entry[field];
  return entry;
}
