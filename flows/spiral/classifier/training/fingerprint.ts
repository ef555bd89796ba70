import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SUPPORTED_LANGUAGES } from '../lexicons.ts';
import { trainingFiles } from '../training.ts';

const CLASSIFIER_DIR = new URL('../', import.meta.url);

/**
 * Everything the shipped model depends on: the training ideas, the lexicons
 * (they are features), the code that turns a text into features, the
 * trainer with its settings, and the stemmer library's version. Change any
 * of them and the model must be rebuilt (npm run train-classifier).
 */
export function modelInputs(): string[] {
  return [
    ...SUPPORTED_LANGUAGES.flatMap((lang) => trainingFiles(lang).map((f) => `training/${f}`)),
    ...SUPPORTED_LANGUAGES.map((lang) => `lexicon.${lang}.ts`),
    'analyse.ts',
    'compile.ts',
    'emoji.ts',
    'features.ts',
    'match.ts',
    'model.ts',
    'normalise.ts',
    'stem.ts',
    'model-file.ts',
    'training/train.ts',
    'training/build.ts',
  ];
}

function stemmerVersion(): string {
  // The package exports no package.json: find it next to the English stemmer's dist/ folder.
  const entry = createRequire(import.meta.url).resolve('@orama/stemmers/english');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** sha256 over the inputs' names and contents (line endings folded, so a Windows checkout agrees). */
export function modelFingerprint(): string {
  const hash = createHash('sha256');
  hash.update(`@orama/stemmers ${stemmerVersion()}\n`);
  for (const name of modelInputs()) {
    const text = readFileSync(new URL(name, CLASSIFIER_DIR), 'utf8').replace(/\r\n/g, '\n');
    hash.update(`${name}\n${text.length}\n${text}`);
  }
  return hash.digest('hex');
}
