import type { Choice } from '../../src/core/types.ts';
import type { Translate } from '../../src/engine/index.ts';
import type { Turn } from '../../src/engine/index.ts';
import type { Stop } from './types.ts';

/** A text with buttons in explicit rows; all rows share one sequence number, so all are equally fresh. */
export function sayRows(turn: Turn, text: string, layout: Choice[][]): void {
  const rows = layout.filter((r) => r.length > 0);
  if (rows.length === 0) return turn.say(text);
  const seq = turn.user.seq;
  const buttons = rows.map((r) => {
    turn.user.seq = seq;
    return turn.buttons(r, r.length)[0]!;
  });
  turn.replies.push({ kind: 'text', text, buttons });
}

/** Going / maybe / not going, for a stop. */
export function rsvpRow(t: Translate, stop: Stop): Choice[] {
  return [
    { label: t('caravan:rsvp.going'), value: `#cvrsvp:${stop.id}:g` },
    { label: t('caravan:rsvp.maybe'), value: `#cvrsvp:${stop.id}:m` },
    { label: t('caravan:rsvp.no'), value: `#cvrsvp:${stop.id}:n` },
  ];
}

export function calendarRow(t: Translate, stop: Stop): Choice[] {
  return [{ label: t('caravan:calendar.button'), value: `#cvics:${stop.id}` }];
}

/** The buttons under an announcement: answer, calendar, and the way out. */
export function announcementRows(t: Translate, stop: Stop): Choice[][] {
  return [
    rsvpRow(t, stop),
    calendarRow(t, stop),
    [
      { label: t('caravan:sub.stopButton'), value: '#cvstop' },
      { label: t('caravan:sub.snoozeButton'), value: '#cvsnz' },
    ],
  ];
}

export function reminderRows(t: Translate, stop: Stop): Choice[][] {
  return [
    [
      { label: t('caravan:remind.confirm'), value: `#cvconf:${stop.id}:y` },
      { label: t('caravan:remind.cancel'), value: `#cvconf:${stop.id}:n` },
    ],
    calendarRow(t, stop),
  ];
}
