/**
 * The caravan's buttons outside a step: their tokens are namespaced by the engine
 * (`#caravan.<name>:<arg>`). The names keep their old `cv…` spelling so that the bare `#cv…`
 * buttons already in people's chats still find their action.
 */
import type { Choice } from '../../src/core/types.ts';
import type { Context } from '../../src/engine/index.ts';
import { caravan } from './index.ts';
import type { CaravanData } from './types.ts';
import type { WizardInput } from './wizard.ts';

export type CaravanAction = 'cv' | 'cvask' | 'cvyes' | 'cvno' | 'cvstop' | 'cvsnz' | 'cvshow' | 'cvrsvp' | 'cvconf' | 'cvics' | 'cvcxl' | 'cvkeep';

/** A button running the caravan action `name` (usable in a turn and in broadcast letters alike). */
export const act = (label: string, name: CaravanAction, arg?: string): Choice => caravan.button(label, name, arg);

/** What the caravan's commands, actions and helpers get from the engine. */
export type CaravanContext = Context<CaravanData, CaravanAction, WizardInput>;
