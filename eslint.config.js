// Lint = the architecture's boundaries, checked in CI (.ci/run) before the tests:
// - src/ and flows/ never import an adapter or a platform SDK (DESIGN.md, "the one rule");
// - a flow reaches the core only through its public entry points, src/engine/index.ts and src/core/*,
//   and another flow only through that flow's index.ts.
// Type errors are tsc's job (npm run typecheck); this file adds no style rules.
import { readdirSync, statSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const PLATFORM = {
  regex: '^(telegraf|@slack/|discord\\.js)|(^|/)adapters(/|$)',
  message: 'src/ and flows/ never import an adapter or a platform SDK: an adapter imports the core, not the other way round (DESIGN.md).',
};

/** src modules a flow may import: the engine's entry point and the core's vocabulary. */
const PUBLIC = ['engine/index\\.ts', 'core/[^/]+\\.ts'];

/**
 * TEMPORARY: flows that still import core internals, each with exactly the modules it imports
 * today. The flow migration of "Core v2" (phase 2) empties this list; a file not listed here, or
 * a module not listed for its file, is an error.
 */
export const ALLOWLIST = {};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An import of a src module other than `allowed` (regexes relative to src/). */
const coreInternals = (allowed) => ({
  regex: `(^|/)src/(?!(${allowed.join('|')})$)`,
  message: 'A flow reaches the core only through src/engine/index.ts and src/core/*: export what the flow needs there (or ask the engine owner).',
});

/** The same checks for import('…') expressions and inline `import('…').Type` annotations. */
const syntax = (patterns) =>
  patterns.flatMap(({ regex, message }) => [
    { selector: `ImportExpression > Literal[value=/${regex.replace(/\//g, '\\/')}/]`, message },
    { selector: `TSImportType Literal[value=/${regex.replace(/\//g, '\\/')}/]`, message },
  ]);

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  'no-restricted-syntax': ['error', ...syntax(patterns)],
});

const flowNames = readdirSync('flows').filter((n) => statSync(`flows/${n}`).isDirectory());

/** Inside flows/<name>/, another flow is reached only through its index.ts. */
const otherFlows = (name) =>
  flowNames
    .filter((other) => other !== name)
    .map((other) => ({
      regex: `(^|/)(flows/|\\.\\./)${escape(other)}/(?!index\\.ts$)`,
      message: `A flow uses another flow only through its public index.ts (flows/${other}/index.ts).`,
    }));

export default [
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'bench/**', '**/*.js', '**/*.mjs'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } },
  { files: ['src/**/*.ts'], rules: restrict([PLATFORM]) },
  { files: ['flows/*.ts'], rules: restrict([PLATFORM, coreInternals(PUBLIC)]) },
  ...flowNames.map((name) => ({ files: [`flows/${name}/**/*.ts`], rules: restrict([PLATFORM, coreInternals(PUBLIC), ...otherFlows(name)]) })),
  ...Object.entries(ALLOWLIST).map(([file, modules]) => {
    const name = file.split('/')[1];
    return { files: [file], rules: restrict([PLATFORM, coreInternals([...PUBLIC, ...modules.map(escape)]), ...otherFlows(name)]) };
  }),
];
