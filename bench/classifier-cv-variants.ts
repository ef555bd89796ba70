/**
 * Named recipes compared by bench/classifier-cv.ts: the shipped one and the
 * levers tried against it, kept so every figure in the record can be
 * measured again.
 */
import { REGRESSION_ONLY, SHIPPED_RECIPE } from '../flows/spiral/classifier/training/build.ts';
import type { Recipe } from '../flows/spiral/classifier/training/build.ts';

// The levers were first tried one at a time against the regression alone, then on top of the complement naive Bayes.
const base = REGRESSION_ONLY;
const withFeatures = (f: Partial<Recipe['features']>): Recipe => ({ ...base, features: { ...base.features, ...f } });
const withTraining = (t: Partial<Recipe['training']>): Recipe => ({ ...base, training: { ...base.training, ...t } });

const cnb = SHIPPED_RECIPE;

export const VARIANTS: Record<string, Recipe> = {
  shipped: SHIPPED_RECIPE,
  'regression-only': base,
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
  'cnb0.5': { ...base, complementNb: { alpha: 1, weight: 0.5 } },
  'cnb1': { ...base, complementNb: { alpha: 1, weight: 1 } },
  'cnb0.3-alpha0.3': { ...base, complementNb: { alpha: 0.3, weight: 0.3 } },
  'cnb0.3-alpha3': { ...base, complementNb: { alpha: 3, weight: 0.3 } },
  'cnb0.4-a0.3': { ...base, complementNb: { alpha: 0.3, weight: 0.4 } },
  'cnb0.3-a0.1': { ...base, complementNb: { alpha: 0.1, weight: 0.3 } },
  'cnb0.4-a0.3-min2': { ...base, complementNb: { alpha: 0.3, weight: 0.4, minCount: 2 } },
  'cnb0.4-a0.3-own': { ...base, complementNb: { alpha: 0.3, weight: 0.4, ownLanguage: true } },
  'cnb0.4-a0.3-prune0.2': { ...base, complementNb: { alpha: 0.3, weight: 0.4 }, pruneBelow: 0.2 },
  // On top of the complement naive Bayes (cnb0.3-alpha0.3)
  'C+own-language': { ...cnb, complementNb: { alpha: 0.3, weight: 0.3, ownLanguage: true } },
  'C+no-bigrams': { ...cnb, features: { ...base.features, bigrams: false } },
  'C+lexicon0.375': { ...cnb, features: { ...base.features, lexiconFactor: 0.375 } },
  'C+lexicon0.125': { ...cnb, features: { ...base.features, lexiconFactor: 0.125 } },
  'C+foreign0.25': { ...cnb, features: { ...base.features, foreignFactor: 0.25 } },
  'C+nb-ovr': { ...cnb, nb: { mode: 'ovr', alpha: 1 } },
  'C+balance-language': { ...cnb, balance: 'language' },
  'C+seeds3': { ...cnb, seeds: 3 },
  'C+dropout0.2': { ...cnb, training: { ...base.training, dropout: 0.2 } },
  'C+l2-1e-2': { ...cnb, training: { ...base.training, l2: 1e-2 } },
  // Regularisation
  'dropout0.2': withTraining({ dropout: 0.2 }),
  'dropout0.4': withTraining({ dropout: 0.4 }),
  'epochL2-1e-2': withTraining({ epochL2: 1e-2 }),
};
