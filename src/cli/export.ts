import { toCsv } from '../export/csv.ts';
import type { Flow, ExportOptions } from '../engine/flow.ts';
import type { ReadServices } from '../engine/services.ts';

export type ExportFormat = 'csv' | 'json';

/** Rows of one export kind as CSV (UTF-8 with BOM, so spreadsheets read accents) or JSON. */
export async function exportData(flows: Flow[], services: ReadServices, kind: string, format: ExportFormat, options: ExportOptions): Promise<string> {
  const exporter = flows.map((f) => f.exports?.[kind]).find(Boolean);
  if (!exporter) {
    const available = flows.flatMap((f) => Object.keys(f.exports ?? {}));
    throw new Error(`Nothing to export as "${kind}". Available: ${available.length ? available.join(', ') : 'none yet'}.`);
  }
  const rows = await exporter(services, options);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return toCsv(rows);
}
