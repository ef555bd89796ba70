import { defineFlow } from '../../../src/engine/index.ts';

/** The plan's data for managers: import, add, edit, remove, list, calendar (CLI and control). Built in plan/. */
export const plandata = defineFlow({ id: 'plandata', version: 1 });
