import { end, goto } from '../../src/engine/index.ts';
import type { ComponentCode } from './grid/index.ts';
import type { Ctx, SpiralDecision } from './nav.ts';
import { ordered, participationOf, touch } from './participant.ts';
import { answering, type Answering } from './state.ts';
import { summaryText } from './summary.ts';
import { cancelNudge } from './nudge.ts';
import type { Criterion, Participation, RatingMode } from './types.ts';

/** Ideas still waiting for a family: neither classified nor left to the facilitator. */
export function pendingClassification(p: Participation, s: Readonly<Answering>): Criterion[] {
  return ordered(p, s.qs).filter((c) => !c.family && !c.unsure);
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
export function ratingItems(p: Participation, s: Readonly<Answering>, mode: RatingMode): RatingItem[] {
  const criteria = ordered(p, s.qs);
  if (mode !== 'components') return criteria.map((c) => ({ id: c.id, criterion: c }));
  const codes = [...new Set(criteria.map((c) => c.component).filter((c): c is ComponentCode => Boolean(c)))].sort();
  return codes.map((code) => ({ id: code, component: code }));
}

export function pendingRatings(p: Participation, s: Readonly<Answering>): RatingItem[] {
  const skipped = new Set(s.rskip ?? []);
  return ratingItems(p, s, s.rating).filter((i) => !p.ratings[i.id] && !skipped.has(i.id));
}

/** After the ideas: classification, then ratings, then the summary — each only if something is left. */
export async function advance(ctx: Ctx): Promise<SpiralDecision> {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  if (pendingClassification(p, s).length > 0) return goto('classify');
  if (pendingRatings(p, s).length > 0) return goto('rate');
  return complete(ctx);
}

/** The end of a sitting: the person's own summary; the questionnaire counts as finished once it holds an idea. */
export async function complete(ctx: Ctx): Promise<SpiralDecision> {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  touch(ctx.now, p);
  delete p.resume;
  if (p.criteria.length > 0) {
    p.finishedAt = ctx.now.toISOString();
    // Removed before this turn is saved: a crash in between leaves the questionnaire unfinished and without its reminder, never a reminder after it is finished.
    await cancelNudge(ctx, s.g);
    ctx.say(summaryText(ctx.t, p, s.qs, s.title));
    ctx.say(ctx.t('spiral:done.thanks', { group: s.title, code: s.g }));
  } else {
    ctx.say(ctx.t('spiral:done.empty', { code: s.g }));
  }
  return end();
}
