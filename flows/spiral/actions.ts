import { FLOW_ID } from './participant.ts';

/** SPIRAL's buttons usable outside a step: into a group, answering alone, a facilitator's review and its answers. */
export type SpiralAction = 'sgo' | 'salone' | 'sfr' | 'sfx';

/**
 * The value of a button running `name`, as the engine namespaces it for the flow (`#spiral.sgo:CODE`). Buttons sent before the names were
 * namespaced (`#sgo:CODE`) still reach the same action: the engine maps a bare name to the one flow
 * declaring `<flow>.<name>`.
 */
export const actionValue = (name: SpiralAction, arg?: string): string => `#${FLOW_ID}.${name}${arg === undefined ? '' : `:${arg}`}`;
