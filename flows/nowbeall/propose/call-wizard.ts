/**
 * A manager opens a call in chat (`/nowbeall call open`), one field per step: code, title,
 * question, themes (the SPIRAL families or a typed list), territories and languages (both
 * optional). Texts are taken in the manager's language; `together nowbeall call edit` adds others.
 */
import { defineFlow, end, fail, next } from '../../../src/engine/index.ts';
import { cleanName } from '../../../src/core/clean-text.ts';
import { CALL_ID, openCall, parseThemes, type CallInput } from './calls.ts';
import { callText } from './format.ts';

interface CallDraft {
  id?: string;
  title?: string;
  question?: string;
  themes?: string;
  spiral?: boolean;
  territories?: string;
}

async function save(ctx: { services: Parameters<typeof openCall>[0]; lang: string; person: { pseudonym: string }; t: (k: string, p?: Record<string, unknown>) => string; say(text: string): void }, d: CallDraft, languages?: string) {
  const input: CallInput = {
    id: d.id,
    title: { [ctx.lang]: d.title ?? '' },
    question: { [ctx.lang]: d.question ?? '' },
    ...(d.spiral ? { themesSpiral: true } : { themes: d.themes }),
    ...(d.territories ? { territories: d.territories } : {}),
    ...(languages ? { languages } : {}),
  };
  const call = await openCall(ctx.services, input, ctx.person.pseudonym);
  ctx.say(`${ctx.t('nowbeall:wizard.opened', { id: call.id })}\n\n${callText(ctx.t, ctx.lang, call)}`);
}

export const callWizard = defineFlow<CallDraft, void, void, Record<string, never>, 'id' | 'title' | 'question' | 'themes' | 'territories' | 'languages'>({
  id: 'nbcall',
  version: 1,
  initial: (): CallDraft => ({}),
  steps: {
    id: {
      prompt: (v) => ({ text: v.t('nowbeall:wizard.id') }),
      onText(ctx, text) {
        const id = cleanName(text).toLowerCase();
        if (!CALL_ID.test(id)) return fail('nowbeall:callInvalid.id', { id: cleanName(text).slice(0, 40) });
        ctx.state.id = id;
        return next();
      },
    },
    title: {
      prompt: (v) => ({ text: v.t('nowbeall:wizard.title') }),
      onText(ctx, text) {
        const title = cleanName(text);
        if (!title) return fail('nowbeall:callInvalid.empty', { field: 'title' });
        if (title.length > 160) return fail('nowbeall:callInvalid.tooLong', { field: 'title', max: 160, length: title.length });
        ctx.state.title = title;
        return next();
      },
    },
    question: {
      prompt: (v) => ({ text: v.t('nowbeall:wizard.question') }),
      onText(ctx, text) {
        const question = cleanName(text);
        if (!question) return fail('nowbeall:callInvalid.empty', { field: 'question' });
        if (question.length > 1000) return fail('nowbeall:callInvalid.tooLong', { field: 'question', max: 1000, length: question.length });
        ctx.state.question = question;
        return next();
      },
    },
    themes: {
      prompt: (v) => ({ text: v.t('nowbeall:wizard.themes'), choices: [{ label: v.t('nowbeall:wizard.spiral'), value: 'spiral' }], columns: 1 }),
      onChoice(ctx, value) {
        if (value !== 'spiral') return fail('common:button.invalid');
        ctx.state.spiral = true;
        return next();
      },
      onText(ctx, text) {
        parseThemes(text, ctx.services);
        ctx.state.themes = text;
        ctx.state.spiral = false;
        return next();
      },
    },
    territories: {
      optional: true,
      prompt: (v) => ({ text: v.t('nowbeall:wizard.territories') }),
      onText(ctx, text) {
        ctx.state.territories = text;
        return next();
      },
      onSkip: () => next(),
    },
    languages: {
      optional: true,
      prompt: (v) => ({ text: v.t('nowbeall:wizard.languages', { languages: v.services.i18n.languages.join(', ') }) }),
      async onText(ctx, text) {
        await save(ctx, ctx.state, text);
        return end();
      },
      async onSkip(ctx) {
        await save(ctx, ctx.state);
        return end();
      },
    },
  },
});

