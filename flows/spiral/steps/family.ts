import { defineFlow, end, UserError } from '../../../src/engine/index.ts';
import { suggestComponent } from '../classifier/index.ts';
import { FAMILY_CODES, componentsOf, isComponentCode, isFamilyCode, type ComponentCode, type FamilyCode } from '../grid/index.ts';
import { preview } from '../ideas.ts';
import { componentLabel, familyHint, familyLabel } from '../labels.ts';
import { actionOf, refuseOlder, val } from '../nav.ts';

/** The idea being filed, and its group (for buttons of another group's questionnaire, see nav.ts). */
export interface FilingInput {
  g: string;
  title: string;
  floor: number;
  text: string;
  lang: string;
}

// Where the person is, for /help: still the SPIRAL questionnaire.
const TITLE = 'common:flowNames.spiral';

/** The eight families with what each holds; /skip leaves the idea to the facilitator. A sub-flow of the classification. */
export const spiralFamily = defineFlow<FilingInput, FilingInput, FamilyCode | 'unsure', Record<string, never>, 'family'>({
  id: 'spiral-family',
  version: 1,
  title: TITLE,
  initial: (input) => input,
  steps: {
    family: {
      optional: true,
      prompt(v) {
        const t = v.t;
        const lines = [t('spiral:classify.pickFamily', { text: preview(v.state.text, 120) }), ''];
        for (const f of FAMILY_CODES) lines.push(`${familyLabel(t, f)}: ${familyHint(t, f)}`);
        lines.push('', t('spiral:classify.skipIsUnsure'));
        return { text: lines.join('\n'), choices: FAMILY_CODES.map((f) => ({ label: familyLabel(t, f), value: val(v.state, `f.${f}`) })), columns: 1 };
      },
      onChoice(ctx, value) {
        const a = actionOf(ctx, ctx.state, value);
        if (a.action === 'f' && isFamilyCode(a.arg)) return end(a.arg);
        throw new UserError('common:button.invalid');
      },
      onText(_ctx, text) {
        const typed = text.trim().toUpperCase();
        if (!isFamilyCode(typed)) throw new UserError('spiral:classify.useButtons');
        return end(typed);
      },
      onSkip(ctx) {
        refuseOlder(ctx, ctx.state);
        return end('unsure');
      },
    },
  },
});

/** The component within a family, the likeliest first; /skip keeps the family alone. A sub-flow of the classification. */
export const spiralComponent = defineFlow<FilingInput & { family: FamilyCode }, FilingInput & { family: FamilyCode }, ComponentCode | 'familyOnly', Record<string, never>, 'component'>({
  id: 'spiral-component',
  version: 1,
  title: TITLE,
  initial: (input) => input,
  steps: {
    component: {
      optional: true,
      prompt(v) {
        const t = v.t;
        const { family, text, lang } = v.state;
        const hint = suggestComponent(text, lang, family);
        const codes = componentsOf(family).map((x) => x.code);
        const sorted = hint ? [hint, ...codes.filter((x) => x !== hint)] : codes;
        return {
          text: `${t('spiral:classify.pickComponent', { text: preview(text, 120), family: familyLabel(t, family) })}\n${t('spiral:classify.skipIsFamilyOnly')}`,
          choices: sorted.map((code) => ({ label: `${code === hint ? '✔ ' : ''}${componentLabel(t, code)}`, value: val(v.state, `c.${code}`) })),
          columns: 1,
        };
      },
      onChoice(ctx, value) {
        const a = actionOf(ctx, ctx.state, value);
        if (a.action !== 'c') throw new UserError('common:button.invalid');
        return end(componentIn(ctx.state.family, a.arg));
      },
      onText: (ctx, text) => end(componentIn(ctx.state.family, text.trim().toUpperCase())),
      onSkip(ctx) {
        refuseOlder(ctx, ctx.state);
        return end('familyOnly');
      },
    },
  },
});

function componentIn(family: FamilyCode, code: string): ComponentCode {
  if (isComponentCode(code) && componentsOf(family).some((x) => x.code === code)) return code;
  throw new UserError('spiral:classify.componentUnknown', { code: code.slice(0, 10), family });
}
