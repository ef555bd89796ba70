import { goto, next, stay, UserError } from '../../../src/engine/index.ts';
import { suggestFamily } from '../classifier/index.ts';
import { MAX_IDEA_CHARS, MAX_IDEAS_PER_QUESTION, MIN_IDEA_CHARS, checkIdea, cleanIdea, newCriterionId, preview, visibleLength } from '../ideas.ts';
import { actionOf, refuseOlder, val, type Ctx, type SpiralDecision, type SpiralStepDef } from '../nav.ts';
import { ordered, participationOf, touch } from '../participant.ts';
import { questionStep } from '../questions.ts';
import { answering, type Answering, type QuestionStep } from '../state.ts';
import type { QuestionId } from '../types.ts';

/** The buttons under an acknowledged idea: finish this question, or look at the list. */
function afterIdeaButtons(ctx: Ctx, s: Answering) {
  return [
    { label: ctx.t('common:nav.done'), value: '!done' },
    { label: ctx.t('spiral:review.open'), value: val(s, 'review') },
  ];
}

/** Stores one idea; the engine saves it before this acknowledgement is sent. */
function addIdea(ctx: Ctx, q: QuestionId, raw: string): SpiralDecision {
  const t = ctx.t;
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  const text = cleanIdea(raw);
  switch (checkIdea(text, p.criteria, q)) {
    case 'tooShort':
      throw new UserError('spiral:idea.tooShort', { min: MIN_IDEA_CHARS });
    case 'tooLong':
      throw new UserError('spiral:idea.tooLong', { max: MAX_IDEA_CHARS, length: visibleLength(text) });
    case 'duplicate':
      ctx.sayAtStep(t('spiral:idea.duplicate', { text: preview(text) }), afterIdeaButtons(ctx, s));
      return stay();
    case 'full':
      ctx.sayAtStep(t('spiral:idea.full', { max: MAX_IDEAS_PER_QUESTION }), afterIdeaButtons(ctx, s));
      return stay();
    case null:
      break;
  }
  const id = newCriterionId((x) => p.criteria.some((c) => c.id === x));
  p.criteria.push({ id, question: q, text, lang: ctx.lang, createdAt: ctx.now.toISOString(), suggested: suggestFamily(text, ctx.lang) });
  touch(ctx.now, p);
  // The idea's number in "My ideas" (numbered across all questions), so the same number finds it there.
  const n = ordered(p, s.qs).findIndex((c) => c.id === id) + 1;
  ctx.sayAtStep(t('spiral:idea.saved', { n, text: preview(text) }), afterIdeaButtons(ctx, s));
  return stay();
}

function questionStepOf(q: QuestionId): SpiralStepDef {
  const id: QuestionStep = questionStep(q);
  return {
    list: true,
    skipIf: (v) => v.state.kind !== 'answer' || !v.state.qs.includes(q),
    progress(v) {
      const s = answering(v.state);
      return v.t('spiral:progress.question', { n: s.qs.indexOf(q) + 1, total: s.qs.length, count: participationOf(v.data, s).criteria.length });
    },
    prompt(v) {
      const s = answering(v.state);
      const t = v.t;
      return {
        text: `${t(`spiral:question.${q}`)}\n\n${t('spiral:question.hint', { max: MAX_IDEA_CHARS })}`,
        choices: participationOf(v.data, s).criteria.length > 0 ? [{ label: t('spiral:review.open'), value: val(s, 'review') }] : [],
      };
    },
    onText: (ctx, text) => addIdea(ctx, q, text),
    onChoice(ctx, value) {
      const s = answering(ctx.state);
      if (actionOf(ctx, s, value).action !== 'review') throw new UserError('common:button.invalid');
      s.ret = id;
      return goto('review');
    },
    onDone(ctx) {
      const s = answering(ctx.state);
      refuseOlder(ctx, s);
      delete s.ret;
      touch(ctx.now, participationOf(ctx.data, s));
      return next();
    },
  };
}

/** One list step per question; a group's question set decides which are asked. */
export const questionSteps: Record<QuestionStep, SpiralStepDef> = {
  'q.wellbeing': questionStepOf('wellbeing'),
  'q.illbeing': questionStepOf('illbeing'),
  'q.actions': questionStepOf('actions'),
  'q.future': questionStepOf('future'),
};
