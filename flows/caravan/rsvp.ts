/** Answers to a stop (going / maybe / not going), confirmations from reminders, calendar files. */
import { UserError } from '../../src/engine/index.ts';
import type { CaravanContext as Ctx } from './act.ts';
import { stopIcs } from './calendar.ts';
import { peekCaravan } from './format.ts';
import { getStop, isPast } from './stops.ts';
import type { RsvpAnswer, Stop } from './types.ts';
import { calendarRow } from './ui.ts';
import { caravanRecords, indexRsvp } from './data.ts';
import { whoOf } from './citizen.ts';
import { act } from './act.ts';

const ANSWERS: Record<string, RsvpAnswer> = { g: 'going', m: 'maybe', n: 'no' };

/** The stop a button is about, if one can still answer it; otherwise says why not. */
async function answerable(ctx: Ctx, stopId: string): Promise<Stop | undefined> {
  const t = ctx.t;
  const stop = await getStop(ctx.services.store, stopId);
  if (!stop) {
    ctx.say(t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return undefined;
  }
  if (stop.status === 'cancelled') {
    ctx.say(t('caravan:rsvp.cancelledStop', { town: stop.town }));
    return undefined;
  }
  if (isPast(stop, ctx.now)) {
    ctx.say(t('caravan:rsvp.past', { town: stop.town }));
    return undefined;
  }
  // Someone who asked for no more caravan messages gets no reminders: answering would promise one.
  if (!peekCaravan(ctx.document())?.sub) {
    ctx.say(t('caravan:rsvp.notSubscribed'), [act(t('caravan:sub.yes'), 'cvyes', `${stop.country.toLowerCase()}:${stop.id}`)], 1);
    return undefined;
  }
  return stop;
}

/** Going / maybe / not going. */
export async function answer(ctx: Ctx, arg: string): Promise<void> {
  const [stopId = '', code = ''] = arg.split(':');
  const choice = ANSWERS[code];
  if (!choice) throw new UserError('common:button.invalid');
  const stop = await answerable(ctx, stopId);
  if (!stop) return;
  const data = ctx.data;
  const previous = data.rsvp[stop.id];
  data.rsvp[stop.id] = { answer: choice, at: ctx.now.toISOString(), ...(previous?.confirmed && choice !== 'no' ? { confirmed: true } : {}) };
  await indexRsvp(await caravanRecords(ctx.services.store), stop.id, whoOf(ctx), data.rsvp[stop.id]);
  const text = ctx.t(`caravan:rsvp.saved.${choice}`, { town: stop.town });
  if (choice === 'no') ctx.say(text);
  else ctx.sayRows(text, [calendarRow(ctx.t, stop)]);
}

/** Confirm / cancel, from a reminder. */
export async function confirm(ctx: Ctx, arg: string): Promise<void> {
  const [stopId = '', yes = ''] = arg.split(':');
  const stop = await answerable(ctx, stopId);
  if (!stop) return;
  const data = ctx.data;
  const at = ctx.now.toISOString();
  if (yes === 'y') {
    data.rsvp[stop.id] = { answer: 'going', confirmed: true, at };
    ctx.say(ctx.t('caravan:remind.confirmed', { town: stop.town }));
  } else {
    data.rsvp[stop.id] = { answer: 'no', at };
    ctx.say(ctx.t('caravan:remind.cancelled', { town: stop.town }));
  }
  await indexRsvp(await caravanRecords(ctx.services.store), stop.id, whoOf(ctx), data.rsvp[stop.id]);
}

/** "Add to calendar": an .ics file for the stop. */
export async function calendar(ctx: Ctx, stopId: string): Promise<void> {
  const stop = await getStop(ctx.services.store, stopId);
  if (!stop) {
    ctx.say(ctx.t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return;
  }
  const title = ctx.t('caravan:calendar.title', { town: stop.town });
  ctx.file(`caravan-${stop.id}.ics`, 'text/calendar', stopIcs(stop, ctx.lang, title), title);
}
