import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './tests/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Makes the run's folder; throwaway PostgreSQL and Redis servers start there on first use and stop at the end.
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two workers on the two cores: many files mostly wait (child processes, fake servers,
    // timers), and vitest's default of cores − 1 ran them one at a time (9 min).
    maxWorkers: 2,
    // Longest files first (durations kept in tests/setup/file-durations.json), so both workers end together.
    sequence: { sequencer: SlowestFirst },
    // The JSON report is what .ci/run counts from; the default reporter is for people.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
