/**
 * Builds the SPIRAL family model from the training ideas and writes
 * flows/spiral/classifier/model.json: `npm run train-classifier`. Run it
 * after changing a training file, a lexicon or the features; a test compares
 * the model's fingerprint with the sources and says so when they differ.
 */
import { writeFileSync } from 'node:fs';
import { FAMILY_CODES } from '../../grid/index.ts';
import { analyse } from '../analyse.ts';
import { LEXICON_FEATURE_PREFIX, modelFeatures } from '../features.ts';
import { MODEL_FILE, encodeModel } from '../model-file.ts';
import { DEFAULT_TRAINING, train } from '../model.ts';
import { trainingIdeas } from '../training.ts';
import { modelFingerprint } from './fingerprint.ts';

const examples = trainingIdeas().map((idea) => ({
  features: modelFeatures(idea.text, idea.lang, analyse(idea.text, idea.lang)),
  label: FAMILY_CODES.indexOf(idea.family),
}));
const file = encodeModel(train(examples, FAMILY_CODES.length, { ...DEFAULT_TRAINING, unpenalisedPrefix: LEXICON_FEATURE_PREFIX }), modelFingerprint());
const json = `${JSON.stringify(file)}\n`;
writeFileSync(MODEL_FILE, json);
const rows = file.names.split('\n').length + Object.keys(file.exact).length;
console.log(`model.json: ${examples.length} ideas, ${rows} weighted features, ${(json.length / 1024).toFixed(0)} KiB, fingerprint ${file.fingerprint.slice(0, 12)}`);
