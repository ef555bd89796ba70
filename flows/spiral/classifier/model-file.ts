import { readFileSync } from 'node:fs';
import { FAMILY_CODES } from '../grid/index.ts';
import { LEXICON_FEATURE_PREFIX } from './features.ts';
import type { FeatureIndex, Model, TrainedModel } from './model.ts';

/**
 * The trained model as shipped (model.json): word weights pruned and
 * quantised to one signed byte each (base64), the few lexicon weights kept
 * exact. Measured on the tuning sets, pruning weights under PRUNE_BELOW and
 * quantising leave indirect accuracy unchanged and cost 3 of 660 dev ideas.
 * Since the complement naive Bayes weighs every word seen in training, almost
 * nothing is pruned: 136,000 rows, 2.2 MB with front-coded names (3.2 MB without).
 */
export interface ModelFile {
  readonly format: 2;
  /** sha256 of everything the model was built from (training/fingerprint.ts). */
  readonly fingerprint: string;
  readonly classes: readonly string[];
  readonly bias: readonly number[];
  /** Lexicon features at full precision: name → one weight per class. */
  readonly exact: Readonly<Record<string, readonly number[]>>;
  /** Value of one quantisation step of the word weights. */
  readonly scale: number;
  /**
   * Names of the quantised rows, sorted (the index searches them by halves),
   * newline-separated and front-coded: each starts with one character whose
   * code minus 48 says how many leading characters it shares with the name
   * before ("fr|b:mal_dos" after "fr|b:mal_de" is "9os"): sorted names share
   * long beginnings, and this halves the file.
   */
  readonly names: string;
  /** Int8 weights, `classes` per row, base64. */
  readonly weights: string;
}

/** Thrown when model.json is missing, damaged or built for other classes. */
export class ModelFileError extends Error {
  constructor(detail: string) {
    super(`SPIRAL classifier model: ${detail}; rebuild it with "npm run train-classifier"`);
    this.name = 'ModelFileError';
  }
}

/** Where the shipped model lives, next to this file. */
export const MODEL_FILE = new URL('./model.json', import.meta.url);

// A word whose strongest weight is this small almost never changes a suggestion: not worth shipping.
export const PRUNE_BELOW = 0.1;

// The shared length is one printable character: "0" for none, up to "~" (78).
const SHARED_BASE = 48;
const SHARED_MAX = 126 - SHARED_BASE;

function frontCode(sorted: readonly string[]): string {
  let previous = '';
  return sorted
    .map((name) => {
      let shared = 0;
      const limit = Math.min(previous.length, name.length, SHARED_MAX);
      while (shared < limit && previous.charCodeAt(shared) === name.charCodeAt(shared)) shared++;
      previous = name;
      return String.fromCharCode(SHARED_BASE + shared) + name.slice(shared);
    })
    .join('\n');
}

function frontDecode(coded: string): string[] {
  let previous = '';
  return coded.split('\n').map((entry) => {
    const shared = entry.charCodeAt(0) - SHARED_BASE;
    if (!(shared >= 0 && shared <= previous.length)) throw new ModelFileError('damaged feature names');
    previous = previous.slice(0, shared) + entry.slice(1);
    return previous;
  });
}

export function encodeModel(model: TrainedModel, fingerprint: string, pruneBelow = PRUNE_BELOW): ModelFile {
  const k = model.classes;
  const row = (r: number): number[] => Array.from(model.weights.subarray(r * k, (r + 1) * k));
  const exact: Record<string, number[]> = {};
  const kept: [string, number[]][] = [];
  let max = 0;
  for (const [name, r] of model.index) {
    const w = row(r);
    if (name.startsWith(LEXICON_FEATURE_PREFIX)) {
      exact[name] = w.map((v) => Number(v.toPrecision(6)));
      continue;
    }
    // Adding one number to every family's weight of a word changes no probability: centred rows prune and quantise best.
    const mean = w.reduce((a, b) => a + b, 0) / k;
    for (let c = 0; c < k; c++) w[c] = (w[c] as number) - mean;
    const strongest = Math.max(...w.map(Math.abs));
    if (strongest < pruneBelow) continue;
    kept.push([name, w]);
    max = Math.max(max, strongest);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const scale = max / 127 || 1;
  const bytes = new Int8Array(kept.length * k);
  kept.forEach(([, w], r) => w.forEach((v, c) => (bytes[r * k + c] = Math.round(v / scale))));
  return {
    format: 2,
    fingerprint,
    classes: [...FAMILY_CODES],
    bias: Array.from(model.bias, (v) => Number(v.toPrecision(6))),
    exact,
    scale,
    names: frontCode(kept.map(([name]) => name)),
    weights: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

export function decodeModel(file: ModelFile): Model {
  if (file?.format !== 2) throw new ModelFileError('unknown format');
  if (JSON.stringify(file.classes) !== JSON.stringify(FAMILY_CODES)) throw new ModelFileError('built for other families');
  const k = file.classes.length;
  const names = file.names === '' ? [] : frontDecode(file.names);
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== names.length * k) throw new ModelFileError('weights and names disagree');
  const exactNames = Object.keys(file.exact);
  const weights = new Float32Array((names.length + exactNames.length) * k);
  const quantised = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < quantised.length; i++) weights[i] = (quantised[i] as number) * file.scale;
  const exact = new Map<string, number>();
  exactNames.forEach((name, j) => {
    const r = names.length + j;
    exact.set(name, r);
    weights.set(file.exact[name] as readonly number[], r * k);
  });
  return { classes: k, bias: Float64Array.from(file.bias), index: new SortedIndex(names, exact), weights };
}

/**
 * Rows found by binary search in the sorted names: hashing 60,000 names
 * into a Map took longer than the rest of loading together, and an idea
 * looks up only a few dozen features.
 */
class SortedIndex implements FeatureIndex {
  constructor(
    private readonly names: readonly string[],
    private readonly exact: ReadonlyMap<string, number>,
  ) {}

  get size(): number {
    return this.names.length + this.exact.size;
  }

  get(name: string): number | undefined {
    const exact = this.exact.get(name);
    if (exact !== undefined) return exact;
    let lo = 0;
    let hi = this.names.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.names[mid] as string;
      if (at === name) return mid;
      if (at < name) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** The shipped model, ready to predict (a few milliseconds). */
export function loadModel(): Model {
  let text: string;
  try {
    text = readFileSync(MODEL_FILE, 'utf8');
  } catch (error) {
    throw new ModelFileError(`cannot read ${MODEL_FILE.pathname} (${(error as Error).message})`);
  }
  let file: ModelFile;
  try {
    file = JSON.parse(text) as ModelFile;
  } catch {
    throw new ModelFileError(`${MODEL_FILE.pathname} is not valid JSON`);
  }
  return decodeModel(file);
}
