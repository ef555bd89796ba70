/**
 * Named recipes compared by bench/classifier-cv.ts: the shipped one and the
 * levers tried against it, kept so every figure in the record can be
 * measured again.
 */
import { SHIPPED_RECIPE } from '../flows/spiral/classifier/training/build.ts';
import type { Recipe } from '../flows/spiral/classifier/training/build.ts';

const base = SHIPPED_RECIPE;
const withFeatures = (f: Partial<Recipe['features']>): Recipe => ({ ...base, features: { ...base.features, ...f } });
const withTraining = (t: Partial<Recipe['training']>): Recipe => ({ ...base, training: { ...base.training, ...t } });

export const VARIANTS: Record<string, Recipe> = {
  shipped: base,
  // Features
  'no-shared': withFeatures({ shared: false }),
  'no-prefix': withFeatures({ tokenPrefix: 0 }),
  'prefix4': withFeatures({ tokenPrefix: 4 }),
  'prefix6': withFeatures({ tokenPrefix: 6 }),
  'stem-prefix4': withFeatures({ stemPrefix: 4 }),
  'stem-prefix5': withFeatures({ stemPrefix: 5 }),
  'no-bigrams': withFeatures({ bigrams: false }),
  'lexicon0.125': withFeatures({ lexiconFactor: 0.125 }),
  'lexicon0.5': withFeatures({ lexiconFactor: 0.5 }),
  'lexicon1': withFeatures({ lexiconFactor: 1 }),
  'lexicon0': withFeatures({ lexiconFactor: 0, componentFactor: 0 }),
  'component0': withFeatures({ componentFactor: 0 }),
  'component0.5': withFeatures({ componentFactor: 0.5 }),
  // Training
  'l2-1e-3': withTraining({ l2: 1e-3 }),
  'l2-1e-2': withTraining({ l2: 1e-2 }),
  'epochs20': withTraining({ epochs: 20 }),
  'epochs80': withTraining({ epochs: 80 }),
  'rate0.1': withTraining({ learningRate: 0.1 }),
  'rate0.4': withTraining({ learningRate: 0.4 }),
  'balance-family': { ...base, balance: 'family' },
  'balance-language': { ...base, balance: 'language' },
  'seeds5': { ...base, seeds: 5 },
  'bagging5': { ...base, seeds: 5, bootstrap: true },
  // Naive Bayes
  'nb-ovr': { ...base, nb: { mode: 'ovr', alpha: 1 } },
  'nb-spread': { ...base, nb: { mode: 'spread', alpha: 1 } },
  'cnb0.1': { ...base, complementNb: { alpha: 1, weight: 0.1 } },
  'cnb0.3': { ...base, complementNb: { alpha: 1, weight: 0.3 } },
};
