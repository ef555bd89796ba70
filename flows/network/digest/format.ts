import { DateTime } from 'luxon';
import type { Translate } from '../../../src/engine/index.ts';
import { textIn, type PlanEvent } from '../types.ts';

/** "Tue, 2 Jun, 14:00" in the reader's zone; a whole-day entry keeps its own date ("Tue, 2 Jun"). */
export function eventWhen(e: PlanEvent, lang: string, tz: string): string {
  if (!e.time) return DateTime.fromISO(e.date, { zone: e.tz }).setLocale(lang).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' });
  return DateTime.fromMillis(e.start, { zone: tz }).setLocale(lang).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "2 Jun 2026" for a `YYYY-MM-DD` date. */
export function dayText(date: string, lang: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(lang).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' });
}

/** An event as the digest lists it: when, what, and where or the video link. */
export function eventLines(t: Translate, e: PlanEvent, lang: string, tz: string): string[] {
  const lines = [t('plan-digest:event', { when: eventWhen(e, lang, tz), title: textIn(e.title, lang), kind: t(`plan-digest:kind.${e.kind}`) })];
  if (e.place) lines.push(t('plan-digest:eventPlace', { place: e.place }));
  if (e.link) lines.push(t('plan-digest:eventLink', { link: e.link }));
  return lines;
}

/** A person's words in a digest: one line, at most `max` characters. */
export function clip(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return [...one].length > max ? `${[...one].slice(0, max - 1).join('')}…` : one;
}
