/** How a proposal and a call read in a chat (already localized text; adapters escape it). */
import type { Translate } from '../../../src/engine/index.ts';
import type { Call, Proposal } from '../types.ts';
import { labelOf } from './calls.ts';
import type { ProposalFields } from './proposals.ts';
import type { CallSnap } from './wizard.ts';

/** "français, română" in the reader's language. */
export function languageNames(codes: readonly string[], lang: string): string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([lang], { type: 'language' });
  } catch {
    names = undefined;
  }
  return codes.map((c) => names?.of(c) ?? c).join(', ');
}

/** A draft or a stored proposal, field by field. */
export function card(t: Translate, lang: string, d: Partial<ProposalFields>, call: CallSnap | Call | undefined): string {
  const theme = labelOf(call?.themes.find((x) => x.id === d.theme)?.label, lang) || d.theme || '—';
  return [
    t('nowbeall:card.call', { call: labelOf(call?.title, lang) }),
    t('nowbeall:card.theme', { theme }),
    t('nowbeall:card.title', { title: d.title ?? '—' }),
    t('nowbeall:card.actor', { actor: d.actor ? t(`nowbeall:actor.${d.actor}`) : '—' }),
    ...(d.territory ? [t('nowbeall:card.territory', { territory: d.territory })] : []),
    ...(d.spiral ? [t('nowbeall:card.spiral', { family: d.spiral.family })] : []),
    '',
    d.body ?? '—',
  ].join('\n');
}

/** One line of a list of the person's proposals. */
export function mineLine(t: Translate, p: Proposal): string {
  return t('nowbeall:mine.line', { id: p.id, title: p.title, status: t(`nowbeall:status.${p.status}`) });
}

/** A call for a manager: phase, dates, themes, languages, territories. */
export function callText(t: Translate, lang: string, c: Call, counts?: Record<string, number>): string {
  return [
    t('nowbeall:calls.head', { id: c.id, title: labelOf(c.title, lang), phase: t(`nowbeall:phase.${c.phase}`) }),
    t('nowbeall:calls.question', { question: labelOf(c.question, lang) }),
    t('nowbeall:calls.themes', { themes: c.themes.map((x) => labelOf(x.label, lang)).join(' · ') }),
    t('nowbeall:calls.languages', { languages: c.languages.length ? languageNames(c.languages, lang) : t('nowbeall:calls.anyLanguage') }),
    ...(c.territories.length ? [t('nowbeall:calls.territories', { territories: c.territories.join(', ') })] : []),
    ...(c.opens || c.closes ? [t('nowbeall:calls.dates', { opens: c.opens ?? '…', closes: c.closes ?? '…' })] : []),
    ...(counts ? [t('nowbeall:calls.counts', { total: counts.total ?? 0, pending: counts.pending ?? 0, published: counts.published ?? 0 })] : []),
  ].join('\n');
}
