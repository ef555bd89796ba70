import type { Choice } from '../../src/core/types.ts';
import type { Next, Turn } from '../../src/engine/index.ts';
import { buttonSeq, invalid, reprompt, stepButtons } from '../../src/engine/index.ts';
import { FLOW_ID, vars } from './participant.ts';

/**
 * Back to a step the user came from (the review list after an edit, the classification
 * after a component), trimming the history so /back does not walk the detour again.
 */
export function returnTo(turn: Turn, stepId: string): Next {
  const s = turn.user.session!;
  const steps = turn.services.flows.get(FLOW_ID)?.steps ?? [];
  const at = s.history.lastIndexOf(stepId);
  if (at >= 0) s.history = s.history.slice(0, at);
  s.step = stepId;
  s.stepIndex = Math.max(0, steps.findIndex((x) => x.id === stepId));
  delete s.vars._page;
  return reprompt();
}

/**
 * A message with buttons tied to the current step (e.g. Done under an acknowledgement), laid
 * out like the step's own prompt, so Done and My ideas never swap places between messages.
 */
export function sayWithStepButtons(turn: Turn, text: string, choices: Choice[]): void {
  turn.replies.push({ kind: 'text', text, buttons: stepButtons(turn, choices) });
}

/** Step-bound values carry the group code, so a button of another group's questionnaire is recognised. */
export const val = (turn: Turn, action: string): string => `${vars(turn)?.g ?? ''}.${action}`;

/**
 * The action of a pressed button, or an `invalid` answer when the button came from another
 * group's (or an earlier) questionnaire: same step, different conversation.
 */
export function actionOf(turn: Turn, value: string): { action: string; arg: string } | Next {
  const v = vars(turn);
  const [code = '', action = '', ...rest] = value.split('.');
  if (!v || code !== v.g || pressedBeforeSession(turn)) return invalid(turn.t('spiral:button.otherGroup', { group: v?.title ?? '' }));
  return { action, arg: rest.join('.') };
}

export const isNext = (x: unknown): x is Next => typeof x === 'object' && x !== null && 'kind' in x;

/** True when a navigation button (Done, Skip) was pressed on a message older than this group's session. */
export function pressedBeforeSession(turn: Turn): boolean {
  const v = vars(turn);
  if (!v || turn.event.kind !== 'choice') return false;
  const seq = buttonSeq(turn.event.token);
  return seq !== undefined && seq <= v.floor;
}
