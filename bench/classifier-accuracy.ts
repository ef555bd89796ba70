/**
 * Top-1 accuracy of the offline SPIRAL family classifier on the labelled
 * fixtures. Usage:
 *   npx tsx bench/classifier-accuracy.ts            # summary + confusion
 *   npx tsx bench/classifier-accuracy.ts --errors   # also list DEV errors
 * Held-out (heldout, hard, blind) errors are deliberately never listed: printing held-out
 * mistakes would invite tuning on them. The blind split shows only accuracy per language
 * and per family. `--errors` lists the dev and indirect (tuning) errors.
 */
import { FAMILY_CODES } from '../flows/spiral/grid/index.ts';
import { statSync } from 'node:fs';
import { suggestFamily } from '../flows/spiral/classifier/index.ts';
import { MODEL_FILE, loadModel } from '../flows/spiral/classifier/model-file.ts';
import { evaluate, fixtureLanguages, loadIdeas } from '../tests/fixtures/spiral-ideas/evaluate.ts';
import type { Evaluation, LabelledIdea, Split } from '../tests/fixtures/spiral-ideas/evaluate.ts';

const pct = (e: Evaluation): string => `${(e.accuracy * 100).toFixed(1).padStart(5)} %  (${e.correct}/${e.total})`;

function confusionSummary(e: Evaluation): string {
  const pairs: [string, number][] = [];
  for (const [expected, row] of e.confusion) for (const [predicted, n] of row) pairs.push([`${expected}→${predicted}`, n]);
  pairs.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return pairs.length ? pairs.map(([k, n]) => `${k}×${n}`).join('  ') : '(none)';
}

function perFamilyRecall(ideas: readonly LabelledIdea[], e: Evaluation): string {
  return FAMILY_CODES.map((f) => {
    const n = ideas.filter((i) => i.family === f).length;
    const wrong = [...(e.confusion.get(f)?.values() ?? [])].reduce((a, b) => a + b, 0);
    return n ? `${f} ${Math.round(((n - wrong) / n) * 100)}%` : `${f} -`;
  }).join('  ');
}

function report(split: Split, { confusion = true } = {}): LabelledIdea[] {
  console.log(`\n== ${split} ==`);
  const all: LabelledIdea[] = [];
  for (const lang of fixtureLanguages(split)) {
    const ideas = loadIdeas(lang, split);
    all.push(...ideas);
    console.log(`  ${lang}  ${pct(evaluate(ideas))}`);
  }
  const enfr = all.filter((i) => i.lang === 'en' || i.lang === 'fr');
  const eAll = evaluate(all);
  console.log(`  en+fr ${pct(evaluate(enfr))}`);
  console.log(`  all  ${pct(eAll)}`);
  console.log(`  recall by family: ${perFamilyRecall(all, eAll)}`);
  if (confusion) console.log(`  confusion (expected→predicted): ${confusionSummary(eAll)}`);
  return all;
}

// The model is read from model.json (built by npm run train-classifier), never trained here.
// CPU time, best of five: on a shared machine the wall clock also counts waiting for a processor.
const loads = [1, 2, 3, 4, 5].map(() => {
  const before = process.cpuUsage();
  loadModel();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
});
console.log(`model: ${(statSync(MODEL_FILE).size / 1024).toFixed(0)} KiB, ${loadModel().index.size} weighted features, load ${Math.min(...loads).toFixed(1)} ms CPU (best of 5)`);

const dev = report('dev');
report('heldout');
report('hard');
const indirect = report('indirect');
if (!process.argv.includes('--no-blind')) report('blind', { confusion: false });

if (process.argv.includes('--errors')) {
  for (const [name, ideas] of [['dev', dev], ['indirect', indirect]] as const) {
    console.log(`\n== ${name} errors ==`);
    for (const { idea, predicted } of evaluate(ideas).errors) {
      console.log(`  ${idea.lang}:${idea.line}  ${idea.family}→${predicted}  ${idea.text}`);
    }
  }
}

// Speed check on realistic input: every fixture idea, many times over.
const texts = [...dev];
const rounds = 50;
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const i of texts) suggestFamily(i.text, i.lang);
const us = Number(process.hrtime.bigint() - t0) / 1000 / (rounds * texts.length);
console.log(`\nspeed: ${us.toFixed(1)} µs per idea (mean over ${rounds * texts.length} calls)`);
