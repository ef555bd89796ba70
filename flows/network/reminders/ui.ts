/** The buttons under a reminder, a notice, an event in /plan. */
import type { Choice } from '../../../src/core/types.ts';
import type { Translate } from '../../../src/engine/index.ts';
import { act } from '../members/act.ts';

export function attendanceRow(t: Translate, ref: string): Choice[] {
  return [act(t('plan:attend.yes'), 'att', `${ref}.y`), act(t('plan:attend.no'), 'att', `${ref}.n`)];
}

export function calendarButton(t: Translate, ref: string): Choice {
  return act(t('plan:calendar.button'), 'ics', ref);
}

/** Under a reminder: coming or not, the calendar file, later. */
export function reminderRows(t: Translate, ref: string): Choice[][] {
  return [attendanceRow(t, ref), [calendarButton(t, ref), act(t('plan:snooze.button'), 'snz', ref)]];
}

/** Under a change notice: answer again (a new time may suit, or not), the updated calendar entry. */
export function changeRows(t: Translate, ref: string): Choice[][] {
  return [attendanceRow(t, ref), [calendarButton(t, ref)]];
}
