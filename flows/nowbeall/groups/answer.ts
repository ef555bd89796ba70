/**
 * A manager records the public authorities' answer to a proposal in chat: its kind, its text,
 * and (optionally) which authority gave it. `/nbanswer 12` asks step by step; `/nbanswer 12
 * accepted The council …` records at once.
 */
import { defineFlow, end, next, UserError, type StepContext } from '../../../src/engine/index.ts';
import type { AnswerKind } from '../types.ts';
import { recordAnswer } from './ops.ts';
import { ANSWER_KINDS } from './parse.ts';
import { checkedText, checkedTitle, TEXT_MAX } from './text.ts';

export interface AnswerInput {
  proposal: string;
  title: string;
}

interface AnswerState extends AnswerInput {
  kind?: AnswerKind;
  text?: string;
}

export const answerFlow = defineFlow<AnswerState, AnswerInput, void, Record<string, never>, 'kind' | 'text' | 'authority'>({
  id: 'nbgroups-answer',
  version: 1,
  title: 'nowbeall-groups:title',
  initial: (input) => ({ ...input }),
  steps: {
    kind: {
      prompt: (v) => ({
        text: v.t('nowbeall-groups:answer.askKind', { id: v.state.proposal, title: v.state.title }),
        choices: ANSWER_KINDS.map((k) => ({ label: v.t(`nowbeall-groups:answerKind.${k}`), value: k })),
        columns: 1,
      }),
      onChoice(ctx, value) {
        const kind = ANSWER_KINDS.find((k) => k === value);
        if (!kind) throw new UserError('common:button.invalid');
        ctx.state.kind = kind;
        return next();
      },
    },
    text: {
      prompt: (v) => ({ text: v.t('nowbeall-groups:answer.askText', { max: TEXT_MAX }) }),
      onText(ctx, raw) {
        ctx.state.text = checkedText(raw);
        return next();
      },
    },
    authority: {
      optional: true,
      prompt: (v) => ({ text: v.t('nowbeall-groups:answer.askAuthority') }),
      onText: async (ctx, raw) => {
        const authority = checkedTitle(raw);
        if (!authority) throw new UserError('nowbeall-groups:text.tooShort', { min: 2 });
        return save(ctx, authority);
      },
      onSkip: (ctx) => save(ctx, undefined),
    },
  },
});

async function save(ctx: StepContext<AnswerState, Record<string, never>>, authority: string | undefined) {
  const { kind, text, proposal } = ctx.state;
  if (!kind || !text) throw new UserError('common:button.invalid');
  const r = await recordAnswer(ctx.services, { proposal, kind, text, authority }, ctx.person.pseudonym);
  ctx.say(ctx.t('nowbeall-groups:answer.recorded', { id: proposal, count: r.notified }));
  return end();
}
