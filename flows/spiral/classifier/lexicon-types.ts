import type { ComponentCode, FamilyCode } from '../grid/index.ts';

/**
 * A lexicon maps a component code (or a bare family letter when no component
 * fits) to cue entries. Entry mini-syntax, chosen so data files stay readable:
 *   "food"            whole word (a trailing plural "s" is tolerated)
 *   "nourrit*"        prefix — poor man's stemming across inflections
 *   "sans abri"       phrase; its words are consumed so "abri" alone does not score
 *   "volunteer*=3"    weight (default 1); "=0" makes a phrase that only
 *                     swallows its words, e.g. the idiom "en train de"
 *   "^i=0.5"          only as the note's first word (adds to any other cue
 *                     of that word): a note opening on "I"/"je" usually
 *                     answers "what do you do for well-being"
 * A phrase's first word must be long enough to be specific (see compile.ts).
 */
export type LexiconKey = FamilyCode | ComponentCode;

export type Lexicon = Readonly<Partial<Record<LexiconKey, readonly string[]>>>;
