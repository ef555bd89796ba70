import { describe, expect, it } from 'vitest';
import { batchOf } from '../flows/spiral/classifier/training.ts';
import { REGRESSION_ONLY, SHIPPED_RECIPE, buildModel } from '../flows/spiral/classifier/training/build.ts';
import type { LabelledFeatures } from '../flows/spiral/classifier/training/build.ts';
import { ModelFileError, decodeModel, encodeModel } from '../flows/spiral/classifier/model-file.ts';
import type { ModelFile } from '../flows/spiral/classifier/model-file.ts';
import { predict } from '../flows/spiral/classifier/model.ts';

const idea = (label: number, ...words: string[]): LabelledFeatures => ({
  features: new Map(words.map((w) => [w, 1] as [string, number])),
  label,
  lang: 'fr',
});

// Four families, each with a common word, plus words seen once.
const data: LabelledFeatures[] = [
  ...[0, 1, 2, 3].flatMap((label) => [1, 2, 3, 4].map((i) => idea(label, `fr|s:common${label}`, `s:common${label}`, `fr|s:x${label}_${i}`))),
  idea(1, 'fr|s:common1', 'fr|s:rare'),
];

describe('the training recipe (training/build.ts)', () => {
  it('is deterministic: same ideas, same weights', () => {
    const a = buildModel(data, SHIPPED_RECIPE);
    const b = buildModel(data, SHIPPED_RECIPE);
    expect([...a.index]).toEqual([...b.index]);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('gives a word seen once a clearer vote for its family with the complement naive Bayes than the regression alone', () => {
    const spread = (recipe: typeof SHIPPED_RECIPE): number => {
      const model = buildModel(data, recipe);
      const p = predict(model, new Map([['fr|s:rare', 1]]));
      return (p[1] as number) - Math.max(...Array.from(p).filter((_, c) => c !== 1));
    };
    expect(spread(SHIPPED_RECIPE)).toBeGreaterThan(spread(REGRESSION_ONLY));
    expect(spread(SHIPPED_RECIPE)).toBeGreaterThan(0);
  });

  it('keeps its rows centred, so the file prunes and quantises them without changing a suggestion', () => {
    const model = buildModel(data, SHIPPED_RECIPE);
    const shipped = decodeModel(JSON.parse(JSON.stringify(encodeModel(model, 'x'))) as ModelFile);
    for (const ex of data) {
      const a = predict(model, ex.features);
      const b = predict(shipped, ex.features);
      expect(b.indexOf(Math.max(...b))).toBe(a.indexOf(Math.max(...a)));
    }
  });
});

describe('model.json feature names (front-coded)', () => {
  const names = ['fr|b:mal_de', 'fr|b:mal_dos', 'fr|b:mal', 'fr|s:mal', 'b:mal_de', 'lexique', 'x', 'x'.repeat(120), 'x'.repeat(121)];
  const model = buildModel(
    names.map((n, i) => idea(i % 8, n)),
    { ...REGRESSION_ONLY, training: { ...REGRESSION_ONLY.training, l2: 0 } },
  );

  it('finds every name again after encoding, long shared beginnings included', () => {
    const file = JSON.parse(JSON.stringify(encodeModel(model, 'x', 0))) as ModelFile;
    expect(file.names.length).toBeLessThan(names.join('\n').length);
    const shipped = decodeModel(file);
    for (const name of names) expect(shipped.index.has(name), name).toBe(true);
    expect(shipped.index.has('fr|b:mal_d')).toBe(false);
  });

  it('refuses damaged names with a message that says how to rebuild', () => {
    const file = encodeModel(model, 'x', 0);
    const lines = file.names.split('\n');
    const damaged = { ...file, names: [lines[0], '~oops', ...lines.slice(2)].join('\n') };
    expect(() => decodeModel(damaged)).toThrow(ModelFileError);
    expect(() => decodeModel(damaged)).toThrow(/npm run train-classifier/);
  });
});

describe('training batches', () => {
  it('are named from their files', () => {
    expect(batchOf('fr.tsv')).toBe('base');
    expect(batchOf('fr.extra.tsv')).toBe('extra');
    expect(batchOf('es.extra4.tsv')).toBe('extra4');
  });
});
