/**
 * Refreshes tests/setup/file-durations.json (the order of a run, see sequencer.ts) from the JSON
 * report of a whole run: `npx vitest run && npx tsx tests/setup/record-durations.ts`. Whole
 * seconds: the order is what counts, not the exact figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Report {
  testResults: { name: string; startTime: number; endTime: number }[];
}

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results.json', 'utf8')) as Report;
const rows = report.testResults
  .map((r) => [relative(process.cwd(), r.name), Math.max(1, Math.round((r.endTime - r.startTime) / 1000))] as const)
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
writeFileSync(new URL('./file-durations.json', import.meta.url), `${JSON.stringify(Object.fromEntries(rows), null, 1)}\n`);
console.log(`${rows.length} files recorded`);
