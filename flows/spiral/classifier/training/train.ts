/**
 * Builds the SPIRAL family model from the training ideas and writes
 * flows/spiral/classifier/model.json: `npm run train-classifier`. Run it
 * after changing a training file, a lexicon, the features or the recipe; a
 * test compares the model's fingerprint with the sources and says so when
 * they differ.
 */
import { writeFileSync } from 'node:fs';
import { MODEL_FILE, encodeModel } from '../model-file.ts';
import { trainingIdeas } from '../training.ts';
import { SHIPPED_RECIPE, buildModel, ideaFeatures } from './build.ts';
import { modelFingerprint } from './fingerprint.ts';

const ideas = trainingIdeas();
const file = encodeModel(buildModel(ideaFeatures(ideas, SHIPPED_RECIPE.features), SHIPPED_RECIPE), modelFingerprint(), SHIPPED_RECIPE.pruneBelow);
const json = `${JSON.stringify(file)}\n`;
writeFileSync(MODEL_FILE, json);
const rows = file.names.split('\n').length + Object.keys(file.exact).length;
console.log(`model.json: ${ideas.length} ideas, ${rows} weighted features, ${(json.length / 1024).toFixed(0)} KiB, fingerprint ${file.fingerprint.slice(0, 12)}`);
