import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { invalid, reprompt } from '../../../src/engine/index.ts';
import { componentLabel, ratingLabel } from '../labels.ts';
import { actionOf, isNext, pressedBeforeSession } from '../nav.ts';
import { val } from '../nav.ts';
import { current, remember, touch, vars } from '../participant.ts';
import { complete, pendingRatings, ratingItems, type RatingItem } from '../stages.ts';
import type { Rating } from '../types.ts';

export const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

/** "4", " 4 ", "4/5" → 4; anything else → null (then the person is asked again). */
export function parseRating(text: string): Rating | null {
  const m = /^\s*(\d{1,3})\s*(?:\/\s*5)?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return (RATINGS as readonly number[]).includes(n) ? (n as Rating) : null;
}

function itemText(turn: Turn, item: RatingItem): string {
  if (item.criterion) return `«${item.criterion.text}»`;
  return item.component ? componentLabel(turn.t, item.component) : item.id;
}

function store(turn: Turn, value: Rating): Next {
  const { v, p } = current(turn);
  const item = pendingRatings(p, v)[0];
  if (!item) return complete(turn);
  p.ratings[item.id] = { value, at: turn.now.toISOString() };
  touch(turn, p);
  turn.say(turn.t('spiral:rate.saved', { item: itemText(turn, item), rating: `${value} — ${ratingLabel(turn.t, value)}` }));
  return pendingRatings(p, v).length > 0 ? reprompt() : complete(turn);
}

/** Co-evaluation: each item on the 5 SPIRAL levels, by button or typed number; /skip passes one over. */
const rate: Step = {
  id: 'rate',
  optional: true,
  skipIf: (turn) => {
    const v = vars(turn);
    return !v || pendingRatings(current(turn).p, v).length === 0;
  },
  progress(turn) {
    const { v, p } = current(turn);
    const all = ratingItems(p, v, v.rating);
    const item = pendingRatings(p, v)[0];
    return item ? turn.t('spiral:progress.rate', { n: all.findIndex((i) => i.id === item.id) + 1, total: all.length }) : undefined;
  },
  prompt(turn) {
    const t = turn.t;
    remember(turn);
    const { v, p } = current(turn);
    const item = pendingRatings(p, v)[0];
    if (!item) return { text: t('spiral:rate.nothing'), choices: [{ label: t('spiral:classify.continue'), value: val(turn, 'continue') }] };
    return {
      text: `${t(item.criterion ? 'spiral:rate.askCriterion' : 'spiral:rate.askComponent', { item: itemText(turn, item) })}\n${t('spiral:rate.scale')}`,
      choices: RATINGS.map((r) => ({ label: `${r} — ${ratingLabel(t, r)}`, value: val(turn, `r.${r}`) })),
      columns: 1,
    };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    if (a.action === 'continue') return complete(turn);
    const r = a.action === 'r' ? parseRating(a.arg) : null;
    return r ? store(turn, r) : invalid(turn.t('common:button.invalid'));
  },
  onText(turn, text) {
    const r = parseRating(text);
    return r ? store(turn, r) : invalid(turn.t('spiral:rate.outOfRange', { text: text.trim().slice(0, 20) }));
  },
  onSkip(turn) {
    const { v, p } = current(turn);
    if (pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: v.title }));
    const item = pendingRatings(p, v)[0];
    if (item) v.rskip = [...(v.rskip ?? []), item.id];
    return pendingRatings(p, v).length > 0 ? reprompt() : complete(turn);
  },
};

export const rateSteps: Step[] = [rate];
