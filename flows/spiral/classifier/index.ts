export { rankFamilies, suggestFamily, suggestComponent, TIE_BREAK_ORDER } from './classify.ts';
export type { FamilyScore } from './classify.ts';
export { SUPPORTED_LANGUAGES, FALLBACK_LANGUAGE, classifierLanguage } from './lexicons.ts';
export type { ClassifierLanguage } from './lexicons.ts';
export { normalise, tokenise, MAX_ANALYSED_CHARS } from './normalise.ts';
export type { Lexicon, LexiconKey } from './lexicon-types.ts';
