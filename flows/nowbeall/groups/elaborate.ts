/**
 * A facilitator writes the group's elaborated version of one proposal, sees it, then publishes
 * it (or writes it again). Opened by `/nbgroup elaborate 12` or the button under the
 * contributions; the checks run again at publishing, when the records may have changed.
 */
import { defineFlow, end, goto, next, UserError } from '../../../src/engine/index.ts';
import { publishElaborated } from './ops.ts';
import { checkedText, TEXT_MAX } from './text.ts';

export interface ElaborateInput {
  proposal: string;
  title: string;
  group: string;
  /** The version published so far, if any. */
  current?: string;
  contributions: number;
}

interface ElaborateState extends ElaborateInput {
  text?: string;
}

export const elaborateFlow = defineFlow<ElaborateState, ElaborateInput, void, Record<string, never>, 'write' | 'confirm'>({
  id: 'nbgroups-elaborate',
  version: 1,
  title: 'nowbeall-groups:title',
  initial: (input) => ({ ...input }),
  steps: {
    write: {
      prompt: (v) => ({
        text: [
          v.t('nowbeall-groups:elaborate.ask', { id: v.state.proposal, title: v.state.title, group: v.state.group, count: v.state.contributions, max: TEXT_MAX }),
          ...(v.state.current ? [v.t('nowbeall-groups:elaborate.current', { text: v.state.current })] : []),
        ].join('\n\n'),
      }),
      onText(ctx, raw) {
        ctx.state.text = checkedText(raw);
        return next();
      },
    },
    confirm: {
      prompt: (v) => ({
        text: v.t('nowbeall-groups:elaborate.preview', { id: v.state.proposal, text: v.state.text ?? '' }),
        choices: [
          { label: v.t('nowbeall-groups:elaborate.publish'), value: 'publish' },
          { label: v.t('nowbeall-groups:elaborate.rewrite'), value: 'rewrite' },
        ],
      }),
      async onChoice(ctx, value) {
        if (value === 'rewrite') return goto('write');
        if (value !== 'publish' || !ctx.state.text) throw new UserError('common:button.invalid');
        const r = await publishElaborated(ctx.services, ctx.state.proposal, ctx.state.text, { pseudonym: ctx.person.pseudonym, isManager: ctx.isManager });
        ctx.say(ctx.t('nowbeall-groups:elaborate.published', { id: ctx.state.proposal, count: r.notified }));
        return end();
      },
    },
  },
});
