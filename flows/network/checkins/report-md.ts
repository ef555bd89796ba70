/**
 * The quarter's check-ins as Markdown, in one language: per axis and activity, each month's
 * round with what each member answered, who skipped, and who has not answered yet. Members'
 * text is escaped (a `#` or `|` makes no heading or table) and right-to-left text is isolated
 * (U+2068…U+2069) so it does not reorder the words around it.
 */
import type { Translate } from '../../../src/engine/index.ts';
import { monthName } from './due.ts';
import { QUESTIONS } from './records.ts';
import type { AxisPart, Entry, ReportOptions } from './report.ts';

const SPECIAL = /[\\`*_[\]<>|#~&!]/g;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/** One line of a member's or a manager's text: line breaks folded, markup escaped, RTL isolated. */
export function mdText(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim().replace(SPECIAL, '\\$&').replace(/^([-+=]|\d+[.)])/, '\\$1');
  return RTL.test(line) ? `\u2068${line}\u2069` : line;
}

function entryLines(t: Translate, e: Entry): string[] {
  const who = `**${mdText(e.who)}**`;
  if (e.status === 'skipped') return [`- ${who}: ${t('plan-checkin:report.skippedAll')}`];
  const out = [`- ${who}`];
  for (const q of QUESTIONS) {
    const text = e.answer[q];
    const value = text !== undefined ? mdText(text) : (e.answer.skipped ?? []).includes(q) ? `_${t('plan-checkin:report.skipped')}_` : '—';
    out.push(`  - ${t(`plan-checkin:report.${q}`)}: ${value}`);
  }
  return out;
}

export function reportMarkdown(t: Translate, axes: AxisPart[], o: ReportOptions, now: Date): string {
  const entries = axes.flatMap((a) => a.activities.flatMap((act) => act.rounds.flatMap((r) => r.entries)));
  const count = (s: Entry['status']) => entries.filter((e) => e.status === s).length;
  const rounds = axes.reduce((n, a) => n + a.activities.reduce((m, act) => m + act.rounds.length, 0), 0);
  const out = [
    `# ${t('plan-checkin:report.title', { quarter: o.quarter, year: o.year })}`,
    '',
    t('plan-checkin:report.meta', { date: now.toISOString().slice(0, 10), rounds, answered: count('answered'), skipped: count('skipped'), waiting: count('waiting') }),
    '',
    t(o.pseudonyms ? 'plan-checkin:report.byPseudonym' : 'plan-checkin:report.byName'),
  ];
  if (rounds === 0) out.push('', t('plan-checkin:report.none'));
  for (const axis of axes) {
    out.push('', `## ${t('plan-checkin:report.axis', { axis: mdText(axis.name) })}`);
    for (const act of axis.activities) {
      out.push('', `### ${t('plan-checkin:report.activity', { title: mdText(act.title), group: mdText(act.group) })}`);
      for (const { round, entries } of act.rounds) {
        const answered = entries.filter((e) => e.status === 'answered').length;
        out.push('', `#### ${t('plan-checkin:report.round', { month: monthName(round.period, o.lang), answered, asked: entries.length })}`, '');
        const shown = entries.filter((e) => e.status !== 'waiting');
        for (const e of shown) out.push(...entryLines(t, e));
        const waiting = entries.filter((e) => e.status === 'waiting').map((e) => mdText(e.who));
        if (waiting.length > 0) out.push(...(shown.length > 0 ? [''] : []), t('plan-checkin:report.waiting', { names: waiting.join(', ') }));
      }
    }
  }
  return `${out.join('\n')}\n`;
}
