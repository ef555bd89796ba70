import type { Translate } from '../../../src/engine/index.ts';
import { reprompt, UserError } from '../../../src/engine/index.ts';
import { componentLabel, ratingLabel } from '../labels.ts';
import { actionOf, refuseOlder, val, type Ctx, type SpiralDecision, type SpiralStepDef } from '../nav.ts';
import { participationOf, touch } from '../participant.ts';
import { complete, pendingRatings, ratingItems, type RatingItem } from '../stages.ts';
import { answering } from '../state.ts';
import type { Rating } from '../types.ts';

export const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

/** "4", " 4 ", "4/5" → 4; anything else → null (then the person is asked again). */
export function parseRating(text: string): Rating | null {
  const m = /^\s*(\d{1,3})\s*(?:\/\s*5)?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return RATINGS.find((r) => r === n) ?? null;
}

function itemText(t: Translate, item: RatingItem): string {
  if (item.criterion) return `«${item.criterion.text}»`;
  return item.component ? componentLabel(t, item.component) : item.id;
}

function store(ctx: Ctx, value: Rating): SpiralDecision | Promise<SpiralDecision> {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  const item = pendingRatings(p, s)[0];
  if (!item) return complete(ctx);
  p.ratings[item.id] = { value, at: ctx.now.toISOString() };
  touch(ctx.now, p);
  ctx.say(ctx.t('spiral:rate.saved', { item: itemText(ctx.t, item), rating: `${value} — ${ratingLabel(ctx.t, value)}` }));
  return pendingRatings(p, s).length > 0 ? reprompt() : complete(ctx);
}

/** Co-evaluation: each item on the 5 SPIRAL levels, by button or typed number; /skip passes one over. */
export const rateStep: SpiralStepDef = {
  optional: true,
  skipIf: (v) => v.state.kind !== 'answer' || pendingRatings(participationOf(v.data, v.state), v.state).length === 0,
  progress(v) {
    const s = answering(v.state);
    const p = participationOf(v.data, s);
    const item = pendingRatings(p, s)[0];
    return item ? v.t('spiral:progress.rate', { n: ratingItems(p, s, s.rating).findIndex((i) => i.id === item.id) + 1, total: ratingItems(p, s, s.rating).length }) : undefined;
  },
  prompt(v) {
    const t = v.t;
    const s = answering(v.state);
    const item = pendingRatings(participationOf(v.data, s), s)[0];
    if (!item) return { text: t('spiral:rate.nothing'), choices: [{ label: t('spiral:classify.continue'), value: val(s, 'continue') }] };
    return {
      text: `${t(item.criterion ? 'spiral:rate.askCriterion' : 'spiral:rate.askComponent', { item: itemText(t, item) })}\n${t('spiral:rate.scale')}`,
      choices: RATINGS.map((r) => ({ label: `${r} — ${ratingLabel(t, r)}`, value: val(s, `r.${r}`) })),
      columns: 1,
    };
  },
  onChoice(ctx, value) {
    const a = actionOf(ctx, answering(ctx.state), value);
    if (a.action === 'continue') return complete(ctx);
    const r = a.action === 'r' ? parseRating(a.arg) : null;
    if (!r) throw new UserError('common:button.invalid');
    return store(ctx, r);
  },
  onText(ctx, text) {
    const r = parseRating(text);
    if (!r) throw new UserError('spiral:rate.outOfRange', { text: text.trim().slice(0, 20) });
    return store(ctx, r);
  },
  onSkip(ctx) {
    const s = answering(ctx.state);
    refuseOlder(ctx, s);
    const p = participationOf(ctx.data, s);
    const item = pendingRatings(p, s)[0];
    if (item) s.rskip = [...(s.rskip ?? []), item.id];
    return pendingRatings(p, s).length > 0 ? reprompt() : complete(ctx);
  },
};
