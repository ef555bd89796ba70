import { defaultGrid } from './load.ts';
import { isComponentCodeSyntax } from './validate.ts';
import type { Component, ComponentCode, Family, FamilyCode, Grid } from './types.ts';

export function families(grid: Grid = defaultGrid): readonly Family[] {
  return grid.families;
}

/** Components of one family, empty when the grid lacks that family. */
export function componentsOf(code: FamilyCode, grid: Grid = defaultGrid): readonly Component[] {
  return grid.families.find((f) => f.code === code)?.components ?? [];
}

/**
 * Without a grid: is it shaped like a component code? With a grid: does that
 * grid actually contain it? (A territory grid may drop or add components.)
 */
export function isComponentCode(value: unknown, grid?: Grid): value is ComponentCode {
  if (!isComponentCodeSyntax(value)) return false;
  if (!grid) return true;
  return componentsOf(familyOf(value), grid).some((c) => c.code === value);
}

/** The family is the code's first letter by construction ("A01" → "A"). */
export function familyOf(componentCode: ComponentCode): FamilyCode {
  return componentCode[0] as FamilyCode;
}

/** The i18n keys a locale's grid.json must define for this grid, in a stable order. */
export function labelKeys(grid: Grid = defaultGrid): string[] {
  const keys: string[] = [];
  for (const f of grid.families) {
    keys.push(`family.${f.code}.name`, `family.${f.code}.hint`);
    for (const c of f.components) keys.push(`component.${c.code}`);
  }
  return keys;
}
