/**
 * A plan file's text → the plain data its format holds: YAML or JSON (the documented plan
 * format), or an iCalendar (.ics) calendar whose events become the plan's events. A syntax error
 * is a problem with its line and column; nothing is read past it.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { icsPlan, type IcsOptions } from './ics-file.ts';
import type { Problems } from './problems.ts';

export type FileFormat = 'yaml' | 'json' | 'ics';

/**
 * Larger than any plan (the example is about 10,000): a file this big is the wrong one. It also keeps
 * the request within the control socket's 1 MB.
 */
export const MAX_FILE_CHARS = 300_000;

export function formatOf(name: string, text: string): FileFormat {
  if (/\.ics$/i.test(name) || /^\s*BEGIN:VCALENDAR/i.test(text)) return 'ics';
  if (/\.json$/i.test(name)) return 'json';
  return 'yaml';
}

/** Line and column (from 1) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function readJson(text: string, p: Problems): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    const where = at ? { line: Number(at[1]), column: Number(at[2]) } : pos ? lineColumn(text, Number(pos[1])) : { line: 0, column: 0 };
    p.add('plan-admin:syntax', { ...where, reason: message.replace(/\s*\(line \d+ column \d+\)|\s*at position \d+.*$/, '').slice(0, 200) });
    return undefined;
  }
}

function readYaml(text: string, p: Problems): unknown {
  try {
    // The core schema keeps `2027-03-18` and `10:00` as the strings the format wants, not a Date or a number.
    return load(text, { schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    p.add('plan-admin:syntax', { line: e.mark.line + 1, column: e.mark.column + 1, reason: e.reason });
    return undefined;
  }
}

/** The file's data, or undefined with the problem said. */
export function readPlanText(name: string, raw: string, p: Problems, ics: IcsOptions): unknown {
  if (raw.length > MAX_FILE_CHARS) return void p.add('plan-admin:tooBig', { max: MAX_FILE_CHARS });
  // Windows editors start UTF-8 files with a byte-order mark, which JSON.parse refuses.
  const text = raw.replace(/^\uFEFF/, '');
  const format = formatOf(name, text);
  if (format === 'ics') return icsPlan(text, ics, p);
  return format === 'json' ? readJson(text, p) : readYaml(text, p);
}
