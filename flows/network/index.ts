import { defineFlow } from '../../src/engine/index.ts';

/** `/plan`: joining the network's reminders, what one follows, one's time zone; the reminders themselves. */
export const plan = defineFlow({ id: 'plan', version: 1 });
