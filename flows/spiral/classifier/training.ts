import { readFileSync } from 'node:fs';
import { isFamilyCode } from '../grid/index.ts';
import type { FamilyCode } from '../grid/index.ts';
import { SUPPORTED_LANGUAGES } from './lexicons.ts';
import type { ClassifierLanguage } from './lexicons.ts';

export interface TrainingIdea {
  readonly lang: ClassifierLanguage;
  readonly family: FamilyCode;
  readonly text: string;
}

/** Thrown when a shipped training file is malformed: fix the named line. */
export class TrainingDataError extends Error {
  constructor(where: string) {
    super(`classifier training data ${where}: expected "<family A-H><TAB><idea>"; fix or remove that line`);
    this.name = 'TrainingDataError';
  }
}

/**
 * Labelled ideas the model learns from, one file per language under
 * training/: `family<TAB>idea`, # starts a comment. Written for the model in
 * citizens' own indirect words; kept apart from every evaluation set.
 */
export function trainingIdeas(): TrainingIdea[] {
  const out: TrainingIdea[] = [];
  for (const lang of SUPPORTED_LANGUAGES) {
    const file = new URL(`./training/${lang}.tsv`, import.meta.url);
    readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const tab = raw.indexOf('\t');
      const family = raw.slice(0, tab);
      const text = raw.slice(tab + 1).trim();
      if (tab < 0 || !isFamilyCode(family) || text === '') throw new TrainingDataError(`${lang}.tsv:${i + 1}`);
      out.push({ lang, family, text });
    });
  }
  return out;
}
