/**
 * Cross-batch evaluation of the SPIRAL family classifier: the yardstick for
 * choosing features and training settings. Each training batch after the
 * first (`extra`, `extra2`…) was written by writers who never saw the
 * project; a model trained without one batch name (held out in every
 * language at once: a batch's writer covered several languages) is scored
 * on it, as pruned and quantised as it would ship. Figures are pooled per
 * language over the batches held out; "mean" averages the six languages,
 * "min" is the weakest. The tuning splits (dev, indirect) are scored by the
 * model trained on every batch. The blind split is never read here.
 *
 *   npx tsx bench/classifier-cv.ts                 # the shipped recipe
 *   npx tsx bench/classifier-cv.ts shipped nb-ovr  # named variants, compared with the first
 *   npx tsx bench/classifier-cv.ts --list          # the variants' names
 */
import { FAMILY_CODES } from '../flows/spiral/grid/index.ts';
import { analyse } from '../flows/spiral/classifier/analyse.ts';
import { bestFamilyIndex, familyScores } from '../flows/spiral/classifier/classify.ts';
import { modelFeatures } from '../flows/spiral/classifier/features.ts';
import { SUPPORTED_LANGUAGES, classifierLanguage } from '../flows/spiral/classifier/lexicons.ts';
import type { Tally } from '../flows/spiral/classifier/match.ts';
import { decodeModel, encodeModel } from '../flows/spiral/classifier/model-file.ts';
import type { ModelFile } from '../flows/spiral/classifier/model-file.ts';
import type { Model } from '../flows/spiral/classifier/model.ts';
import { trainingIdeas } from '../flows/spiral/classifier/training.ts';
import { buildModel } from '../flows/spiral/classifier/training/build.ts';
import type { LabelledFeatures, Recipe } from '../flows/spiral/classifier/training/build.ts';
import { VARIANTS } from './classifier-cv-variants.ts';
import { loadIdeas } from '../tests/fixtures/spiral-ideas/evaluate.ts';

interface Scored extends LabelledFeatures {
  readonly tally: Tally;
  readonly batch: string;
  readonly key: string;
}

const TUNING_SPLITS = ['dev', 'indirect'] as const;

function featurise(items: { lang: string; text: string; family: string; batch: string; key: string }[], recipe: Recipe): Scored[] {
  return items.map((item) => {
    const lang = classifierLanguage(item.lang);
    const tally = analyse(item.text, lang);
    return {
      features: modelFeatures(item.text, lang, tally, recipe.features),
      label: FAMILY_CODES.indexOf(item.family as (typeof FAMILY_CODES)[number]),
      lang,
      tally,
      batch: item.batch,
      key: item.key,
    };
  });
}

const right = (model: Model, s: Scored): boolean => {
  const scores = familyScores(model, s.features, s.tally, s.lang);
  return scores !== undefined && bestFamilyIndex(scores) === s.label;
};

const shippable = (data: readonly LabelledFeatures[], recipe: Recipe): ModelFile => encodeModel(buildModel(data, recipe), '', recipe.pruneBelow);

interface Result {
  readonly name: string;
  /** idea key → right or wrong, over every held-out batch and tuning idea. */
  readonly outcome: Map<string, boolean>;
  readonly line: string;
}

const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : '-').padStart(5);

function evaluateRecipe(name: string, recipe: Recipe): Result {
  const started = Date.now();
  const training = trainingIdeas().map((idea, i) => ({ ...idea, key: `train:${idea.lang}:${idea.batch}:${i}` }));
  const tuning = TUNING_SPLITS.flatMap((split) =>
    SUPPORTED_LANGUAGES.flatMap((lang) => loadIdeas(lang, split).map((idea) => ({ ...idea, batch: split, key: `${split}:${lang}:${idea.line}` }))),
  );
  const data = featurise(training, recipe);
  const tuned = featurise(tuning, recipe);
  const outcome = new Map<string, boolean>();
  const held = [...new Set(data.map((d) => d.batch))].filter((b) => b !== 'base').sort();
  for (const batch of held) {
    const model = decodeModel(
      shippable(
        data.filter((d) => d.batch !== batch),
        recipe,
      ),
    );
    for (const s of data) if (s.batch === batch) outcome.set(s.key, right(model, s));
  }
  const file = shippable(data, recipe);
  const full = decodeModel(file);
  const kib = JSON.stringify(file).length / 1024;
  for (const s of tuned) outcome.set(s.key, right(full, s));

  const tally = (keys: (s: Scored) => boolean, from: readonly Scored[]): [number, number] => {
    let n = 0;
    let d = 0;
    for (const s of from) {
      if (!keys(s) || !outcome.has(s.key)) continue;
      d++;
      if (outcome.get(s.key)) n++;
    }
    return [n, d];
  };
  const perLang = SUPPORTED_LANGUAGES.map((lang) => tally((s) => s.lang === lang && s.batch !== 'base', data));
  const rates = perLang.map(([n, d]) => n / d);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const cols = perLang.map(([n, d], i) => `${SUPPORTED_LANGUAGES[i]} ${pct(n, d)}`).join('  ');
  const [dn, dd] = tally((s) => s.batch === 'dev', tuned);
  const indirect = SUPPORTED_LANGUAGES.map((lang) => tally((s) => s.batch === 'indirect' && s.lang === lang, tuned));
  const [inN, inD] = indirect.reduce(([a, b], [n, d]) => [a + n, b + d], [0, 0]);
  const line =
    `${name.padEnd(22)} cross-batch ${cols}  mean ${pct(mean, 1)}  min ${pct(Math.min(...rates), 1)}` +
    ` | dev ${pct(dn, dd)} | indirect ${pct(inN, inD)} (${indirect.map(([n, d], i) => `${SUPPORTED_LANGUAGES[i]} ${pct(n, d).trim()}`).join(' ')})` +
    `  [${kib.toFixed(0)} KiB, ${((Date.now() - started) / 1000).toFixed(0)} s]`;
  return { name, outcome, line };
}

/** Ideas the variant gets right that the reference gets wrong, and the reverse, on the held-out batches alone. */
function flips(reference: Result, other: Result): string {
  let gained = 0;
  let lost = 0;
  for (const [key, ok] of other.outcome) {
    if (!key.startsWith('train:')) continue;
    const before = reference.outcome.get(key);
    if (ok && before === false) gained++;
    if (!ok && before === true) lost++;
  }
  return `held-out batches vs ${reference.name}: +${gained} −${lost}`;
}

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const name of Object.keys(VARIANTS)) console.log(name);
  process.exit(0);
}
const names = args.filter((a) => !a.startsWith('--'));
const chosen = names.length ? names : ['shipped'];
const results: Result[] = [];
for (const name of chosen) {
  const recipe = VARIANTS[name];
  if (!recipe) throw new Error(`unknown variant "${name}" (see --list)`);
  const result = evaluateRecipe(name, recipe);
  results.push(result);
  console.log(result.line + (results.length > 1 ? `  ${flips(results[0] as Result, result)}` : ''));
}
