import { STEMMERS } from './stem.ts';
import { SUPPORTED_LANGUAGES, lexiconFor } from './lexicons.ts';
import type { ClassifierLanguage } from './lexicons.ts';
import { emptyTally, tallyTokens } from './match.ts';
import { tokenise } from './normalise.ts';
import type { Tally } from './match.ts';

/** The choices in how a text becomes features; the shipped model uses DEFAULT_FEATURES. */
export interface FeatureOptions {
  /** Letters of the token kept as a prefix feature (`p:`), for tokens longer than that; 0 for none. */
  readonly tokenPrefix: number;
  /** Letters of the Snowball stem kept as a prefix feature (`q:`), for stems longer than that; 0 for none. */
  readonly stemPrefix: number;
  /** Pairs of neighbouring stems (`b:`). */
  readonly bigrams: boolean;
  /** Every word feature also without its language, shared by all languages. */
  readonly shared: boolean;
  /** Weight of the lexicons' family evidence next to the learned words. */
  readonly lexiconFactor: number;
  /** Weight of the lexicons' component evidence. */
  readonly componentFactor: number;
  /** Weight of the other languages' lexicons (cognates: "hospital", "discrimin*"), as features of their own; 0 for none. */
  readonly foreignFactor?: number;
}

// How much the hand-written lexicons count next to the learned words (tuned on the indirect and dev
// sets). Halved when the trainer stopped penalising lexicon features: at full strength they then
// outvoted the words on indirect ideas.
export const DEFAULT_FEATURES: FeatureOptions = {
  tokenPrefix: 5,
  stemPrefix: 0,
  bigrams: true,
  shared: true,
  lexiconFactor: 0.25,
  componentFactor: 0.25,
};

/**
 * Sparse features of one idea for the trained model. Citizens write without
 * accents and with every inflection, so each word gives its Snowball stem and
 * its first five letters (a stem that survives a missing accent or a typo at
 * the end); pairs of neighbouring stems catch "no time", "make friends",
 * "treated differently". Numbers carry no meaning here ("12345").
 */
export function wordFeatures(text: string, lang: ClassifierLanguage, options: FeatureOptions = DEFAULT_FEATURES): string[] {
  const stem = STEMMERS[lang];
  const out = new Set<string>();
  const stems: string[] = [];
  for (const token of tokenise(text)) {
    if (/^\p{N}+$/u.test(token)) continue;
    const s = stem(token);
    stems.push(s);
    out.add(`s:${s}`);
    if (options.tokenPrefix > 0 && token.length > options.tokenPrefix) out.add(`p:${token.slice(0, options.tokenPrefix)}`);
    if (options.stemPrefix > 0 && s.length > options.stemPrefix) out.add(`q:${s.slice(0, options.stemPrefix)}`);
  }
  if (options.bigrams) for (let i = 1; i < stems.length; i++) out.add(`b:${stems[i - 1]}_${stems[i]}`);
  return [...out];
}

/** Names of lexicon features start with this: the model file keeps their weights unquantised. */
export const LEXICON_FEATURE_PREFIX = 'lex';

/**
 * What the model sees: each word feature twice, once for this language and
 * once shared (Romance stems such as "discrimin" or "volunt" help each other),
 * plus the lexicons' evidence per family, shared and per language (the
 * English and French lexicons are four times richer than the others, so
 * their word counts for more), and per component ("rent" and "debts" are
 * both A, but say different things about the rest of the note).
 */
export function modelFeatures(text: string, lang: ClassifierLanguage, lexicon: Tally, options: FeatureOptions = DEFAULT_FEATURES): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of wordFeatures(text, lang, options)) {
    out.set(`${lang}|${f}`, 1);
    if (options.shared) out.set(f, 1);
  }
  for (const [family, weight] of lexicon.families) {
    const value = options.lexiconFactor * Math.log1p(weight);
    out.set(`${LEXICON_FEATURE_PREFIX}:${family}`, value);
    out.set(`${LEXICON_FEATURE_PREFIX}:${lang}:${family}`, value);
  }
  for (const [component, weight] of lexicon.components) {
    out.set(`${LEXICON_FEATURE_PREFIX}c:${component}`, options.componentFactor * Math.log1p(weight));
  }
  if (options.foreignFactor) {
    const foreign = emptyTally();
    const tokens = tokenise(text);
    for (const other of SUPPORTED_LANGUAGES) if (other !== lang) tallyTokens(lexiconFor(other), tokens, foreign);
    for (const [family, weight] of foreign.families) out.set(`${LEXICON_FEATURE_PREFIX}x:${family}`, options.foreignFactor * Math.log1p(weight));
    for (const [component, weight] of foreign.components) out.set(`${LEXICON_FEATURE_PREFIX}xc:${component}`, options.foreignFactor * Math.log1p(weight));
  }
  return out;
}
