import type { Returned } from '../../../src/engine/index.ts';
import { call, reprompt, UserError } from '../../../src/engine/index.ts';
import { suggestFamily } from '../classifier/index.ts';
import { isFamilyCode, type FamilyCode } from '../grid/index.ts';
import { preview } from '../ideas.ts';
import { familyHint, familyLabel } from '../labels.ts';
import { actionOf, val, type Ctx, type SpiralDecision, type SpiralStepDef } from '../nav.ts';
import { ordered, participationOf, touch } from '../participant.ts';
import { advance, pendingClassification } from '../stages.ts';
import { answering, type Answering } from '../state.ts';
import type { Criterion, Participation } from '../types.ts';
import { spiralComponent, spiralFamily, type FilingInput } from './family.ts';

/** Undefined when the classifier had nothing to go on: the person then picks from the list. */
const suggestionOf = (c: Readonly<Criterion>): FamilyCode | undefined => c.suggested ?? suggestFamily(c.text, c.lang);

function filing(s: Answering, c: Criterion): FilingInput {
  return { g: s.g, title: s.title, floor: s.floor, text: c.text, lang: c.lang };
}

/** The family is settled; its component is asked next (a sub-flow). */
function setFamily(ctx: Ctx, c: Criterion, family: FamilyCode, by: 'citizen' | 'suggestion'): SpiralDecision {
  const s = answering(ctx.state);
  c.family = family;
  delete c.component;
  c.classifiedBy = by;
  c.classifiedAt = ctx.now.toISOString();
  delete c.unsure;
  touch(ctx.now, participationOf(ctx.data, s));
  s.idea = c.id;
  return call(spiralComponent, { ...filing(s, c), family });
}

function markUnsure(ctx: Ctx, p: Participation, ideas: Criterion[]): void {
  for (const c of ideas) {
    c.unsure = true;
    delete c.family;
    delete c.component;
    delete c.classifiedBy;
  }
  touch(ctx.now, p);
}

/** After one idea: the next unclassified one, or on to the ratings. */
function afterIdea(ctx: Ctx): SpiralDecision | Promise<SpiralDecision> {
  const s = answering(ctx.state);
  return pendingClassification(participationOf(ctx.data, s), s).length > 0 ? reprompt() : advance(ctx);
}

/** A sub-flow ended: the family picked from the list (then its component), or the component. */
function returned(ctx: Ctx, r: Returned): SpiralDecision | Promise<SpiralDecision> {
  const s = answering(ctx.state);
  const p = participationOf(ctx.data, s);
  const c = p.criteria.find((x) => x.id === s.idea);
  if (!c) return afterIdea(ctx);
  if (r.flow === spiralFamily.id) {
    const family = spiralFamily.resultOf(r);
    if (family === undefined) return reprompt();
    if (family === 'unsure') {
      markUnsure(ctx, p, [c]);
      return afterIdea(ctx);
    }
    return setFamily(ctx, c, family, 'citizen');
  }
  const component = spiralComponent.resultOf(r);
  if (component === undefined) {
    // /back out of the components: the family is chosen again, from the suggestion.
    delete c.family;
    delete c.classifiedBy;
    delete c.classifiedAt;
    return reprompt();
  }
  if (component !== 'familyOnly') {
    c.component = component;
    c.classifiedAt = ctx.now.toISOString();
  }
  touch(ctx.now, p);
  delete s.idea;
  return afterIdea(ctx);
}

const pendingOf = (s: Readonly<Answering>, p: Participation) => pendingClassification(p, s)[0];

/** Each idea in turn: accept the suggested family, pick another, or leave it to the facilitator. */
export const classifyStep: SpiralStepDef = {
  skipIf: (v) => v.state.kind !== 'answer' || !pendingOf(v.state, participationOf(v.data, v.state)),
  progress(v) {
    const s = answering(v.state);
    const p = participationOf(v.data, s);
    const c = pendingOf(s, p);
    return c ? v.t('spiral:progress.classify', { n: ordered(p, s.qs).indexOf(c) + 1, total: p.criteria.length }) : undefined;
  },
  prompt(v) {
    const t = v.t;
    const s = answering(v.state);
    const c = pendingOf(s, participationOf(v.data, s));
    if (!c) return { text: t('spiral:classify.allDone'), choices: [{ label: t('spiral:classify.continue'), value: val(s, 'continue') }] };
    const family = suggestionOf(c);
    if (!family) {
      return {
        text: t('spiral:classify.ask', { text: c.text }),
        choices: [
          { label: t('spiral:classify.choose'), value: val(s, 'other') },
          { label: t('spiral:classify.unsure'), value: val(s, 'unsure') },
          { label: t('spiral:classify.rest'), value: val(s, 'rest') },
        ],
        columns: 1,
      };
    }
    return {
      text: `${t('spiral:classify.ask', { text: c.text })}\n${t('spiral:classify.suggestion', { family: familyLabel(t, family), hint: familyHint(t, family) })}`,
      choices: [
        { label: t('spiral:classify.accept', { family: familyLabel(t, family) }), value: val(s, 'ok') },
        { label: t('spiral:classify.other'), value: val(s, 'other') },
        { label: t('spiral:classify.unsure'), value: val(s, 'unsure') },
        { label: t('spiral:classify.rest'), value: val(s, 'rest') },
      ],
      columns: 1,
    };
  },
  onChoice(ctx, value) {
    const s = answering(ctx.state);
    const a = actionOf(ctx, s, value);
    const p = participationOf(ctx.data, s);
    const c = pendingOf(s, p);
    if (!c || a.action === 'continue') return advance(ctx);
    switch (a.action) {
      case 'ok': {
        c.suggested = suggestionOf(c);
        // A stale "accept" button from before an edit that left no suggestion: show the list.
        if (!c.suggested) return reprompt();
        return setFamily(ctx, c, c.suggested, 'suggestion');
      }
      case 'other':
        s.idea = c.id;
        return call(spiralFamily, filing(s, c));
      case 'unsure':
        markUnsure(ctx, p, [c]);
        ctx.say(ctx.t('spiral:classify.leftToFacilitator', { text: preview(c.text) }));
        return afterIdea(ctx);
      case 'rest':
        markUnsure(ctx, p, pendingClassification(p, s));
        return advance(ctx);
    }
    throw new UserError('common:button.invalid');
  },
  onText(ctx, text) {
    const s = answering(ctx.state);
    const p = participationOf(ctx.data, s);
    const c = pendingOf(s, p);
    if (!c) return advance(ctx);
    const typed = text.trim().toUpperCase();
    if (isFamilyCode(typed)) {
      c.suggested = suggestionOf(c);
      return setFamily(ctx, c, typed, typed === c.suggested ? 'suggestion' : 'citizen');
    }
    if (typed === '?') {
      markUnsure(ctx, p, [c]);
      return afterIdea(ctx);
    }
    throw new UserError('spiral:classify.useButtons');
  },
  onReturn: returned,
};
