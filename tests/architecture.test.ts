import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const forbidden = /from\s+['"](telegraf|@slack\/[\w-]+|discord\.js|[^'"]*adapters\/[^'"]*)['"]|import\(\s*['"](telegraf|@slack|discord\.js)/;

describe('architecture', () => {
  it('src/ and flows/ import nothing from adapters/ or a platform SDK', () => {
    const offenders = [...sources('src'), ...sources('flows')].filter((f) => forbidden.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the guard itself catches a forbidden import', () => {
    expect(forbidden.test("import { Telegraf } from 'telegraf';")).toBe(true);
    expect(forbidden.test("import { x } from '../../adapters/telegram/index.ts';")).toBe(true);
    expect(forbidden.test("import { x } from '../engine/index.ts';")).toBe(false);
  });

  it('process.env is read only at the composition root and in config', () => {
    const offenders = [...sources('src'), ...sources('flows')].filter((f) => !/src\/(config|cli\/program|log\/logger)\.ts$/.test(f) && /process\.env/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
