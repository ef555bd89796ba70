import type { ComponentCode, FamilyCode } from '../grid/index.ts';
import type { CompiledLexicon, Cue, Phrase } from './compile.ts';

/** Evidence gathered from one text: summed cue weights per family and per component. */
export interface Tally {
  readonly families: Map<FamilyCode, number>;
  readonly components: Map<ComponentCode, number>;
  hits: number;
}

export function emptyTally(): Tally {
  return { families: new Map(), components: new Map(), hits: 0 };
}

export function addCues(tally: Tally, cues: readonly Cue[], factor = 1): void {
  for (const cue of cues) {
    const w = cue.weight * factor;
    if (w === 0) continue;
    tally.families.set(cue.family, (tally.families.get(cue.family) ?? 0) + w);
    if (cue.component) tally.components.set(cue.component, (tally.components.get(cue.component) ?? 0) + w);
    tally.hits++;
  }
}

const MIN_PREFIX = 3;

/**
 * Plural tolerance for whole-word entries: "parks" finds "park". Only a final
 * "s": stripping "es" too turned French "garées" into "gare" (station).
 */
function singulars(token: string): string[] {
  return token.length > 3 && token.endsWith('s') ? [token.slice(0, -1)] : [];
}

function wordMatches(pattern: { text: string; prefix: boolean }, token: string | undefined): boolean {
  if (token === undefined) return false;
  if (pattern.prefix) return token.startsWith(pattern.text);
  return token === pattern.text || singulars(token).includes(pattern.text);
}

function phraseAt(lex: CompiledLexicon, tokens: readonly string[], i: number): Phrase | undefined {
  const token = tokens[i] as string;
  const candidates: Phrase[] = [];
  for (const key of [token, ...singulars(token)]) candidates.push(...(lex.phrases.get(key) ?? []));
  for (let k = Math.min(token.length, lex.longestPrefix); k >= MIN_PREFIX; k--) {
    candidates.push(...(lex.phrasePrefixes.get(token.slice(0, k)) ?? []));
  }
  let best: Phrase | undefined;
  for (const phrase of candidates) {
    if (best && phrase.words.length <= best.words.length) continue;
    if (phrase.words.every((w, j) => wordMatches(w, tokens[i + j]))) best = phrase;
  }
  return best;
}

/** Whole word first; otherwise the longest matching prefix, so specific stems beat generic ones. */
function wordCues(lex: CompiledLexicon, token: string): Cue[] | undefined {
  const exact = lex.exact.get(token);
  if (exact) return exact;
  for (const s of singulars(token)) {
    const hit = lex.exact.get(s);
    if (hit) return hit;
  }
  for (let k = Math.min(token.length, lex.longestPrefix); k >= MIN_PREFIX; k--) {
    const hit = lex.prefix.get(token.slice(0, k));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Left-to-right scan; a matched phrase consumes its words. Negations ("no",
 * "pas", "sans"…) carry no cue on purpose: "no money for food" is as much
 * about access to food as "enough food" — SPIRAL records the sense separately.
 */
export function tallyTokens(lex: CompiledLexicon, tokens: readonly string[], tally: Tally, factor = 1): void {
  const opening = tokens[0] !== undefined ? lex.initial.get(tokens[0]) : undefined;
  if (opening) addCues(tally, opening, factor);
  let i = 0;
  while (i < tokens.length) {
    const phrase = phraseAt(lex, tokens, i);
    if (phrase) {
      addCues(tally, phrase.cues, factor);
      i += phrase.words.length;
      continue;
    }
    const cues = wordCues(lex, tokens[i] as string);
    if (cues) addCues(tally, cues, factor);
    i++;
  }
}
