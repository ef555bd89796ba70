/**
 * Text normalisation shared by lexicon compilation and classification, so a
 * lexicon author can write "santé", "l'école" or "sănătate" naturally and still
 * match what citizens type without accents on a phone keyboard.
 */

/**
 * Sticky-note ideas are a line or two; capping the analysed length keeps the
 * cost bounded (and predictable) when someone pastes a whole document.
 */
export const MAX_ANALYSED_CHARS = 2000;

// Letters that NFKD does not decompose but that people write interchangeably
// with their ASCII spelling ("cœur"/"coeur", "Straße"/"Strasse").
const FOLD: Readonly<Record<string, string>> = {
  'œ': 'oe',
  'æ': 'ae',
  'ß': 'ss',
  'ø': 'o',
  'ł': 'l',
  'đ': 'd',
  'ı': 'i',
};
const FOLD_PATTERN = /[œæßøłđı]/g;

/** Lowercase, fold ligatures, drop every combining mark (accents, cedillas, Romanian commas, Arabic harakat). */
export function normalise(text: string): string {
  return text
    .slice(0, MAX_ANALYSED_CHARS)
    .toLowerCase()
    .replace(FOLD_PATTERN, (ch) => FOLD[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/**
 * Words of the normalised text. Anything that is not a letter or digit splits
 * words, so elisions ("l'école", "dell'acqua", "l’école") and hyphenated forms
 * ("petits-enfants", "sentir-me") become separate tokens; emoji and
 * punctuation simply disappear.
 */
export function tokenise(text: string): string[] {
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}
