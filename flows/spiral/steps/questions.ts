import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { goto, invalid, next, stay } from '../../../src/engine/index.ts';
import { suggestFamily } from '../classifier/index.ts';
import { MAX_IDEA_CHARS, MAX_IDEAS_PER_QUESTION, MIN_IDEA_CHARS, checkIdea, cleanIdea, newCriterionId, preview, visibleLength } from '../ideas.ts';
import { actionOf, isNext, pressedBeforeSession, sayWithStepButtons, val } from '../nav.ts';
import { current, ordered, remember, touch, vars } from '../participant.ts';
import { ALL_QUESTIONS, questionStep } from '../questions.ts';
import type { QuestionId } from '../types.ts';

/** The buttons under an acknowledged idea: finish this question, or look at the list. */
function afterIdeaButtons(turn: Turn) {
  return [
    { label: turn.t('common:nav.done'), value: '!done' },
    { label: turn.t('spiral:review.open'), value: val(turn, 'review') },
  ];
}

/** Stores one idea; the engine saves it before this acknowledgement is sent. */
function addIdea(turn: Turn, q: QuestionId, raw: string): Next {
  const t = turn.t;
  const { p } = current(turn);
  const text = cleanIdea(raw);
  switch (checkIdea(text, p.criteria, q)) {
    case 'tooShort':
      return invalid(t('spiral:idea.tooShort', { min: MIN_IDEA_CHARS }));
    case 'tooLong':
      return invalid(t('spiral:idea.tooLong', { max: MAX_IDEA_CHARS, length: visibleLength(text) }));
    case 'duplicate':
      sayWithStepButtons(turn, t('spiral:idea.duplicate', { text: preview(text) }), afterIdeaButtons(turn));
      return stay();
    case 'full':
      sayWithStepButtons(turn, t('spiral:idea.full', { max: MAX_IDEAS_PER_QUESTION }), afterIdeaButtons(turn));
      return stay();
    case null:
      break;
  }
  const now = turn.now.toISOString();
  const id = newCriterionId((x) => p.criteria.some((c) => c.id === x));
  p.criteria.push({
    id,
    question: q,
    text,
    lang: turn.lang,
    createdAt: now,
    suggested: suggestFamily(text, turn.lang),
  });
  touch(turn, p);
  // The idea's number in "My ideas" (numbered across all questions), so the same number finds it there.
  const n = ordered(p, current(turn).v.qs).findIndex((c) => c.id === id) + 1;
  sayWithStepButtons(turn, t('spiral:idea.saved', { n, text: preview(text) }), afterIdeaButtons(turn));
  return stay();
}

function questionStepOf(q: QuestionId): Step {
  const id = questionStep(q);
  return {
    id,
    list: true,
    skipIf: (turn) => !vars(turn)?.qs.includes(q),
    progress(turn) {
      const { v, p } = current(turn);
      return turn.t('spiral:progress.question', { n: v.qs.indexOf(q) + 1, total: v.qs.length, count: p.criteria.length });
    },
    prompt(turn) {
      const { v, p } = current(turn);
      delete v.ret;
      remember(turn);
      const t = turn.t;
      return {
        text: `${t(`spiral:question.${q}`)}\n\n${t('spiral:question.hint', { max: MAX_IDEA_CHARS })}`,
        choices: p.criteria.length > 0 ? [{ label: t('spiral:review.open'), value: val(turn, 'review') }] : [],
      };
    },
    onText: (turn, text) => addIdea(turn, q, text),
    onChoice(turn, value) {
      const a = actionOf(turn, value);
      if (isNext(a)) return a;
      if (a.action !== 'review') return invalid(turn.t('common:button.invalid'));
      current(turn).v.ret = id;
      return goto('review');
    },
    onDone(turn) {
      if (pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: vars(turn)?.title ?? '' }));
      touch(turn, current(turn).p);
      return next();
    },
  };
}

/** One list step per question; a group's question set decides which are asked. */
export const questionSteps: Step[] = ALL_QUESTIONS.map(questionStepOf);
