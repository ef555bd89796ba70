import { STEMMERS } from './stem.ts';
import type { ClassifierLanguage } from './lexicons.ts';
import { tokenise } from './normalise.ts';
import type { Tally } from './match.ts';

/**
 * Sparse features of one idea for the trained model. Citizens write without
 * accents and with every inflection, so each word gives its Snowball stem and
 * its first five letters (a stem that survives a missing accent or a typo at
 * the end); pairs of neighbouring stems catch "no time", "make friends",
 * "treated differently". Numbers carry no meaning here ("12345").
 */
export function wordFeatures(text: string, lang: ClassifierLanguage): string[] {
  const stem = STEMMERS[lang];
  const out = new Set<string>();
  const stems: string[] = [];
  for (const token of tokenise(text)) {
    if (/^\p{N}+$/u.test(token)) continue;
    const s = stem(token);
    stems.push(s);
    out.add(`s:${s}`);
    if (token.length > 5) out.add(`p:${token.slice(0, 5)}`);
  }
  for (let i = 1; i < stems.length; i++) out.add(`b:${stems[i - 1]}_${stems[i]}`);
  return [...out];
}

// How much the hand-written lexicons count next to the learned words (tuned on the indirect sets).
const LEXICON_FACTOR = 0.5;

/**
 * What the model sees: each word feature twice, once for this language and
 * once shared (Romance stems such as "discrimin" or "volunt" help each other),
 * plus the lexicons' evidence per family.
 */
export function modelFeatures(text: string, lang: ClassifierLanguage, lexicon: Tally): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of wordFeatures(text, lang)) {
    out.set(`${lang}|${f}`, 1);
    out.set(f, 1);
  }
  for (const [family, weight] of lexicon.families) out.set(`lex:${family}`, LEXICON_FACTOR * Math.log1p(weight));
  return out;
}
