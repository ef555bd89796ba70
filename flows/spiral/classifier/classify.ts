import { FAMILY_CODES, defaultGrid, isComponentCode } from '../grid/index.ts';
import type { ComponentCode, FamilyCode, Grid } from '../grid/index.ts';
import { analyse } from './analyse.ts';
import { modelFeatures } from './features.ts';
import { classifierLanguage } from './lexicons.ts';
import type { ClassifierLanguage } from './lexicons.ts';
import { loadModel } from './model-file.ts';
import { predict } from './model.ts';
import type { Model } from './model.ts';
import type { Tally } from './match.ts';

export { analyse } from './analyse.ts';

export interface FamilyScore {
  readonly family: FamilyCode;
  /** The model's probability for this family, 0–1; all zero when the text gave nothing to go on. */
  readonly score: number;
}

/** Equal scores go to the more concrete family (the object an idea names before a feeling). */
export const TIE_BREAK_ORDER: readonly FamilyCode[] = ['A', 'B', 'C', 'D', 'E', 'F', 'H', 'G'];

// Built at build time (npm run train-classifier), read once on first use: a few milliseconds.
let shipped: Model | undefined;

/** The shipped model; callers may load it at start so the first idea does not pay for it. */
export function familyModel(): Model {
  shipped ??= loadModel();
  return shipped;
}

/** A word of three letters or more, in the idea's language, that the model learnt. */
function knowsAWord(model: Model, features: ReadonlyMap<string, number>, lang: ClassifierLanguage): boolean {
  const own = `${lang}|s:`;
  for (const name of features.keys()) {
    if (name.startsWith(own) && name.length - own.length >= 3 && model.index.has(name)) return true;
  }
  return false;
}

const tieRank = (f: FamilyCode): number => TIE_BREAK_ORDER.indexOf(f);

/**
 * The eight families' scores in grid order for a text already analysed, or
 * undefined when it gave nothing to go on. Shared by the bot and the
 * evaluation of models trained in memory (bench/classifier-cv.ts).
 */
export function familyScores(model: Model, features: ReadonlyMap<string, number>, tally: Tally, lang: ClassifierLanguage): number[] | undefined {
  if (knowsAWord(model, features, lang)) return [...predict(model, features)];
  if (tally.hits === 0) return undefined;
  // Only cues the model cannot weigh (a word in another language, an emoji): the lexicons decide alone.
  let total = 0;
  for (const w of tally.families.values()) total += w;
  return FAMILY_CODES.map((family) => (tally.families.get(family) ?? 0) / total);
}

/**
 * All eight families, best first. Deterministic: same text and language, same
 * order. Without evidence every score is 0 (grid order): see suggestFamily.
 */
export function rankFamilies(text: string, lang: string): FamilyScore[] {
  const language = classifierLanguage(lang);
  const source = typeof text === 'string' ? text : '';
  const tally = analyse(source, language);
  const scores = familyScores(familyModel(), modelFeatures(source, language, tally), tally, language);
  // "ab", "12345", "ok", a lone "🤷": a guess would be wrong more often than right.
  if (scores === undefined) return FAMILY_CODES.map((family) => ({ family, score: 0 }));
  return FAMILY_CODES.map((family, i) => ({ family, score: scores[i] as number })).sort(
    (a, b) => b.score - a.score || tieRank(a.family) - tieRank(b.family),
  );
}

/** Index in FAMILY_CODES of the best score, ties broken as rankFamilies breaks them. */
export function bestFamilyIndex(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const d = (scores[i] as number) - (scores[best] as number);
    if (d > 0 || (d === 0 && tieRank(FAMILY_CODES[i] as FamilyCode) < tieRank(FAMILY_CODES[best] as FamilyCode))) best = i;
  }
  return best;
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

