import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILY_CODES, loadGrid } from '../flows/spiral/grid/index.ts';
import {
  MAX_ANALYSED_CHARS,
  TIE_BREAK_ORDER,
  classifierLanguage,
  normalise,
  rankFamilies,
  suggestComponent,
  suggestFamily,
  tokenise,
} from '../flows/spiral/classifier/index.ts';
import { MODEL_FILE, decodeModel, encodeModel } from '../flows/spiral/classifier/model-file.ts';
import type { ModelFile } from '../flows/spiral/classifier/model-file.ts';
import { predict, train } from '../flows/spiral/classifier/model.ts';
import { modelFingerprint } from '../flows/spiral/classifier/training/fingerprint.ts';
import { evaluate, loadIdeas } from './fixtures/spiral-ideas/evaluate.ts';
import type { LabelledIdea } from './fixtures/spiral-ideas/evaluate.ts';

/**
 * Floors are the measured figures rounded down (bench/classifier-accuracy.ts,
 * model.json built from every file training.ts lists); they guard against
 * regressions, they are not targets to tune towards. The goal for indirect
 * ideas is 85 % in every language. The recipe (training/build.ts) is chosen
 * on the cross-batch evaluation (bench/classifier-cv.ts) and the tuning sets,
 * never on the blind set; its one look after the complement naive Bayes was
 * added: 84.6 → 87.9 % (en 87.5→90.0, es 82.5→86.3, fr 80.0→87.5, it 83.8→88.8,
 * pt 88.8→90.0, ro 85.0→85.0), 85 % reached in every language.
 */
const HELDOUT_FLOOR = { enfr: 0.91, en: 0.91, fr: 0.92, small: 0.87 };
const HARD_FLOOR = 0.85;
/** Indirect, colloquial ideas written without sight of the lexicons or the training text (tuned on). */
const INDIRECT_FLOOR: Record<string, number> = { en: 0.92, fr: 0.87, it: 0.92, ro: 0.87, es: 0.82, pt: 0.82 };
/** Same author, held back: never opened, only scored (measured once, at the end). */
const BLIND_FLOOR: Record<string, number> = { en: 0.9, fr: 0.87, it: 0.88, ro: 0.85, es: 0.86, pt: 0.9 };

const validFamily = (f: unknown): boolean => (FAMILY_CODES as readonly unknown[]).includes(f);

describe('accuracy on held-out ideas', () => {
  const en = loadIdeas('en', 'heldout');
  const fr = loadIdeas('fr', 'heldout');

  it('has enough held-out ideas to mean something', () => {
    expect(en.length).toBeGreaterThanOrEqual(150);
    expect(fr.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['it', 'ro', 'es', 'pt']) {
      expect(loadIdeas(lang, 'heldout').length + loadIdeas(lang, 'dev').length).toBeGreaterThanOrEqual(30);
    }
  });

  it(`reaches ≥ ${HELDOUT_FLOOR.enfr * 100} % top-1 on en+fr combined`, () => {
    expect(evaluate([...en, ...fr]).accuracy).toBeGreaterThanOrEqual(HELDOUT_FLOOR.enfr);
    expect(evaluate(en).accuracy).toBeGreaterThanOrEqual(HELDOUT_FLOOR.en);
    expect(evaluate(fr).accuracy).toBeGreaterThanOrEqual(HELDOUT_FLOOR.fr);
  });

  it.each(['it', 'ro', 'es', 'pt'])('holds up in %s', (lang) => {
    expect(evaluate(loadIdeas(lang, 'heldout')).accuracy).toBeGreaterThanOrEqual(HELDOUT_FLOOR.small);
  });

  it(`stays ≥ ${HARD_FLOOR * 100} % on the indirect-phrasing split (the honest figure)`, () => {
    const hard: LabelledIdea[] = [...loadIdeas('en', 'hard'), ...loadIdeas('fr', 'hard')];
    expect(evaluate(hard).accuracy).toBeGreaterThanOrEqual(HARD_FLOOR);
  });

  it.each(Object.keys(INDIRECT_FLOOR))('indirect ideas in %s stay at their measured floor', (lang) => {
    const ideas = loadIdeas(lang, 'indirect');
    expect(ideas.length).toBeGreaterThanOrEqual(128);
    expect(evaluate(ideas).accuracy).toBeGreaterThanOrEqual(INDIRECT_FLOOR[lang] as number);
  });

  it.each(Object.keys(BLIND_FLOOR))('held-back blind ideas in %s stay at their measured floor', (lang) => {
    const ideas = loadIdeas(lang, 'blind');
    expect(ideas.length).toBeGreaterThanOrEqual(80);
    expect(evaluate(ideas).accuracy).toBeGreaterThanOrEqual(BLIND_FLOOR[lang] as number);
  });
});

describe('rankFamilies / suggestFamily', () => {
  it('returns all eight families once, best first, scores summing to 1', () => {
    const ranked = rankFamilies('no money for food at the end of the month', 'en');
    expect(ranked.map((r) => r.family).sort()).toEqual([...FAMILY_CODES]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    expect(ranked.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1);
    expect(ranked[0]!.family).toBe('A');
  });

  it('is negation-insensitive: ill-being ideas land in the same family', () => {
    expect(suggestFamily('enough food for everyone', 'en')).toBe('A');
    expect(suggestFamily('no money for food', 'en')).toBe('A');
    expect(suggestFamily("pas d'argent pour manger", 'fr')).toBe('A');
    expect(suggestFamily('sans logement', 'fr')).toBe('A');
  });

  it('handles elisions, missing accents and regional language tags', () => {
    expect(suggestFamily("l'école de mes enfants", 'fr')).toBe('A');
    expect(suggestFamily("l’ecole", 'fr-BE')).toBe('A');
    expect(suggestFamily('ETRE EN BONNE SANTE', 'fr_FR')).toBe('F');
    expect(suggestFamily('să ai ce mânca', 'ro')).toBe('A');
    expect(suggestFamily('sa ai ce manca', 'ro')).toBe('A');
    expect(classifierLanguage('pt-BR')).toBe('pt');
    expect(classifierLanguage('de')).toBe('en');
  });

  it('falls back to the other lexicons when the note is in another language', () => {
    expect(suggestFamily('la solitude', 'de')).toBe('D');
    expect(suggestFamily('loneliness', 'ro')).toBe('D');
  });

  it.each([['ab'], ['12345'], ['ok'], ['xyzzy plugh'], ['🤷'], ['...'], ['']])('gives no suggestion for "%s" (nothing to go on)', (text) => {
    for (const lang of ['en', 'fr', 'it', 'ro', 'es', 'pt']) {
      expect(suggestFamily(text, lang)).toBeUndefined();
      const ranked = rankFamilies(text, lang);
      expect(ranked.every((r) => r.score === 0)).toBe(true);
      expect(ranked.map((r) => r.family)).toEqual([...FAMILY_CODES]);
    }
  });

  it('still suggests on one meaningful word or a cue emoji', () => {
    expect(suggestFamily('loneliness', 'en')).toBe('D');
    expect(suggestFamily('racisme', 'fr')).toBe('E');
    expect(suggestFamily('😢', 'en')).toBe('G');
  });

  it('reads the known boundaries the way facilitators do', () => {
    // inequality and discrimination are E, not resources; overwork is F, not income; joining is H, not institutions
    expect(suggestFamily('women get paid less than men for the same job', 'en')).toBe('E');
    expect(suggestFamily('working twelve hours a day with no energy left', 'en')).toBe('F');
    expect(suggestFamily('I joined an association that helps refugees', 'en')).toBe('H');
  });

  it('breaks ties towards the concrete object, feelings last', () => {
    expect(TIE_BREAK_ORDER.at(-1)).toBe('G');
  });

  it('is deterministic', () => {
    const text = 'Je me sens seule depuis que mes enfants sont partis 😢';
    const first = JSON.stringify(rankFamilies(text, 'fr'));
    for (let i = 0; i < 20; i++) expect(JSON.stringify(rankFamilies(text, 'fr'))).toBe(first);
  });
});

describe('weird input never throws and yields a valid family or no suggestion', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['spaces', '   \n\t  '],
    ['punctuation', '!!! ??? ... ---'],
    ['emoji only', '😀😀😀'],
    ['sad emoji', '😢'],
    ['ZWJ emoji', '👨‍👩‍👧‍👦❤️'],
    ['Arabic', 'الصحة والعائلة والسلام'],
    ['Hebrew', 'בריאות ומשפחה'],
    ['mixed RTL + Latin', 'שלום family سلام'],
    ['combining marks', 'e\u0301cole\u0301\u0301\u0301'],
    ['lone surrogate', '\ud83d'],
    ['control chars', '\u0000\u0007\u202e\u200f'],
    ['digits', '1234567890'],
    ['10,000 chars', 'food and family '.repeat(625)],
    ['10,000 chars no spaces', 'a'.repeat(10_000)],
  ];

  it.each(cases)('%s', (_name, text) => {
    for (const lang of ['en', 'fr', 'it', 'ro', 'es', 'pt', 'xx', '']) {
      const family = suggestFamily(text, lang);
      expect(family === undefined || validFamily(family)).toBe(true);
      expect(rankFamilies(text, lang)).toHaveLength(8);
    }
  });

  it('reads an emoji-only note as a feeling', () => {
    expect(suggestFamily('😢', 'en')).toBe('G');
  });

  it('tolerates non-string input from loose callers', () => {
    expect(suggestFamily(undefined as unknown as string, 'en')).toBeUndefined();
    expect(suggestFamily(null as unknown as string, null as unknown as string)).toBeUndefined();
  });

  it('stays fast on long input (work is capped)', () => {
    const long = 'le logement et la famille '.repeat(400);
    // Only the first MAX_ANALYSED_CHARS characters are read: the rest changes nothing…
    expect(rankFamilies(long, 'fr')).toEqual(rankFamilies(long.slice(0, MAX_ANALYSED_CHARS), 'fr'));
    // …and costs nothing. Measured in CPU time, not wall-clock time: on a busy machine the test
    // may wait for a processor, which does not make the classifier slower. Best of three rounds,
    // so that a garbage collection of the test runner in one round does not count either.
    const msPerCall = [1, 2, 3].map(() => {
      const before = process.cpuUsage();
      for (let i = 0; i < 100; i++) suggestFamily(long, 'fr');
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / 100;
    });
    expect(Math.min(...msPerCall)).toBeLessThan(5);
  });
});

describe('normalisation', () => {
  it('folds case, accents, ligatures and elisions', () => {
    expect(normalise('Cœur ÉTÉ Straße')).toBe('coeur ete strasse');
    expect(tokenise("l'école d’été, petits-enfants!")).toEqual(['l', 'ecole', 'd', 'ete', 'petits', 'enfants']);
    expect(tokenise('Sănătate, ţară, şcoală')).toEqual(['sanatate', 'tara', 'scoala']);
  });
});

describe('suggestComponent', () => {
  it('picks the component named by the cues', () => {
    expect(suggestComponent('the rent is too high', 'en', 'A')).toBe('A03');
    expect(suggestComponent('aller au cinéma', 'fr', 'A')).toBe('A07');
    expect(suggestComponent('mes voisins', 'fr', 'D')).toBe('D04');
  });

  it('falls back to the general x00 component, then to undefined', () => {
    expect(suggestComponent('xyzzy', 'en', 'G')).toBe('G00');
    const grid = loadGrid({ id: 't', name: 'T', families: FAMILY_CODES.map((f) => ({ code: f, components: [`${f}01`] })) });
    expect(suggestComponent('xyzzy', 'en', 'G', grid)).toBeUndefined();
    // A03 is not in that grid, so it must not be suggested.
    expect(suggestComponent('the rent is too high', 'en', 'A', grid)).toBeUndefined();
  });
});

describe('the shipped model (built by npm run train-classifier, never trained at run time)', () => {
  it('was built from the current training ideas, lexicons and features', () => {
    const file = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ModelFile;
    // When this fails: run `npm run train-classifier` and commit flows/spiral/classifier/model.json.
    expect(file.fingerprint, 'model.json is stale: run npm run train-classifier').toBe(modelFingerprint());
  });

  // 12,200 training ideas need 2.2 MB: the complement naive Bayes gives every word seen in
  // training a weight (136,000 rows), their names front-coded; loaded once at start.
  it('stays compact', () => {
    expect(statSync(MODEL_FILE).size).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('survives pruning and quantisation: same suggestions after encoding', () => {
    const ex = (words: string, label: number) => ({ features: new Map(words.split(' ').map((w) => [w, 1] as [string, number])), label });
    const examples = [ex('rent food money', 0), ex('noise park air', 1), ex('town hall office', 2), ex('friends family', 3)];
    const exact = new Map([['lex:A', 1]]);
    const model = train([...examples, { features: exact, label: 0 }], 8);
    const shipped = decodeModel(JSON.parse(JSON.stringify(encodeModel(model, 'x'))) as ModelFile);
    for (const { features } of [...examples, { features: exact }]) {
      const a = predict(model, features);
      const b = predict(shipped, features);
      expect(b.indexOf(Math.max(...b))).toBe(a.indexOf(Math.max(...a)));
      for (let c = 0; c < 8; c++) expect(b[c]).toBeCloseTo(a[c] as number, 1);
    }
    // The lexicon features are kept exact.
    expect(shipped.weights[(shipped.index.get('lex:A') as number) * 8]).toBeCloseTo(model.weights[(model.index.get('lex:A') as number) * 8] as number, 4);
  });

  it('leaves features named by unpenalisedPrefix out of the L2 penalty', () => {
    // The same data twice, with a strong penalty: the exempt lexicon feature keeps more weight.
    const examples = [0, 1, 0, 1].map((label) => ({ features: new Map([[`lex:${label}`, 1], [`w:${label}`, 1]]), label }));
    const options = { epochs: 30, learningRate: 0.2, l2: 0.5, seed: 1 };
    const plain = train(examples, 2, options);
    const exempt = train(examples, 2, { ...options, unpenalisedPrefix: 'lex' });
    const weight = (m: typeof plain, name: string): number => m.weights[(m.index.get(name) as number) * 2] as number;
    expect(weight(exempt, 'lex:0')).toBeGreaterThan(weight(plain, 'lex:0') + 0.1);
  });

  it('refuses a damaged model file with a message that says how to rebuild it', () => {
    const file = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ModelFile;
    expect(() => decodeModel({ ...file, weights: file.weights.slice(0, 100) })).toThrow(/npm run train-classifier/);
    expect(() => decodeModel({ ...file, classes: ['A', 'B'] })).toThrow(/npm run train-classifier/);
  });
});
