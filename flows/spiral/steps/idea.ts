import { defineFlow, end, goto, UserError } from '../../../src/engine/index.ts';
import { MAX_IDEA_CHARS, MIN_IDEA_CHARS, checkIdea, cleanIdea, preview, visibleLength } from '../ideas.ts';
import { questionLabel } from '../labels.ts';
import { actionOf, val } from '../nav.ts';
import type { Criterion } from '../types.ts';

/** One idea as the review opens it: its number in the list, and the other ideas of its question (for duplicates). */
export interface IdeaInput {
  /** The group, for buttons of another group's questionnaire (see nav.ts). */
  g: string;
  title: string;
  floor: number;
  n: number;
  idea: Criterion;
  siblings: Criterion[];
}

/** The sub-flow's state: the input, and whether the person chose to edit. */
export interface IdeaState extends IdeaInput {
  editing?: boolean;
}

/** What the person did with the idea; undefined (back to the list) when nothing. */
export type IdeaResult = { kind: 'deleted' } | { kind: 'edited'; text: string };

/**
 * One idea from "My ideas": edit it or delete it. A sub-flow of the review: it decides, the
 * review stores (the answers are the questionnaire's data).
 */
export const spiralIdea = defineFlow<IdeaState, IdeaInput, IdeaResult, Record<string, never>, 'idea' | 'edit'>({
  id: 'spiral-idea',
  version: 1,
  // Where the person is, for /help: still the SPIRAL questionnaire.
  title: 'common:flowNames.spiral',
  initial: (input) => input,
  steps: {
    idea: {
      // Once editing, /back goes straight back to the list (the idea's menu is not a place to return to).
      skipIf: (v) => v.state.editing === true,
      prompt(v) {
        const t = v.t;
        const s = v.state;
        return {
          text: t('spiral:idea.show', { n: s.n, question: questionLabel(t, s.idea.question), text: s.idea.text }),
          choices: [
            { label: t('spiral:idea.edit'), value: val(s, 'edit') },
            { label: t('spiral:idea.delete'), value: val(s, 'del') },
            { label: t('spiral:idea.backToList'), value: val(s, 'list') },
          ],
          columns: 1,
        };
      },
      onChoice(ctx, value) {
        switch (actionOf(ctx, ctx.state, value).action) {
          case 'list':
            return end();
          case 'edit':
            ctx.state.editing = true;
            return goto('edit');
          case 'del':
            return end({ kind: 'deleted' });
        }
        throw new UserError('common:button.invalid');
      },
    },
    /** The new wording; its classification is asked again since the meaning may have changed. */
    edit: {
      prompt: (v) => ({ text: v.t('spiral:edit.ask', { text: v.state.idea.text, max: MAX_IDEA_CHARS }) }),
      onText(ctx, raw) {
        const text = cleanIdea(raw);
        const c = ctx.state.idea;
        switch (checkIdea(text, [...ctx.state.siblings, c], c.question, c.id)) {
          case 'tooShort':
            throw new UserError('spiral:idea.tooShort', { min: MIN_IDEA_CHARS });
          case 'tooLong':
            throw new UserError('spiral:idea.tooLong', { max: MAX_IDEA_CHARS, length: visibleLength(text) });
          case 'duplicate':
            throw new UserError('spiral:idea.duplicate', { text: preview(text) });
          default:
            return end({ kind: 'edited', text });
        }
      },
    },
  },
});
