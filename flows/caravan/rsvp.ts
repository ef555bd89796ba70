/** Answers to a stop (going / maybe / not going), confirmations from reminders, calendar files. */
import type { Turn } from '../../src/engine/index.ts';
import { stopIcs } from './calendar.ts';
import { caravanOf, peekCaravan } from './format.ts';
import { getStop, isPast } from './stops.ts';
import type { RsvpAnswer, Stop } from './types.ts';
import { calendarRow, sayRows } from './ui.ts';
import { caravanRecords, indexRsvp } from './data.ts';
import { whoOf } from './citizen.ts';
import { act } from './act.ts';

const ANSWERS: Record<string, RsvpAnswer> = { g: 'going', m: 'maybe', n: 'no' };

/** The stop a button is about, if one can still answer it; otherwise says why not. */
async function answerable(turn: Turn, stopId: string): Promise<Stop | undefined> {
  const t = turn.t;
  const stop = await getStop(turn.services.store, stopId);
  if (!stop) {
    turn.say(t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return undefined;
  }
  if (stop.status === 'cancelled') {
    turn.say(t('caravan:rsvp.cancelledStop', { town: stop.town }));
    return undefined;
  }
  if (isPast(stop, turn.now)) {
    turn.say(t('caravan:rsvp.past', { town: stop.town }));
    return undefined;
  }
  // Someone who asked for no more caravan messages gets no reminders: answering would promise one.
  if (!peekCaravan(turn.user)?.sub) {
    turn.say(t('caravan:rsvp.notSubscribed'), [act(t('caravan:sub.yes'), 'cvyes', `${stop.country.toLowerCase()}:${stop.id}`)], 1);
    return undefined;
  }
  return stop;
}

/** Going / maybe / not going. */
export async function answer(turn: Turn, arg: string): Promise<void> {
  const [stopId = '', code = ''] = arg.split(':');
  const choice = ANSWERS[code];
  if (!choice) {
    turn.say(turn.t('common:button.invalid'));
    return;
  }
  const stop = await answerable(turn, stopId);
  if (!stop) return;
  const data = caravanOf(turn.user);
  const previous = data.rsvp[stop.id];
  data.rsvp[stop.id] = { answer: choice, at: turn.now.toISOString(), ...(previous?.confirmed && choice !== 'no' ? { confirmed: true } : {}) };
  await indexRsvp(await caravanRecords(turn.services.store), stop.id, whoOf(turn), data.rsvp[stop.id]);
  const text = turn.t(`caravan:rsvp.saved.${choice}`, { town: stop.town });
  if (choice === 'no') turn.say(text);
  else sayRows(turn, text, [calendarRow(turn.t, stop)]);
}

/** Confirm / cancel, from a reminder. */
export async function confirm(turn: Turn, arg: string): Promise<void> {
  const [stopId = '', yes = ''] = arg.split(':');
  const stop = await answerable(turn, stopId);
  if (!stop) return;
  const data = caravanOf(turn.user);
  const at = turn.now.toISOString();
  if (yes === 'y') {
    data.rsvp[stop.id] = { answer: 'going', confirmed: true, at };
    turn.say(turn.t('caravan:remind.confirmed', { town: stop.town }));
  } else {
    data.rsvp[stop.id] = { answer: 'no', at };
    turn.say(turn.t('caravan:remind.cancelled', { town: stop.town }));
  }
  await indexRsvp(await caravanRecords(turn.services.store), stop.id, whoOf(turn), data.rsvp[stop.id]);
}

/** "Add to calendar": an .ics file for the stop. */
export async function calendar(turn: Turn, stopId: string): Promise<void> {
  const stop = await getStop(turn.services.store, stopId);
  if (!stop) {
    turn.say(turn.t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return;
  }
  const title = turn.t('caravan:calendar.title', { town: stop.town });
  turn.file(`caravan-${stop.id}.ics`, 'text/calendar', stopIcs(stop, turn.lang, title), title);
}
