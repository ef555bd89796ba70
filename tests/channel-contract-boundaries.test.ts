// The lint rule CI runs (eslint.config.js) keeps the architecture: these lint snippets as if they
// were files at the given paths, through ESLint's API, so a rule that stops catching is noticed.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
// @ts-expect-error -- a plain JS config file, without types
import { ALLOWLIST } from '../eslint.config.js';

const eslint = new ESLint();
const errors = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
};

describe('lint: flows reach the core through its public entry points; nothing imports a platform', () => {
  it('src/ and flows/ may not import an adapter or a platform SDK, statically or dynamically', async () => {
    expect(await errors('src/engine/probe.ts', "import { Telegraf } from 'telegraf';")).toHaveLength(1);
    expect(await errors('src/outbox/probe.ts', "export { x } from '../../adapters/telegram/index.ts';")).toHaveLength(1);
    expect(await errors('flows/spiral/probe.ts', "const m = await import('discord.js');")).toHaveLength(1);
    expect(await errors('flows/caravan/probe.ts', "import type { App } from '@slack/bolt';")).toHaveLength(1);
  });

  it('a flow imports src only through src/engine/index.ts and src/core/*', async () => {
    expect(await errors('flows/caravan/probe.ts', "import { next } from '../../src/engine/index.ts';\nimport type { Address } from '../../src/core/types.ts';")).toEqual([]);
    expect(await errors('flows/caravan/probe.ts', "import { Scheduler } from '../../src/scheduler/scheduler.ts';")).toHaveLength(1);
    expect(await errors('flows/spiral/steps/probe.ts', "let d: import('../../../src/store/types.ts').UserDoc;")).toHaveLength(1);
  });

  it('another flow only through its index.ts; its own folders freely', async () => {
    expect(await errors('flows/caravan/probe.ts', "import { x } from '../spiral/links.ts';")).toHaveLength(1);
    expect(await errors('flows/caravan/probe.ts', "import { x } from '../spiral/index.ts';")).toEqual([]);
    expect(await errors('flows/spiral/classifier/probe.ts', "import { x } from '../grid/index.ts';")).toEqual([]);
  });

  it('no flow is allowlisted any more: every flow reaches the core through its public entry points', () => {
    expect(ALLOWLIST).toEqual({});
  });

  it('a flow importing a core internal is an error', async () => {
    expect(await errors('flows/privacy/probe.ts', "import { forgetJobs } from '../../src/scheduler/person-jobs.ts';")).toHaveLength(1);
  });

  it('adapters and tests may import what they need', async () => {
    expect(await errors('adapters/telegram/probe.ts', "import { Telegraf } from 'telegraf';\nimport { Outbox } from '../../src/outbox/outbox.ts';")).toEqual([]);
  });
});
