import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { goto, invalid, reprompt } from '../../../src/engine/index.ts';
import { suggestComponent, suggestFamily } from '../classifier/index.ts';
import { FAMILY_CODES, componentsOf, isComponentCode, isFamilyCode, type ComponentCode, type FamilyCode } from '../grid/index.ts';
import { preview } from '../ideas.ts';
import { componentLabel, familyHint, familyLabel } from '../labels.ts';
import { actionOf, isNext, pressedBeforeSession, returnTo, val } from '../nav.ts';
import { current, ordered, remember, touch, vars } from '../participant.ts';
import { advance, pendingClassification } from '../stages.ts';
import type { Criterion } from '../types.ts';

const always = () => true;

function pending(turn: Turn): Criterion | undefined {
  const { v, p } = current(turn);
  return pendingClassification(p, v)[0];
}

/** The idea whose family or component is being chosen. */
function chosen(turn: Turn): Criterion | undefined {
  const { v, p } = current(turn);
  return p.criteria.find((c) => c.id === v.idea);
}

/** Undefined when the classifier had nothing to go on: the person then picks from the list. */
function suggestion(c: Criterion): FamilyCode | undefined {
  c.suggested ??= suggestFamily(c.text, c.lang);
  return c.suggested;
}

function setFamily(turn: Turn, c: Criterion, family: FamilyCode, by: 'citizen' | 'suggestion'): Next {
  c.family = family;
  delete c.component;
  c.classifiedBy = by;
  c.classifiedAt = turn.now.toISOString();
  delete c.unsure;
  const { v, p } = current(turn);
  touch(turn, p);
  v.idea = c.id;
  v.fam = family;
  return goto('component');
}

/** After one idea: the next unclassified one, or on to the ratings. */
function afterIdea(turn: Turn): Next {
  return pending(turn) ? returnTo(turn, 'classify') : advance(turn);
}

function markUnsure(turn: Turn, ideas: Criterion[]): void {
  for (const c of ideas) {
    c.unsure = true;
    delete c.family;
    delete c.component;
    delete c.classifiedBy;
  }
  touch(turn, current(turn).p);
}

const position = (turn: Turn, c: Criterion) => {
  const { v, p } = current(turn);
  return { n: ordered(p, v.qs).indexOf(c) + 1, total: p.criteria.length };
};

/** Each idea in turn: accept the suggested family, pick another, or leave it to the facilitator. */
const classify: Step = {
  id: 'classify',
  skipIf: (turn) => !vars(turn) || !pending(turn),
  progress(turn) {
    const c = pending(turn);
    return c ? turn.t('spiral:progress.classify', position(turn, c)) : undefined;
  },
  prompt(turn) {
    const t = turn.t;
    remember(turn);
    const c = pending(turn);
    if (!c) return { text: t('spiral:classify.allDone'), choices: [{ label: t('spiral:classify.continue'), value: val(turn, 'continue') }] };
    const family = suggestion(c);
    if (!family) {
      return {
        text: t('spiral:classify.ask', { text: c.text }),
        choices: [
          { label: t('spiral:classify.choose'), value: val(turn, 'other') },
          { label: t('spiral:classify.unsure'), value: val(turn, 'unsure') },
          { label: t('spiral:classify.rest'), value: val(turn, 'rest') },
        ],
        columns: 1,
      };
    }
    return {
      text: `${t('spiral:classify.ask', { text: c.text })}\n${t('spiral:classify.suggestion', { family: familyLabel(t, family), hint: familyHint(t, family) })}`,
      choices: [
        { label: t('spiral:classify.accept', { family: familyLabel(t, family) }), value: val(turn, 'ok') },
        { label: t('spiral:classify.other'), value: val(turn, 'other') },
        { label: t('spiral:classify.unsure'), value: val(turn, 'unsure') },
        { label: t('spiral:classify.rest'), value: val(turn, 'rest') },
      ],
      columns: 1,
    };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    const c = pending(turn);
    if (!c || a.action === 'continue') return advance(turn);
    switch (a.action) {
      case 'ok': {
        const suggested = suggestion(c);
        // A stale "accept" button from before an edit that left no suggestion: show the list.
        if (!suggested) return reprompt();
        return setFamily(turn, c, suggested, 'suggestion');
      }
      case 'other':
        current(turn).v.idea = c.id;
        return goto('family');
      case 'unsure':
        markUnsure(turn, [c]);
        turn.say(turn.t('spiral:classify.leftToFacilitator', { text: preview(c.text) }));
        return pending(turn) ? reprompt() : advance(turn);
      case 'rest': {
        const { v, p } = current(turn);
        markUnsure(turn, pendingClassification(p, v));
        return advance(turn);
      }
    }
    return invalid(turn.t('common:button.invalid'));
  },
  onText(turn, text) {
    const c = pending(turn);
    if (!c) return advance(turn);
    const typed = text.trim().toUpperCase();
    if (isFamilyCode(typed)) return setFamily(turn, c, typed, typed === suggestion(c) ? 'suggestion' : 'citizen');
    if (typed === '?') {
      markUnsure(turn, [c]);
      return pending(turn) ? reprompt() : advance(turn);
    }
    return invalid(turn.t('spiral:classify.useButtons'));
  },
};

/** The eight families with what each holds. */
const family: Step = {
  id: 'family',
  skipIf: always,
  optional: true,
  prompt(turn) {
    const t = turn.t;
    const c = chosen(turn);
    const lines = [t('spiral:classify.pickFamily', { text: c ? preview(c.text, 120) : '' }), ''];
    for (const f of FAMILY_CODES) lines.push(`${familyLabel(t, f)}: ${familyHint(t, f)}`);
    lines.push('', t('spiral:classify.skipIsUnsure'));
    return { text: lines.join('\n'), choices: FAMILY_CODES.map((f) => ({ label: familyLabel(t, f), value: val(turn, `f.${f}`) })), columns: 1 };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    const c = chosen(turn);
    if (!c) return afterIdea(turn);
    if (a.action === 'f' && isFamilyCode(a.arg)) return setFamily(turn, c, a.arg, 'citizen');
    return invalid(turn.t('common:button.invalid'));
  },
  onText(turn, text) {
    const c = chosen(turn);
    const typed = text.trim().toUpperCase();
    if (!c) return afterIdea(turn);
    return isFamilyCode(typed) ? setFamily(turn, c, typed, 'citizen') : invalid(turn.t('spiral:classify.useButtons'));
  },
  onSkip(turn) {
    if (pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: current(turn).v.title }));
    const c = chosen(turn);
    if (c) markUnsure(turn, [c]);
    return afterIdea(turn);
  },
};

/** The component within the chosen family; skipping keeps the family alone. */
const component: Step = {
  id: 'component',
  skipIf: always,
  optional: true,
  prompt(turn) {
    const t = turn.t;
    const { v } = current(turn);
    const c = chosen(turn);
    const fam = v.fam ?? c?.family ?? 'A';
    const hint = c ? suggestComponent(c.text, c.lang, fam) : undefined;
    const codes = componentsOf(fam).map((x) => x.code);
    const sorted = hint ? [hint, ...codes.filter((x) => x !== hint)] : codes;
    return {
      text: `${t('spiral:classify.pickComponent', { text: c ? preview(c.text, 120) : '', family: familyLabel(t, fam) })}\n${t('spiral:classify.skipIsFamilyOnly')}`,
      choices: sorted.map((code) => ({ label: `${code === hint ? '✔ ' : ''}${componentLabel(t, code)}`, value: val(turn, `c.${code}`) })),
      columns: 1,
    };
  },
  onChoice(turn, value) {
    const a = actionOf(turn, value);
    if (isNext(a)) return a;
    return a.action === 'c' ? setComponent(turn, a.arg) : invalid(turn.t('common:button.invalid'));
  },
  onText: (turn, text) => setComponent(turn, text.trim().toUpperCase()),
  onSkip(turn) {
    if (pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: current(turn).v.title }));
    return afterIdea(turn);
  },
};

function setComponent(turn: Turn, code: string): Next {
  const c = chosen(turn);
  if (!c) return afterIdea(turn);
  const fam = current(turn).v.fam ?? c.family;
  if (!isComponentCode(code) || !fam || !componentsOf(fam).some((x) => x.code === code)) {
    return invalid(turn.t('spiral:classify.componentUnknown', { code: code.slice(0, 10), family: fam ?? '' }));
  }
  c.family = fam;
  c.component = code as ComponentCode;
  c.classifiedAt = turn.now.toISOString();
  touch(turn, current(turn).p);
  return afterIdea(turn);
}

export const classifySteps: Step[] = [classify, family, component];
