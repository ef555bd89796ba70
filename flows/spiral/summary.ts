import type { Translate } from '../../src/engine/index.ts';
import { isComponentCode } from './grid/index.ts';
import { componentLabel, familyLabel, questionLabel, ratingLabel } from './labels.ts';
import { ideasOf } from './participant.ts';
import type { Criterion, Participation, QuestionId } from './types.ts';

function classification(t: Translate, c: Criterion): string {
  if (c.component) return componentLabel(t, c.component);
  if (c.family) return familyLabel(t, c.family);
  return t(c.unsure ? 'spiral:summary.unsure' : 'spiral:summary.unclassified');
}

/** A participant's answers for one group: ideas per question with family and rating. */
export function summaryText(t: Translate, p: Participation, qs: readonly QuestionId[], title: string): string {
  const lines = [t('spiral:summary.title', { group: title, count: p.criteria.length })];
  const questions = [...qs, ...new Set(p.criteria.map((c) => c.question).filter((q) => !qs.includes(q)))];
  for (const q of questions) {
    const ideas = ideasOf(p, q);
    lines.push('', t('spiral:summary.question', { question: questionLabel(t, q), count: ideas.length }));
    for (const c of ideas) {
      const rating = p.ratings[c.id];
      const parts = [classification(t, c)];
      if (rating) parts.push(t('spiral:summary.rated', { rating: `${rating.value} — ${ratingLabel(t, rating.value)}` }));
      lines.push(`• ${c.text.replace(/\s*\n\s*/g, ' / ')} — ${parts.join(' · ')}`);
    }
  }
  const componentRatings = Object.entries(p.ratings).filter(([id]) => isComponentCode(id));
  if (componentRatings.length > 0) {
    lines.push('', t('spiral:summary.componentRatings'));
    for (const [code, r] of componentRatings.sort(([a], [b]) => a.localeCompare(b))) {
      if (isComponentCode(code)) lines.push(`• ${componentLabel(t, code)}: ${r.value} — ${ratingLabel(t, r.value)}`);
    }
  }
  return lines.join('\n');
}
