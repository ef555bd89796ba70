import { FAMILY_CODES, defaultGrid, isComponentCode } from '../grid/index.ts';
import type { ComponentCode, FamilyCode, Grid } from '../grid/index.ts';
import { EMOJI_CUES } from './emoji.ts';
import { modelFeatures } from './features.ts';
import { SUPPORTED_LANGUAGES, classifierLanguage, lexiconFor } from './lexicons.ts';
import type { ClassifierLanguage } from './lexicons.ts';
import { addCues, emptyTally, tallyTokens } from './match.ts';
import type { Tally } from './match.ts';
import { predict, train } from './model.ts';
import type { Model } from './model.ts';
import { tokenise } from './normalise.ts';
import { trainingIdeas } from './training.ts';

export interface FamilyScore {
  readonly family: FamilyCode;
  /** The model's probability for this family, 0–1; all zero when the text gave nothing to go on. */
  readonly score: number;
}

/** Equal scores go to the more concrete family (the object an idea names before a feeling). */
export const TIE_BREAK_ORDER: readonly FamilyCode[] = ['A', 'B', 'C', 'D', 'E', 'F', 'H', 'G'];

// A foreign lexicon is only consulted when the group's language found nothing
// (code-switching, an English word in a Romanian note); it counts for less.
const FOREIGN_FACTOR = 0.5;

function emojiCues(text: string, tally: Tally): void {
  for (const ch of text.slice(0, 2000)) {
    const cue = EMOJI_CUES.get(ch.codePointAt(0) as number);
    if (!cue) continue;
    const [key, weight] = cue;
    const family = key[0] as FamilyCode;
    addCues(tally, [{ family, component: isComponentCode(key) ? key : undefined, weight }]);
  }
}

/** The lexicons' evidence: summed cue weights per family and component. */
export function analyse(text: string, lang: string): Tally {
  const tally = emptyTally();
  const source = typeof text === 'string' ? text : '';
  if (source.length === 0) return tally;
  const primary = classifierLanguage(lang);
  const tokens = tokenise(source);
  tallyTokens(lexiconFor(primary), tokens, tally);
  emojiCues(source, tally);
  if (tally.hits === 0) {
    for (const other of SUPPORTED_LANGUAGES) {
      if (other !== primary) tallyTokens(lexiconFor(other), tokens, tally, FOREIGN_FACTOR);
    }
  }
  return tally;
}

// Trained on first use (a fraction of a second), then kept for the process.
let trained: Model | undefined;

function familyModel(): Model {
  trained ??= train(
    trainingIdeas().map((idea) => ({
      features: modelFeatures(idea.text, idea.lang, analyse(idea.text, idea.lang)),
      label: FAMILY_CODES.indexOf(idea.family),
    })),
    FAMILY_CODES.length,
  );
  return trained;
}

/** A word of three letters or more, in the idea's language, that the model learnt. */
function knowsAWord(model: Model, features: ReadonlyMap<string, number>, lang: ClassifierLanguage): boolean {
  const own = `${lang}|s:`;
  for (const name of features.keys()) {
    if (name.startsWith(own) && name.length - own.length >= 3 && model.weights.has(name)) return true;
  }
  return false;
}

const tieRank = (f: FamilyCode): number => TIE_BREAK_ORDER.indexOf(f);

/**
 * All eight families, best first. Deterministic: same text and language, same
 * order. Without evidence every score is 0 (grid order): see suggestFamily.
 */
export function rankFamilies(text: string, lang: string): FamilyScore[] {
  const language = classifierLanguage(lang);
  const source = typeof text === 'string' ? text : '';
  const tally = analyse(source, language);
  const model = familyModel();
  const features = modelFeatures(source, language, tally);
  let scores: number[];
  if (knowsAWord(model, features, language)) scores = [...predict(model, features)];
  else if (tally.hits > 0) {
    // Only cues the model cannot weigh (a word in another language, an emoji): the lexicons decide alone.
    let total = 0;
    for (const w of tally.families.values()) total += w;
    scores = FAMILY_CODES.map((family) => (tally.families.get(family) ?? 0) / total);
  } else {
    // "ab", "12345", "ok", a lone "🤷": a guess would be wrong more often than right.
    return FAMILY_CODES.map((family) => ({ family, score: 0 }));
  }
  return FAMILY_CODES.map((family, i) => ({ family, score: scores[i] as number })).sort(
    (a, b) => b.score - a.score || tieRank(a.family) - tieRank(b.family),
  );
}

/**
 * The most likely family, or undefined when the text gives nothing to go on
 * ("ab", "12345"): no suggestion is better than a wrong one, and the person
 * then picks from the whole list.
 */
export function suggestFamily(text: string, lang: string): FamilyCode | undefined {
  const best = rankFamilies(text, lang)[0] as FamilyScore;
  return best.score > 0 ? best.family : undefined;
}

/**
 * Best component of `family` for this text, limited to components that exist
 * in `grid` (a territory grid may differ). Falls back to the family's general
 * "x00" component, then to undefined when the grid has neither.
 */
export function suggestComponent(text: string, lang: string, family: FamilyCode, grid: Grid = defaultGrid): ComponentCode | undefined {
  const tally = analyse(text, lang);
  let best: ComponentCode | undefined;
  let bestWeight = 0;
  for (const [code, weight] of tally.components) {
    if (code[0] !== family || !isComponentCode(code, grid)) continue;
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && code < best)) {
      best = code;
      bestWeight = weight;
    }
  }
  if (best) return best;
  const general = `${family}00` as ComponentCode;
  return isComponentCode(general, grid) ? general : undefined;
}

