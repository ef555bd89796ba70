import { FAMILY_CODES } from './types.ts';
import type { Component, ComponentCode, Family, FamilyCode, Grid } from './types.ts';

/**
 * Thrown when a grid file is unusable. `problems` lists every issue found so a
 * coordinator fixing a territory's JSON sees them all at once, not one per run.
 */
export class GridValidationError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid SPIRAL grid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'GridValidationError';
    this.problems = problems;
  }
}

const COMPONENT_PATTERN = /^[A-H][0-9]{2}$/;

export function isFamilyCode(value: unknown): value is FamilyCode {
  return typeof value === 'string' && (FAMILY_CODES as readonly string[]).includes(value);
}

/** Syntax only: a family letter A–H followed by two digits. */
export function isComponentCodeSyntax(value: unknown): value is ComponentCode {
  return typeof value === 'string' && COMPONENT_PATTERN.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks an untrusted value (typically parsed JSON) and returns a frozen Grid.
 * All eight families are required because the classifier and the exports
 * always reason over A–H; `family` and `provisional` may be omitted per
 * component (derived from the code / defaulting to false).
 */
export function validateGrid(input: unknown): Grid {
  const problems: string[] = [];
  if (!isRecord(input)) throw new GridValidationError(['the grid must be a JSON object']);

  const id = input['id'];
  const name = input['name'];
  if (typeof id !== 'string' || id.trim() === '') problems.push('"id" must be a non-empty string');
  if (typeof name !== 'string' || name.trim() === '') problems.push('"name" must be a non-empty string');

  const rawFamilies = input['families'];
  if (!Array.isArray(rawFamilies)) {
    problems.push('"families" must be an array');
    throw new GridValidationError(problems);
  }

  const families: Family[] = [];
  const seenFamilies = new Set<string>();
  const seenComponents = new Set<string>();

  rawFamilies.forEach((raw: unknown, i) => {
    const where = `families[${i}]`;
    if (!isRecord(raw)) return void problems.push(`${where} must be an object`);
    const code = raw['code'];
    if (!isFamilyCode(code)) return void problems.push(`${where}.code ${JSON.stringify(code)} is not a family letter A–H`);
    if (seenFamilies.has(code)) problems.push(`family ${code} is listed twice`);
    seenFamilies.add(code);

    const rawComponents = raw['components'];
    if (!Array.isArray(rawComponents) || rawComponents.length === 0) {
      return void problems.push(`family ${code} must have a non-empty "components" array`);
    }
    const components: Component[] = [];
    rawComponents.forEach((rc: unknown, j) => {
      const at = `family ${code}, components[${j}]`;
      const c = isRecord(rc) ? rc : typeof rc === 'string' ? { code: rc } : undefined;
      if (!c) return void problems.push(`${at} must be an object or a code string`);
      const cc = c['code'];
      if (!isComponentCodeSyntax(cc)) {
        return void problems.push(`${at}: code ${JSON.stringify(cc)} must be a family letter followed by two digits (e.g. "A01")`);
      }
      if (cc[0] !== code) problems.push(`component ${cc} is filed under family ${code} but its letter says ${cc[0]}`);
      if (c['family'] !== undefined && c['family'] !== code) problems.push(`component ${cc} declares family ${JSON.stringify(c['family'])} but sits under ${code}`);
      if (seenComponents.has(cc)) problems.push(`component ${cc} is listed twice`);
      seenComponents.add(cc);
      const prov = c['provisional'] ?? false;
      if (typeof prov !== 'boolean') problems.push(`component ${cc}: "provisional" must be true or false`);
      components.push(Object.freeze({ code: cc, family: code, provisional: prov === true }));
    });
    families.push(Object.freeze({ code, components: Object.freeze(components) }));
  });

  const missing = FAMILY_CODES.filter((f) => !seenFamilies.has(f));
  if (missing.length > 0) problems.push(`missing families: ${missing.join(', ')} (all of A–H are required)`);
  if (problems.length > 0) throw new GridValidationError(problems);

  // Canonical order keeps exports and menus stable whatever order the file used.
  families.sort((a, b) => a.code.localeCompare(b.code));
  return Object.freeze({ id: id as string, name: name as string, families: Object.freeze(families) });
}
