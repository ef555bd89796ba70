import type { Context, Decision, StepContext, StepDef, View } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';
import type { SpiralAction } from './actions.ts';
import type { Answering, SpiralState, SpiralStep } from './state.ts';
import type { SpiralData } from './types.ts';

/** What SPIRAL's commands, actions and deep links get; a step's context is one too. */
export type SpiralContext = Context<SpiralData, SpiralAction, SpiralState>;
/** What SPIRAL's step handlers get, and what its prompts read. */
export type Ctx = StepContext<SpiralState, SpiralData, SpiralAction, SpiralState>;
export type SpiralView = View<SpiralState, SpiralData>;

/** Step-bound values carry the group code, so a button of another group's questionnaire is recognised. */
export const val = (s: Readonly<Pick<Answering, 'g'>>, action: string): string => `${s.g}.${action}`;

/** Refuses a navigation button (Done, Skip) of a message older than this group's session: same step, another conversation. */
export function refuseOlder(ctx: { pressedBefore(mark: number): boolean }, s: Readonly<Pick<Answering, 'floor' | 'title'>>): void {
  if (ctx.pressedBefore(s.floor)) throw new UserError('spiral:button.otherGroup', { group: s.title });
}

/**
 * The action of a pressed button; a button from another group's (or an earlier) questionnaire
 * is refused with a UserError: same step, different conversation.
 */
export function actionOf(ctx: { pressedBefore(mark: number): boolean }, s: Readonly<Pick<Answering, 'g' | 'floor' | 'title'>>, value: string): { action: string; arg: string } {
  const [code = '', action = '', ...rest] = value.split('.');
  if (code !== s.g) throw new UserError('spiral:button.otherGroup', { group: s.title });
  refuseOlder(ctx, s);
  return { action, arg: rest.join('.') };
}

/** One SPIRAL step. */
export type SpiralStepDef = StepDef<SpiralState, SpiralData, SpiralStep, void, SpiralAction, SpiralState>;

/** What a SPIRAL step handler decides (the main flow hands nothing back). */
export type SpiralDecision = Decision<SpiralStep, void>;
