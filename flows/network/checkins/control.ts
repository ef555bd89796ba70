/**
 * What `together plan report` and `together plan checkins` ask the running bot (or this process
 * when none runs): the quarter's report, the network-wide check-in setting, this month's rounds.
 */
import { DateTime } from 'luxon';
import { type ControlHandler, type Services } from '../../../src/engine/index.ts';
import { DEFAULT_MONTHS, periodAt } from './due.ts';
import { checkinRecords } from './records.ts';
import { gather, reportCsv } from './report.ts';
import { reportMarkdown } from './report-md.ts';
import { makeRounds } from './round.ts';

/** `Q2`, `q2` or `2`. */
export function parseQuarter(v: unknown): string {
  const m = /^[qQ]?([1-4])$/.exec(String(v ?? '').trim());
  if (!m) throw new Error(`--quarter must be Q1, Q2, Q3 or Q4 (got "${String(v ?? '')}").`);
  return `Q${m[1]}`;
}

function parseYear(v: unknown, services: Services): number {
  if (v === undefined || v === '') return DateTime.fromJSDate(services.now(), { zone: services.config.tz }).year;
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new Error(`--year must be a year such as 2026 (got "${String(v)}").`);
  return y;
}

function parseMonths(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 12) throw new Error(`--every must be a whole number of months from 0 (off) to 12 (got "${String(v)}").`);
  return n;
}

export const control: Record<string, ControlHandler> = {
  async 'checkin.report'(services, args) {
    const format = String(args.format ?? 'md');
    if (format !== 'md' && format !== 'csv') throw new Error(`--format must be md or csv (got "${format}").`);
    const lang = typeof args.lang === 'string' && services.i18n.languages.includes(args.lang) ? args.lang : services.config.lang;
    const o = { quarter: parseQuarter(args.quarter), year: parseYear(args.year, services), lang, pseudonyms: args.pseudonyms === true };
    const axes = await gather(services, o);
    return { text: format === 'csv' ? reportCsv(axes) : reportMarkdown(services.i18n.translator(lang), axes, o, services.now()) };
  },
  async 'checkin.settings'(services, args) {
    const r = checkinRecords(services.store);
    if (args.every !== undefined) await r.settings.put({ id: 'global', months: parseMonths(args.every), at: services.now().toISOString() });
    const months = (await r.settings.get('global'))?.months ?? DEFAULT_MONTHS;
    return { months, period: periodAt(services.now(), services.config.tz) };
  },
  async 'checkin.round'(services) {
    return makeRounds(services);
  },
};
