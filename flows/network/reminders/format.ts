/** How an event reads in a reminder, a notice or the /plan list: in the reader's language and zone. */
import { DateTime } from 'luxon';
import type { Translate } from '../../../src/engine/index.ts';
import { textIn, type PlanEvent } from '../types.ts';

/** Descriptions are written for calendars; a chat message shows their beginning. */
const DESCRIPTION_MAX = 300;

/** A moment as the reader reads it: date, hour, zone's name. */
export function momentText(at: number, lang: string, tz: string): string {
  return DateTime.fromMillis(at, { zone: tz }).setLocale(lang).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
}

/** The event's moment as the reader reads it: a timed one with the hour and the zone's name, a whole-day one its date. */
export function whenText(event: Pick<PlanEvent, 'start' | 'time' | 'date'>, lang: string, tz: string): string {
  if (!event.time) return DateTime.fromISO(event.date, { zone: 'UTC' }).setLocale(lang).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  return momentText(event.start, lang, tz);
}

export const titleOf = (event: Pick<PlanEvent, 'title'>, lang: string) => textIn(event.title, lang);

/** The event's card: kind and title, when, where, link, the beginning of its description. */
export function eventCard(t: Translate, event: PlanEvent, lang: string, tz: string): string {
  const lines = [`${t(`plan:kind.${event.kind}`)} · ${titleOf(event, lang)}`, `🗓 ${whenText(event, lang, tz)}`];
  if (event.place) lines.push(`📍 ${event.place}`);
  if (event.link) lines.push(`🔗 ${event.link}`);
  const description = textIn(event.description, lang).trim();
  if (description) lines.push('', description.length > DESCRIPTION_MAX ? `${description.slice(0, DESCRIPTION_MAX - 1)}…` : description);
  return lines.join('\n');
}

/**
 * How soon the event is, written when the message goes out (a reminder held by quiet hours or
 * sent late still says the truth): in minutes under three hours for a timed event, else in days
 * by the reader's calendar.
 */
export function soon(t: Translate, event: Pick<PlanEvent, 'start' | 'time' | 'date'>, now: Date, tz: string): string {
  const minutes = Math.round((event.start - now.getTime()) / 60000);
  if (event.time && minutes >= 0 && minutes < 180) return t('plan:soon.minutes', { count: Math.max(1, minutes) });
  const today = DateTime.fromJSDate(now, { zone: tz }).startOf('day');
  const day = event.time ? DateTime.fromMillis(event.start, { zone: tz }).startOf('day') : DateTime.fromISO(event.date, { zone: tz });
  const days = Math.round(day.diff(today, 'days').days);
  if (days <= 0) return t('plan:soon.today');
  if (days === 1) return t('plan:soon.tomorrow');
  return t('plan:soon.days', { count: days });
}
