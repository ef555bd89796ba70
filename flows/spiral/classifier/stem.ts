import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as romanian } from '@orama/stemmers/romanian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import type { ClassifierLanguage } from './lexicons.ts';

/** Snowball stemmers (kept library): "volunteering"/"volunteers" → "volunt", "obosită"/"obosit" → "obos". */
export const STEMMERS: Readonly<Record<ClassifierLanguage, (word: string) => string>> = {
  en: english,
  fr: french,
  it: italian,
  ro: romanian,
  es: spanish,
  pt: portuguese,
};
