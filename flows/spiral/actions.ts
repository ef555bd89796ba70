import { FLOW_ID } from './participant.ts';

/** SPIRAL's buttons usable outside a step: into a group, answering alone, a facilitator's review and its answers. */
export type SpiralAction = 'sgo' | 'salone' | 'sfr' | 'sfx';

/** The engine's name of an action: namespaced by the flow id, as defineFlow's are, so no other flow can claim it. */
export const actionName = (name: SpiralAction): string => `${FLOW_ID}.${name}`;

/**
 * The value of a button running `name` (`#spiral.sgo:CODE`). Buttons sent before the names were
 * namespaced (`#sgo:CODE`) still reach the same action: the engine maps a bare name to the one flow
 * declaring `<flow>.<name>`.
 */
export const actionValue = (name: SpiralAction, arg?: string): string => `#${actionName(name)}${arg === undefined ? '' : `:${arg}`}`;
