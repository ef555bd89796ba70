import { stringify } from 'csv-stringify/sync';

function cell(v: unknown): string {
  const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A citizen's text that starts like a formula must stay text in a spreadsheet.
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const COLUMNS = Symbol('columns');

/** Export rows that may carry the columns their export declares (invisible to JSON). */
export type Rows = Record<string, unknown>[] & { [COLUMNS]?: readonly string[] };

/**
 * Attaches an export's declared columns to its rows, so that whoever writes them as CSV (the
 * chat or the command line) writes the header even when there is no row to take it from.
 */
export function withColumns<T extends Record<string, unknown>[]>(rows: T, columns: readonly string[]): T {
  Object.defineProperty(rows, COLUMNS, { value: [...columns], enumerable: false });
  return rows;
}

/** The columns an export declared for these rows, if any. */
export const declaredColumns = (rows: Rows): readonly string[] | undefined => rows[COLUMNS];

/**
 * Rows as CSV for spreadsheets: UTF-8 with a BOM (accents read right), CRLF rows, and line
 * breaks inside a text quoted too (csv-stringify quotes only the row delimiter by default).
 * The header is `columns` (given, or declared with `withColumns`), then any other key the rows
 * hold; without declared columns, the keys of the rows in order of appearance.
 */
export function toCsv(rows: Record<string, unknown>[], columns: readonly string[] | undefined = declaredColumns(rows)): string {
  const header = [...new Set([...(columns ?? []), ...rows.flatMap((r) => Object.keys(r))])];
  const cells = rows.map((r) => header.map((c) => cell(r[c])));
  return `\uFEFF${stringify([header, ...cells], { record_delimiter: '\r\n', quote_record_delimiter: true })}`;
}
