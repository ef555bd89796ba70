import { readFileSync } from 'node:fs';
import { councilOfEuropeGrid } from './council-of-europe.ts';
import { GridValidationError, validateGrid } from './validate.ts';
import type { Grid } from './types.ts';

/**
 * Grid file format (JSON), e.g. a territory's official grid:
 *   { "id": "coe-2024", "name": "…",
 *     "families": [ { "code": "A", "components": [ { "code": "A01", "provisional": false }, "A02", … ] }, … ] }
 * All eight families A–H are required; a component may be a bare code string;
 * "family" per component is optional (derived from the code) and "provisional"
 * defaults to false. Labels are not part of the grid: add them to
 * locales/<lang>/grid.json under "component.<code>".
 *
 * Returns the default Council of Europe grid when called without argument,
 * otherwise validates a replacement grid given as JSON text or an already
 * parsed object. Throws GridValidationError with every problem listed.
 */
export function loadGrid(json?: string | unknown): Grid {
  if (json === undefined) return defaultGrid;
  if (typeof json === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new GridValidationError([`not valid JSON: ${(err as Error).message}`]);
    }
    return validateGrid(parsed);
  }
  return validateGrid(json);
}

/** Lets a territory point the bot at its official grid file without code changes. */
export function loadGridFile(path: string): Grid {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GridValidationError([`cannot read grid file ${path}: ${(err as Error).message}`]);
  }
  return loadGrid(text);
}

// Run the shipped data through the same validator so it can never drift from the rules.
export const defaultGrid: Grid = validateGrid(councilOfEuropeGrid);
