import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { goto, invalid } from '../../../src/engine/index.ts';
import { suggestFamily } from '../classifier/index.ts';
import { MAX_IDEA_CHARS, MIN_IDEA_CHARS, checkIdea, cleanIdea, preview, visibleLength } from '../ideas.ts';
import { questionLabel } from '../labels.ts';
import { actionOf, isNext, pressedBeforeSession, returnTo, val } from '../nav.ts';
import { current, ordered, remember, touch } from '../participant.ts';
import { questionStep } from '../questions.ts';
import { advance } from '../stages.ts';
import type { Criterion } from '../types.ts';

const always = () => true;

function selected(turn: Turn): { c: Criterion; n: number } | undefined {
  const { v, p } = current(turn);
  const list = ordered(p, v.qs);
  const i = list.findIndex((c) => c.id === v.idea);
  return i >= 0 ? { c: list[i]!, n: i + 1 } : undefined;
}

function open(turn: Turn, id: string): Next {
  const { v, p } = current(turn);
  if (!p.criteria.some((c) => c.id === id)) return invalid(turn.t('spiral:review.gone'));
  v.idea = id;
  return goto('idea');
}

/** The person's ideas for this group: pick one to edit or delete; Done goes on (or back to the question). */
const review: Step = {
  id: 'review',
  list: true,
  progress: (turn) => turn.t('spiral:progress.review', { count: current(turn).p.criteria.length }),
  prompt(turn) {
    const t = turn.t;
    const { v, p } = current(turn);
    remember(turn);
    const list = ordered(p, v.qs);
    const lines = [t('spiral:review.title', { group: v.title })];
    let shown: string | undefined;
    list.forEach((c, i) => {
      if (c.question !== shown) {
        shown = c.question;
        lines.push('', `${questionLabel(t, c.question)}:`);
      }
      lines.push(`${i + 1}. ${c.text}`);
    });
    if (list.length === 0) lines.push('', t('spiral:review.empty'));
    lines.push('', t(v.ret ? 'spiral:review.hintBack' : 'spiral:review.hintNext'));
    const choices = list.map((c, i) => ({ label: `${i + 1}. ${preview(c.text, 24)}`, value: val(turn, `i.${c.id}`) }));
    // Ideas first, so that "3" typed or picked as the third option means the third idea everywhere.
    if (!v.ret) choices.push({ label: t('spiral:review.add'), value: val(turn, 'add') });
    return { text: lines.join('\n'), choices, columns: 1 };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    if (a.action === 'i') return open(turn, a.arg);
    if (a.action === 'add') return goto(questionStep(current(turn).v.qs[0]!));
    return invalid(turn.t('common:button.invalid'));
  },
  onText(turn, text) {
    const { v, p } = current(turn);
    const n = /^\s*#?(\d{1,4})\s*$/.exec(text)?.[1];
    const c = n ? ordered(p, v.qs)[Number(n) - 1] : undefined;
    return c ? open(turn, c.id) : invalid(turn.t('spiral:review.pickNumber', { count: p.criteria.length }));
  },
  onDone(turn) {
    const { v } = current(turn);
    if (pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: v.title }));
    return v.ret ? returnTo(turn, v.ret) : advance(turn);
  },
};

/** One idea: edit, delete, or back to the list. Reached only from the list. */
const idea: Step = {
  id: 'idea',
  skipIf: always,
  prompt(turn) {
    const t = turn.t;
    const s = selected(turn);
    return {
      text: s ? t('spiral:idea.show', { n: s.n, question: questionLabel(t, s.c.question), text: s.c.text }) : t('spiral:review.gone'),
      choices: [
        ...(s ? [{ label: t('spiral:idea.edit'), value: val(turn, 'edit') }, { label: t('spiral:idea.delete'), value: val(turn, 'del') }] : []),
        { label: t('spiral:idea.backToList'), value: val(turn, 'list') },
      ],
      columns: 1,
    };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    const s = selected(turn);
    if (a.action === 'list' || !s) return returnTo(turn, 'review');
    if (a.action === 'edit') return goto('edit');
    if (a.action === 'del') {
      const { p } = current(turn);
      p.criteria = p.criteria.filter((c) => c.id !== s.c.id);
      delete p.ratings[s.c.id];
      touch(turn, p);
      turn.say(turn.t('spiral:idea.deleted', { text: preview(s.c.text) }));
      return returnTo(turn, 'review');
    }
    return invalid(turn.t('common:button.invalid'));
  },
  onText: (turn) => invalid(turn.t('common:input.useButtons')),
};

/** The new wording of one idea; its classification is asked again since the meaning may have changed. */
const edit: Step = {
  id: 'edit',
  skipIf: always,
  prompt(turn) {
    const s = selected(turn);
    return { text: s ? turn.t('spiral:edit.ask', { text: s.c.text, max: MAX_IDEA_CHARS }) : turn.t('spiral:review.gone') };
  },
  onText(turn, raw) {
    const t = turn.t;
    const s = selected(turn);
    if (!s) return returnTo(turn, 'review');
    const { p } = current(turn);
    const text = cleanIdea(raw);
    switch (checkIdea(text, p.criteria, s.c.question, s.c.id)) {
      case 'tooShort':
        return invalid(t('spiral:idea.tooShort', { min: MIN_IDEA_CHARS }));
      case 'tooLong':
        return invalid(t('spiral:idea.tooLong', { max: MAX_IDEA_CHARS, length: visibleLength(text) }));
      case 'duplicate':
        return invalid(t('spiral:idea.duplicate', { text: preview(text) }));
      default:
        break;
    }
    const c = s.c;
    if (text !== c.text) {
      c.text = text;
      c.lang = turn.lang;
      c.updatedAt = turn.now.toISOString();
      c.suggested = suggestFamily(text, turn.lang);
      delete c.family;
      delete c.component;
      delete c.classifiedBy;
      delete c.classifiedAt;
      delete c.unsure;
    }
    touch(turn, p);
    turn.say(t('spiral:edit.saved', { text: preview(text) }));
    return returnTo(turn, 'review');
  },
};

export const reviewSteps: Step[] = [review, idea, edit];
