import type { Returned } from '../../../src/engine/index.ts';
import { back, call, goto, reprompt, UserError } from '../../../src/engine/index.ts';
import { suggestFamily } from '../classifier/index.ts';
import { preview } from '../ideas.ts';
import { questionLabel } from '../labels.ts';
import { actionOf, refuseOlder, val, type Ctx, type SpiralDecision, type SpiralStepDef } from '../nav.ts';
import { ordered, participationOf, touch } from '../participant.ts';
import { questionStep } from '../questions.ts';
import { advance } from '../stages.ts';
import { answering } from '../state.ts';
import { spiralIdea } from './idea.ts';

/** Opens one idea (a sub-flow that hands back what to do with it). */
function open(ctx: Ctx, id: string): SpiralDecision {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  const list = ordered(p, s.qs);
  const i = list.findIndex((c) => c.id === id);
  const idea = list[i];
  if (!idea) throw new UserError('spiral:review.gone');
  s.idea = id;
  return call(spiralIdea, { g: s.g, title: s.title, floor: s.floor, n: i + 1, idea, siblings: p.criteria.filter((c) => c.question === idea.question && c.id !== id) });
}

/** Stores what the person did with the idea they opened, and shows the list again. */
function returned(ctx: Ctx, r: Returned): SpiralDecision {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  const result = spiralIdea.resultOf(r);
  const c = p.criteria.find((x) => x.id === s.idea);
  delete s.idea;
  if (!c || !result) return reprompt();
  if (result.kind === 'deleted') {
    p.criteria = p.criteria.filter((x) => x.id !== c.id);
    delete p.ratings[c.id];
    touch(ctx.now, p);
    ctx.say(ctx.t('spiral:idea.deleted', { text: preview(c.text) }));
    return reprompt();
  }
  const text = result.text;
  if (text !== c.text) {
    c.text = text;
    c.lang = ctx.lang;
    c.updatedAt = ctx.now.toISOString();
    c.suggested = suggestFamily(text, ctx.lang);
    delete c.family;
    delete c.component;
    delete c.classifiedBy;
    delete c.classifiedAt;
    delete c.unsure;
  }
  touch(ctx.now, p);
  ctx.say(ctx.t('spiral:edit.saved', { text: preview(text) }));
  return reprompt();
}

/** The person's ideas for this group: pick one to edit or delete; Done goes on (or back to the question). */
export const reviewStep: SpiralStepDef = {
  list: true,
  progress: (v) => v.t('spiral:progress.review', { count: participationOf(v.data, answering(v.state)).criteria.length }),
  prompt(v) {
    const t = v.t;
    const s = answering(v.state);
    const list = ordered(participationOf(v.data, s), s.qs);
    const lines = [t('spiral:review.title', { group: s.title })];
    let shown: string | undefined;
    list.forEach((c, i) => {
      if (c.question !== shown) {
        shown = c.question;
        lines.push('', `${questionLabel(t, c.question)}:`);
      }
      lines.push(`${i + 1}. ${c.text}`);
    });
    if (list.length === 0) lines.push('', t('spiral:review.empty'));
    lines.push('', t(s.ret ? 'spiral:review.hintBack' : 'spiral:review.hintNext'));
    const choices = list.map((c, i) => ({ label: `${i + 1}. ${preview(c.text, 24)}`, value: val(s, `i.${c.id}`) }));
    // Ideas first, so that "3" typed or picked as the third option means the third idea everywhere.
    if (!s.ret) choices.push({ label: t('spiral:review.add'), value: val(s, 'add') });
    return { text: lines.join('\n'), choices, columns: 1 };
  },
  onChoice(ctx, value) {
    const s = answering(ctx.state);
    const a = actionOf(ctx, s, value);
    if (a.action === 'i') return open(ctx, a.arg);
    if (a.action === 'add') return goto(questionStep(s.qs[0]!));
    throw new UserError('common:button.invalid');
  },
  onText(ctx, text) {
    const s = answering(ctx.state);
    const p = participationOf(ctx.data, s);
    const n = /^\s*#?(\d{1,4})\s*$/.exec(text)?.[1];
    const c = n ? ordered(p, s.qs)[Number(n) - 1] : undefined;
    if (!c) throw new UserError('spiral:review.pickNumber', { count: p.criteria.length });
    return open(ctx, c.id);
  },
  onDone(ctx) {
    const s = answering(ctx.state);
    refuseOlder(ctx, s);
    if (!s.ret) return advance(ctx);
    // Opened from a question's "My ideas": back to that question, as /back would.
    delete s.ret;
    return back();
  },
  onReturn: returned,
};
