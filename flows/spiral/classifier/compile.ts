import { isComponentCode, isFamilyCode } from '../grid/index.ts';
import type { ComponentCode, FamilyCode } from '../grid/index.ts';
import type { Lexicon } from './lexicon-types.ts';
import { tokenise } from './normalise.ts';

export interface Cue {
  readonly family: FamilyCode;
  readonly component: ComponentCode | undefined;
  readonly weight: number;
}

interface WordPattern {
  readonly text: string;
  readonly prefix: boolean;
}

export interface Phrase {
  readonly words: readonly WordPattern[];
  readonly cues: Cue[];
}

/** Lookup structures built once per language; matching is then a few Map gets per token. */
export interface CompiledLexicon {
  readonly exact: Map<string, Cue[]>;
  readonly prefix: Map<string, Cue[]>;
  /** Keyed by the first word's text; `prefix` tells whether that first word is a prefix pattern. */
  readonly phrases: Map<string, Phrase[]>;
  readonly phrasePrefixes: Map<string, Phrase[]>;
  /** Whole words that only count as the first word of a note ("^" entries). */
  readonly initial: Map<string, Cue[]>;
  readonly longestPrefix: number;
}

// Shorter prefixes match too many unrelated words ("art*" → "article").
const MIN_PREFIX = 3;

function parseEntry(raw: string, where: string): { words: WordPattern[]; weight: number } {
  const eq = raw.lastIndexOf('=');
  const body = eq >= 0 ? raw.slice(0, eq) : raw;
  const weight = eq >= 0 ? Number(raw.slice(eq + 1)) : 1;
  if (!Number.isFinite(weight) || weight < 0) throw new Error(`lexicon ${where}: bad weight in "${raw}"`);
  const words: WordPattern[] = [];
  for (const piece of body.trim().split(/\s+/)) {
    const prefix = piece.endsWith('*');
    const tokens = tokenise(prefix ? piece.slice(0, -1) : piece);
    tokens.forEach((text, i) => words.push({ text, prefix: prefix && i === tokens.length - 1 }));
  }
  if (words.length === 0) throw new Error(`lexicon ${where}: empty entry "${raw}"`);
  // Inside a phrase the preceding words already give context, so only the first word needs a long prefix.
  const first = words[0] as WordPattern;
  if (first.prefix && first.text.length < MIN_PREFIX) throw new Error(`lexicon ${where}: prefix "${first.text}*" is too short`);
  return { words, weight };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): V[] {
  const list = map.get(key);
  if (list) {
    list.push(value);
    return list;
  }
  const fresh = [value];
  map.set(key, fresh);
  return fresh;
}

export function compileLexicon(lang: string, lexicon: Lexicon): CompiledLexicon {
  const exact = new Map<string, Cue[]>();
  const prefix = new Map<string, Cue[]>();
  const phraseIndex = new Map<string, Phrase>();
  const phrases = new Map<string, Phrase[]>();
  const phrasePrefixes = new Map<string, Phrase[]>();
  const initial = new Map<string, Cue[]>();
  let longestPrefix = 0;

  for (const [key, entries] of Object.entries(lexicon)) {
    const where = `${lang}/${key}`;
    let family: FamilyCode;
    let component: ComponentCode | undefined;
    if (isFamilyCode(key)) family = key;
    else if (isComponentCode(key)) {
      component = key;
      family = key[0] as FamilyCode;
    } else throw new Error(`lexicon ${lang}: "${key}" is neither a family letter nor a component code`);

    for (const raw of entries ?? []) {
      const atStart = raw.startsWith('^');
      const { words, weight } = parseEntry(atStart ? raw.slice(1) : raw, where);
      const cue: Cue = { family, component, weight };
      if (atStart) {
        if (words.length !== 1 || (words[0] as WordPattern).prefix) throw new Error(`lexicon ${where}: "^" entries must be one whole word ("${raw}")`);
        push(initial, (words[0] as WordPattern).text, cue);
        continue;
      }
      const first = words[0] as WordPattern;
      if (words.length === 1) {
        if (first.prefix) {
          push(prefix, first.text, cue);
          longestPrefix = Math.max(longestPrefix, first.text.length);
        } else push(exact, first.text, cue);
        continue;
      }
      // Same phrase listed under several keys shares one Phrase with several cues.
      const id = words.map((w) => w.text + (w.prefix ? '*' : '')).join(' ');
      const known = phraseIndex.get(id);
      if (known) {
        known.cues.push(cue);
        continue;
      }
      const phrase: Phrase = { words, cues: [cue] };
      phraseIndex.set(id, phrase);
      push(first.prefix ? phrasePrefixes : phrases, first.text, phrase);
      if (first.prefix) longestPrefix = Math.max(longestPrefix, first.text.length);
    }
  }
  // Longest phrases first, so "maison de retraite" wins over "maison de".
  for (const list of [...phrases.values(), ...phrasePrefixes.values()]) {
    list.sort((a, b) => b.words.length - a.words.length);
  }
  return { exact, prefix, phrases, phrasePrefixes, initial, longestPrefix };
}
