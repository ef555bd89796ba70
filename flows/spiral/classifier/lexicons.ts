import { compileLexicon } from './compile.ts';
import type { CompiledLexicon } from './compile.ts';
import type { Lexicon } from './lexicon-types.ts';
import { lexiconEn } from './lexicon.en.ts';
import { lexiconEs } from './lexicon.es.ts';
import { lexiconFr } from './lexicon.fr.ts';
import { lexiconIt } from './lexicon.it.ts';
import { lexiconPt } from './lexicon.pt.ts';
import { lexiconRo } from './lexicon.ro.ts';

export const SUPPORTED_LANGUAGES = ['en', 'fr', 'it', 'ro', 'es', 'pt'] as const;
export type ClassifierLanguage = (typeof SUPPORTED_LANGUAGES)[number];

const SOURCES: Record<ClassifierLanguage, Lexicon> = {
  en: lexiconEn,
  fr: lexiconFr,
  it: lexiconIt,
  ro: lexiconRo,
  es: lexiconEs,
  pt: lexiconPt,
};

/** The network works in English first, so an unknown language reads as English. */
export const FALLBACK_LANGUAGE: ClassifierLanguage = 'en';

/** "fr-BE", "pt_PT", "FR" → "fr"; anything unsupported → FALLBACK_LANGUAGE. */
export function classifierLanguage(lang: string): ClassifierLanguage {
  const base = String(lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? (base as ClassifierLanguage) : FALLBACK_LANGUAGE;
}

// Compiled on first use so importing the grid or one language costs nothing.
const compiled = new Map<ClassifierLanguage, CompiledLexicon>();

export function lexiconFor(lang: ClassifierLanguage): CompiledLexicon {
  let lex = compiled.get(lang);
  if (!lex) {
    lex = compileLexicon(lang, SOURCES[lang]);
    compiled.set(lang, lex);
  }
  return lex;
}
