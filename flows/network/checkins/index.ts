import { defineFlow } from '../../../src/engine/index.ts';

/** Monthly check-ins of an activity's owner group, and the quarter's report. Built in checkins/. */
export const checkin = defineFlow({ id: 'checkin', version: 1 });
