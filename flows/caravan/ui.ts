import type { Choice } from '../../src/core/types.ts';
import type { Translate } from '../../src/engine/index.ts';
import type { Stop } from './types.ts';
import { act } from './act.ts';

/** Going / maybe / not going, for a stop. */
export function rsvpRow(t: Translate, stop: Stop): Choice[] {
  return [
    act(t('caravan:rsvp.going'), 'cvrsvp', `${stop.id}:g`),
    act(t('caravan:rsvp.maybe'), 'cvrsvp', `${stop.id}:m`),
    act(t('caravan:rsvp.no'), 'cvrsvp', `${stop.id}:n`),
  ];
}

export function calendarRow(t: Translate, stop: Stop): Choice[] {
  return [act(t('caravan:calendar.button'), 'cvics', stop.id)];
}

/** The buttons under an announcement: answer, calendar, and the way out. */
export function announcementRows(t: Translate, stop: Stop): Choice[][] {
  return [
    rsvpRow(t, stop),
    calendarRow(t, stop),
    [
      act(t('caravan:sub.stopButton'), 'cvstop'),
      act(t('caravan:sub.snoozeButton'), 'cvsnz'),
    ],
  ];
}

export function reminderRows(t: Translate, stop: Stop): Choice[][] {
  return [
    [
      act(t('caravan:remind.confirm'), 'cvconf', `${stop.id}:y`),
      act(t('caravan:remind.cancel'), 'cvconf', `${stop.id}:n`),
    ],
    calendarRow(t, stop),
  ];
}
