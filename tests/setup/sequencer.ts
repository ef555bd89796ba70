import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds each test file took in a whole run (tests/setup/file-durations.json, from record-durations.ts). */
function recorded(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * Longest files first, so the two workers end together: a long file started last would leave
 * the other worker idle for its whole length. vitest orders by the durations it cached in
 * node_modules, which a CI run (npm ci) never has; then it falls back to file size, and a short
 * file that starts processes for a minute ran last. So the durations come from a table kept in the
 * repository. Files not in it yet go first (they may be long), in vitest's own order.
 */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = recorded();
    const of = (f: TestSpecification) => seconds[relative(this.ctx.config.root, f.moduleId)];
    const unknown = base.filter((f) => of(f) === undefined);
    const known = base.filter((f) => of(f) !== undefined).sort((a, b) => of(b)! - of(a)!);
    return [...unknown, ...known];
  }
}
