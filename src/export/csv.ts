import { stringify } from 'csv-stringify/sync';

function cell(v: unknown): string {
  const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A citizen's text that starts like a formula must stay text in a spreadsheet.
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Rows as CSV for spreadsheets: UTF-8 with a BOM (accents read right), CRLF rows, and line
 * breaks inside a text quoted too (csv-stringify quotes only the row delimiter by default).
 */
export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  return `\uFEFF${stringify([columns, ...cells], { record_delimiter: '\r\n', quote_record_delimiter: true })}`;
}
