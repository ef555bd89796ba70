/**
 * One round as a member sees it: the activity, its group and month, a button per question still
 * open and one to skip the whole check-in. The same card goes in the letter, after /checkin, and
 * after the previous round is finished (one round after another, never two at once).
 */
import type { Choice } from '../../../src/core/types.ts';
import { every, type Store, type Translate } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { textIn } from '../types.ts';
import { act } from './act.ts';
import { monthName } from './due.ts';
import { inOrder } from './ops.ts';
import { checkinRecords, handled, QUESTIONS, refOf, type CheckinAnswer } from './records.ts';

export interface Card {
  answer: CheckinAnswer;
  title: string;
  group: string;
  /** Its place among the person's rounds of that month. */
  n: number;
  total: number;
}

/** What a card shows about a round, in `lang`. */
export async function cardOf(store: Store, a: CheckinAnswer, lang: string): Promise<Card> {
  const n = networkRecords(store);
  const activity = await n.activities.get(a.activity);
  const group = await n.groups.get(a.group);
  const r = checkinRecords(store);
  const month = (await every(r.answers, { where: { key: a.key } })).filter((x) => x.period === a.period);
  month.sort(inOrder(new Map((await r.rounds.getMany(month.map((x) => x.round))).map((x) => [x.id, x]))));
  return {
    answer: a,
    title: textIn(activity?.title, lang) || a.activity,
    group: textIn(group?.name, lang) || a.group,
    n: Math.max(1, month.findIndex((x) => x.id === a.id) + 1),
    total: Math.max(1, month.length),
  };
}

export function cardText(t: Translate, lang: string, c: Card): string {
  const head = t('plan-checkin:card.head', { n: c.n, total: c.total, month: monthName(c.answer.period, lang), title: c.title, group: c.group });
  const done = QUESTIONS.filter((q) => handled(c.answer, q));
  const lines = [head];
  if (done.length > 0) lines.push(t('plan-checkin:card.handled', { questions: done.map((q) => t(`plan-checkin:button.${q}`)).join(', ') }));
  lines.push(t('plan-checkin:card.how'));
  return lines.join('\n');
}

/** Buttons name the round by its short `ref` and the question (`<ref>.<question>`). */
export function cardRows(t: Translate, c: Card): Choice[][] {
  const ref = refOf(c.answer.round);
  return [QUESTIONS.filter((q) => !handled(c.answer, q)).map((q) => act(t(`plan-checkin:button.${q}`), 'q', `${ref}.${q}`)), [act(t('plan-checkin:button.skipAll'), 'skip', ref)]];
}
