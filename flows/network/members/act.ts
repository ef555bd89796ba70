/** The `plan` flow's buttons outside a step (reminders, notices, menus): tokens namespaced by the engine. */
import type { Choice } from '../../../src/core/types.ts';
import type { Context } from '../../../src/engine/index.ts';
import { plan } from '../index.ts';

/**
 * m: the menu and its items · ax/gr: follow an axis / a group · att: coming or not · ics: the
 * calendar file · snz/snzat: snooze, and when · ps: pause · ev: one event.
 */
export type PlanAction = 'm' | 'att' | 'ics' | 'snz' | 'snzat' | 'ps' | 'ev' | 'tzp';

/** A button of the plan flow's action `name` (in a turn and in broadcast letters alike). */
export const act = (label: string, name: PlanAction, arg?: string): Choice => plan.button(label, name, arg);

/** What the plan flow's data on a person holds: nothing (members are records, not document data). */
export type PlanData = Record<string, never>;

export type PlanContext = Context<PlanData, PlanAction>;
