import type { Next, Turn } from '../../src/engine/index.ts';
import { end, goto } from '../../src/engine/index.ts';
import type { ComponentCode } from './grid/index.ts';
import { current, ordered, touch } from './participant.ts';
import { summaryText } from './summary.ts';
import type { Criterion, Participation, RatingMode } from './types.ts';
import type { SpiralVars } from './participant.ts';

/** Ideas still waiting for a family: neither classified nor left to the facilitator. */
export function pendingClassification(p: Participation, v: SpiralVars): Criterion[] {
  return ordered(p, v.qs).filter((c) => !c.family && !c.unsure);
}

/** One thing to rate: one of the person's criteria, or a grid component. */
export interface RatingItem {
  id: string;
  criterion?: Criterion;
  component?: ComponentCode;
}

/**
 * What this person rates: in "criteria" groups their own criteria; in "components" groups the
 * components their criteria were filed under (the group rates indicators, not sentences).
 */
export function ratingItems(p: Participation, v: SpiralVars, mode: RatingMode): RatingItem[] {
  const criteria = ordered(p, v.qs);
  if (mode !== 'components') return criteria.map((c) => ({ id: c.id, criterion: c }));
  const codes = [...new Set(criteria.map((c) => c.component).filter((c): c is ComponentCode => Boolean(c)))].sort();
  return codes.map((code) => ({ id: code, component: code }));
}

export function pendingRatings(p: Participation, v: SpiralVars): RatingItem[] {
  const skipped = new Set(v.rskip ?? []);
  return ratingItems(p, v, v.rating).filter((i) => !p.ratings[i.id] && !skipped.has(i.id));
}

/** After the ideas: classification, then ratings, then the summary — each only if something is left. */
export function advance(turn: Turn): Next {
  const { v, p } = current(turn);
  if (pendingClassification(p, v).length > 0) return goto('classify');
  if (pendingRatings(p, v).length > 0) return goto('rate');
  return complete(turn);
}

/** The end of a sitting: the person's own summary; the questionnaire counts as finished once it holds an idea. */
export function complete(turn: Turn): Next {
  const { v, p } = current(turn);
  touch(turn, p);
  delete p.resume;
  if (p.criteria.length > 0) {
    p.finishedAt = turn.now.toISOString();
    turn.say(summaryText(turn, p, v.qs, v.title));
    turn.say(turn.t('spiral:done.thanks', { group: v.title, code: v.g }));
  } else {
    turn.say(turn.t('spiral:done.empty', { code: v.g }));
  }
  return end();
}
