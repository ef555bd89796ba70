import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FAMILY_CODES,
  GridValidationError,
  componentsOf,
  defaultGrid,
  families,
  familyOf,
  isComponentCode,
  labelKeys,
  loadGrid,
  loadGridFile,
} from '../flows/spiral/grid/index.ts';

const LANGS = ['en', 'fr', 'it', 'ro', 'es', 'pt'] as const;

/** A structurally valid grid with one component per family, for mutation in tests. */
function minimalGrid(): { id: string; name: string; families: { code: string; components: { code: string; provisional?: boolean }[] }[] } {
  return {
    id: 'territory-x',
    name: 'Territory X official grid',
    families: FAMILY_CODES.map((f) => ({ code: f, components: [{ code: `${f}01`, provisional: false }] })),
  };
}

function flatten(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

describe('default Council of Europe grid', () => {
  it('has the eight families A–H in order, each with components', () => {
    expect(families().map((f) => f.code)).toEqual([...FAMILY_CODES]);
    for (const f of families()) expect(f.components.length).toBeGreaterThan(0);
  });

  it('names the published A and B components and flags guesses as provisional', () => {
    const a = componentsOf('A');
    for (const code of ['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A09', 'A11']) {
      expect(a.find((c) => c.code === code)?.provisional).toBe(false);
    }
    expect(a.find((c) => c.code === 'A08')?.provisional).toBe(true);
    for (const f of ['C', 'D', 'E', 'F', 'G', 'H'] as const) {
      expect(componentsOf(f).every((c) => c.provisional)).toBe(true);
    }
  });

  it('has unique, well-formed component codes that belong to their family', () => {
    const codes = families().flatMap((f) => f.components.map((c) => c.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const f of families()) {
      for (const c of f.components) {
        expect(c.code).toMatch(/^[A-H]\d\d$/);
        expect(familyOf(c.code)).toBe(f.code);
        expect(c.family).toBe(f.code);
      }
    }
  });

  it('answers code questions by syntax or by grid membership', () => {
    expect(isComponentCode('A01')).toBe(true);
    expect(isComponentCode('Z01')).toBe(false);
    expect(isComponentCode('A1')).toBe(false);
    expect(isComponentCode(42)).toBe(false);
    expect(isComponentCode('A99')).toBe(true);
    expect(isComponentCode('A99', defaultGrid)).toBe(false);
    expect(isComponentCode('A03', defaultGrid)).toBe(true);
    expect(familyOf('F02')).toBe('F');
  });

  it('is frozen so callers cannot corrupt the shared grid', () => {
    expect(Object.isFrozen(defaultGrid)).toBe(true);
    expect(Object.isFrozen(defaultGrid.families)).toBe(true);
    expect(Object.isFrozen(defaultGrid.families[0]?.components)).toBe(true);
  });
});

describe('loading a replacement grid', () => {
  it('returns the default grid without argument', () => {
    expect(loadGrid()).toBe(defaultGrid);
  });

  it('accepts a territory grid as JSON text, deriving family and provisional', () => {
    const raw = minimalGrid();
    raw.families[0]!.components.push({ code: 'A42' });
    const grid = loadGrid(JSON.stringify(raw));
    expect(grid.id).toBe('territory-x');
    expect(componentsOf('A', grid).map((c) => c.code)).toEqual(['A01', 'A42']);
    expect(componentsOf('A', grid)[1]).toEqual({ code: 'A42', family: 'A', provisional: false });
    expect(isComponentCode('A42', grid)).toBe(true);
    expect(isComponentCode('A03', grid)).toBe(false);
  });

  it('accepts bare code strings as components and sorts families', () => {
    const raw = { id: 'g', name: 'G', families: [...FAMILY_CODES].reverse().map((f) => ({ code: f, components: [`${f}00`] })) };
    const grid = loadGrid(raw);
    expect(grid.families.map((f) => f.code)).toEqual([...FAMILY_CODES]);
  });

  it('loads from a file path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spiral-grid-'));
    const file = join(dir, 'grid.json');
    writeFileSync(file, JSON.stringify(minimalGrid()));
    expect(loadGridFile(file).name).toBe('Territory X official grid');
    expect(() => loadGridFile(join(dir, 'missing.json'))).toThrow(/cannot read grid file/);
  });

  it('round-trips the default grid through JSON', () => {
    expect(loadGrid(JSON.stringify(defaultGrid))).toEqual(defaultGrid);
  });
});

describe('rejecting bad grids with a clear error', () => {
  const reject = (input: unknown): GridValidationError => {
    try {
      loadGrid(input);
    } catch (err) {
      expect(err).toBeInstanceOf(GridValidationError);
      return err as GridValidationError;
    }
    throw new Error('expected the grid to be rejected');
  };

  it('rejects invalid JSON', () => {
    expect(reject('{ not json').message).toMatch(/not valid JSON/);
  });

  it('rejects a non-object and missing fields', () => {
    expect(reject('[1,2]').message).toMatch(/must be a JSON object/);
    expect(reject({ families: [] }).problems).toEqual(expect.arrayContaining(['"id" must be a non-empty string', '"name" must be a non-empty string']));
  });

  it('rejects an unknown family letter and missing families', () => {
    const raw = minimalGrid();
    raw.families[0]!.code = 'Z';
    const err = reject(raw);
    expect(err.message).toMatch(/"Z" is not a family letter A–H/);
    expect(err.message).toMatch(/missing families: A/);
  });

  it('rejects malformed, misplaced and duplicate component codes, listing every problem', () => {
    const raw = minimalGrid();
    raw.families[0]!.components.push({ code: 'A1' }, { code: 'B02' }, { code: 'A01' });
    const err = reject(raw);
    expect(err.problems).toHaveLength(3);
    expect(err.message).toMatch(/"A1" must be a family letter followed by two digits/);
    expect(err.message).toMatch(/B02 is filed under family A/);
    expect(err.message).toMatch(/A01 is listed twice/);
  });

  it('rejects duplicate families, empty families and bad provisional flags', () => {
    const raw = minimalGrid();
    raw.families.push({ code: 'A', components: [{ code: 'A05' }] });
    raw.families[1]!.components = [];
    (raw.families[2]!.components[0] as Record<string, unknown>)['provisional'] = 'yes';
    const err = reject(raw);
    expect(err.message).toMatch(/family A is listed twice/);
    expect(err.message).toMatch(/family B must have a non-empty "components" array/);
    expect(err.message).toMatch(/C01: "provisional" must be true or false/);
  });
});

describe('grid labels in locales/<lang>/grid.json', () => {
  const expected = [...labelKeys()].sort();

  it.each(LANGS)('%s has exactly the grid keys, all non-empty', (lang) => {
    const json = JSON.parse(readFileSync(new URL(`../locales/${lang}/grid.json`, import.meta.url), 'utf8')) as unknown;
    const keys = flatten(json).sort();
    expect(keys).toEqual(expected);
    for (const key of keys) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json);
      expect(typeof value === 'string' && value.trim().length > 0, `${lang}:${key}`).toBe(true);
    }
  });

  it('is actually translated (not English copied) in every other language', () => {
    const en = JSON.parse(readFileSync(new URL('../locales/en/grid.json', import.meta.url), 'utf8')) as { family: Record<string, { name: string }> };
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      const other = JSON.parse(readFileSync(new URL(`../locales/${lang}/grid.json`, import.meta.url), 'utf8')) as typeof en;
      const same = FAMILY_CODES.filter((f) => other.family[f]?.name === en.family[f]?.name);
      expect(same, lang).toEqual([]);
    }
  });
});
