import { readFileSync } from 'node:fs';
import { isFamilyCode } from '../grid/index.ts';
import type { FamilyCode } from '../grid/index.ts';
import { SUPPORTED_LANGUAGES } from './lexicons.ts';
import type { ClassifierLanguage } from './lexicons.ts';

export interface TrainingIdea {
  readonly lang: ClassifierLanguage;
  readonly family: FamilyCode;
  readonly text: string;
  /**
   * The batch the idea came from: `base` for `<lang>.tsv`, else the name between language and
   * `.tsv` (`extra`, `extra2`…). Batches of one name were written at the same time from one brief,
   * often by one writer in several languages (the same situations recur across them), so the
   * cross-batch evaluation (bench/classifier-cv.ts) holds a name out in every language at once.
   */
  readonly batch: string;
}

/** Thrown when a shipped training file is malformed: fix the named line. */
export class TrainingDataError extends Error {
  constructor(where: string) {
    super(`classifier training data ${where}: expected "<family A-H><TAB><idea>"; fix or remove that line`);
    this.name = 'TrainingDataError';
  }
}

/**
 * The training files of one language, under training/: the first set
 * (`<lang>.tsv`) and larger batches written later without sight of the
 * lexicons or the evaluation sets (`<lang>.extra.tsv`, `<lang>.extra2.tsv`
 * aimed at the boundaries between families, and the extra batches below). Kept apart from every
 * evaluation set.
 */
export function trainingFiles(lang: ClassifierLanguage): string[] {
  return [`${lang}.tsv`, `${lang}.extra.tsv`, `${lang}.extra2.tsv`, ...(EXTRA_BATCHES[lang] ?? [])];
}

/**
 * Later blind batches, where the blind score was lowest: French (3 and 4), Spanish and Italian
 * (3), written from a brief of the eight families alone.
 */
const EXTRA_BATCHES: Partial<Record<ClassifierLanguage, string[]>> = {
  en: ['en.extra3.tsv'],
  fr: ['fr.extra3.tsv', 'fr.extra4.tsv', 'fr.extra5.tsv'],
  es: ['es.extra3.tsv', 'es.extra4.tsv'],
  it: ['it.extra3.tsv'],
};

/** `fr.tsv` → `base`, `fr.extra3.tsv` → `extra3`. */
export function batchOf(file: string): string {
  const parts = file.split('.');
  return parts.length > 2 ? parts.slice(1, -1).join('.') : 'base';
}

export const TRAINING_DIR = new URL('./training/', import.meta.url);

/**
 * Labelled ideas the model learns from: `family<TAB>idea`, # starts a
 * comment. Written for the model in citizens' own indirect words. Read only
 * when the model is built (npm run train-classifier), never by the bot.
 */
export function trainingIdeas(): TrainingIdea[] {
  const out: TrainingIdea[] = [];
  for (const lang of SUPPORTED_LANGUAGES) {
    for (const name of trainingFiles(lang)) {
      const batch = batchOf(name);
      readFileSync(new URL(name, TRAINING_DIR), 'utf8').split('\n').forEach((raw, i) => {
        if (raw.trim() === '' || raw.startsWith('#')) return;
        const tab = raw.indexOf('\t');
        const family = raw.slice(0, tab);
        const text = raw.slice(tab + 1).trim();
        if (tab < 0 || !isFamilyCode(family) || text === '') throw new TrainingDataError(`${name}:${i + 1}`);
        out.push({ lang, family, text, batch });
      });
    }
  }
  return out;
}
