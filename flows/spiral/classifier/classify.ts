import { FAMILY_CODES, defaultGrid, isComponentCode } from '../grid/index.ts';
import type { ComponentCode, FamilyCode, Grid } from '../grid/index.ts';
import { EMOJI_CUES } from './emoji.ts';
import { SUPPORTED_LANGUAGES, classifierLanguage, lexiconFor } from './lexicons.ts';
import { addCues, emptyTally, tallyTokens } from './match.ts';
import type { Tally } from './match.ts';
import { tokenise } from './normalise.ts';

export interface FamilyScore {
  readonly family: FamilyCode;
  /** Share of the cue weight found for this family, 0–1; all zero when nothing matched. */
  readonly score: number;
}

/**
 * When no cue matches at all, the idea names no object (resource, place,
 * institution, person, society) and no behaviour — what is left on such notes
 * ("being well", "life is beautiful") is mostly a feeling, hence G.
 */
export const DEFAULT_FAMILY: FamilyCode = 'G';

/**
 * Equal scores go to the more concrete family: facilitators file an idea under
 * the object it talks about, and a feeling (G) only when nothing else is named.
 * So A–F in grid order, then H, with G last.
 */
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

function analyse(text: string, lang: string): Tally {
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

const tieRank = (f: FamilyCode): number => TIE_BREAK_ORDER.indexOf(f);

/** All eight families, best first. Deterministic: same text and language, same order. */
export function rankFamilies(text: string, lang: string): FamilyScore[] {
  const tally = analyse(text, lang);
  let total = 0;
  for (const w of tally.families.values()) total += w;
  const raw = FAMILY_CODES.map((family) => ({ family, weight: tally.families.get(family) ?? 0 }));
  raw.sort((a, b) => {
    if (b.weight !== a.weight) return b.weight - a.weight;
    if (total === 0) {
      if (a.family === DEFAULT_FAMILY) return -1;
      if (b.family === DEFAULT_FAMILY) return 1;
    }
    return tieRank(a.family) - tieRank(b.family);
  });
  return raw.map(({ family, weight }) => ({ family, score: total > 0 ? weight / total : 0 }));
}

export function suggestFamily(text: string, lang: string): FamilyCode {
  return (rankFamilies(text, lang)[0] as FamilyScore).family;
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

