/** "I'll be there" / "can't come", the calendar file, one event's card: buttons under reminders and in /plan. */
import { UserError } from '../../../src/engine/index.ts';
import type { PlanContext } from '../members/act.ts';
import { networkRecords } from '../records.ts';
import type { PlanEvent } from '../types.ts';
import { eventIcs } from './calendar.ts';
import { eventCard, titleOf } from './format.ts';
import { usefulUntil } from './moments.ts';
import { attendanceId, eventOfRef, reminderRecords, type Answer } from './records.ts';
import { calendarButton, reminderRows } from './ui.ts';

export async function eventByRef(ctx: PlanContext, ref: string): Promise<PlanEvent> {
  const id = await eventOfRef(ctx.services.store, ref);
  const event = id ? await networkRecords(ctx.services.store).events.get(id) : undefined;
  if (!event) throw new UserError('plan:event.unknown');
  return event;
}

/** Stored first, then confirmed; answering again replaces the answer. */
export async function answer(ctx: PlanContext, arg: string): Promise<void> {
  const [ref = '', code = ''] = arg.split('.');
  const choice: Answer | undefined = code === 'y' ? 'yes' : code === 'n' ? 'no' : undefined;
  if (!choice) throw new UserError('common:button.invalid');
  const event = await eventByRef(ctx, ref);
  if (event.status !== 'scheduled' || ctx.now.getTime() >= usefulUntil(event)) throw new UserError('plan:event.over');
  const id = attendanceId(ref, ctx.person.key);
  const at = ctx.now.toISOString();
  await reminderRecords(ctx.services.store).attendance.update(id, (cur) => ({ ...(cur ?? { id, event: event.id, key: ctx.person.key }), answer: choice, answeredAt: at }));
  const title = titleOf(event, ctx.lang);
  if (choice === 'yes') ctx.say(ctx.t('plan:attend.savedYes', { title }), [calendarButton(ctx.t, ref)]);
  else ctx.say(ctx.t('plan:attend.savedNo', { title }));
}

export async function calendar(ctx: PlanContext, ref: string): Promise<void> {
  const event = await eventByRef(ctx, ref);
  const title = titleOf(event, ctx.lang);
  ctx.file(`${ref}.ics`, 'text/calendar', eventIcs(event, ctx.lang), title);
}

/** One event as a reminder shows it, with its buttons. */
export async function showEvent(ctx: PlanContext, ref: string, tz: string): Promise<void> {
  const event = await eventByRef(ctx, ref);
  if (event.status !== 'scheduled') throw new UserError('plan:event.over');
  ctx.sayRows(eventCard(ctx.t, event, ctx.lang, tz), reminderRows(ctx.t, ref));
}

/** Yes / no counts of an event (for managers). */
export async function counts(ctx: Pick<PlanContext, 'services'>, eventId: string): Promise<{ yes: number; no: number }> {
  const { attendance } = reminderRecords(ctx.services.store);
  return { yes: await attendance.count({ event: eventId, answer: 'yes' }), no: await attendance.count({ event: eventId, answer: 'no' }) };
}
