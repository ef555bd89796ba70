import type { Translate } from '../../src/engine/index.ts';
import type { UserDoc } from '../../src/engine/index.ts';
import { startOf } from './fields.ts';
import { CONTINENT_IDS, countryName } from './regions.ts';
import type { CaravanData, RsvpCounts, Stop } from './types.ts';

export const FLOW_ID = 'caravan';

/** The caravan's data in a user document, created on first use. */
export function caravanOf(user: UserDoc): CaravanData {
  const existing = user.flows[FLOW_ID] as CaravanData | undefined;
  if (existing) return existing;
  const created: CaravanData = { rsvp: {} };
  user.flows[FLOW_ID] = created;
  return created;
}

/** Reads without creating (for people who never used the caravan). */
export function peekCaravan(user: UserDoc): CaravanData | undefined {
  return user.flows[FLOW_ID] as CaravanData | undefined;
}

/** "Tuesday 12 May 2026, 18:30" in the reader's language, at the stop's local time. */
export function when(stop: Pick<Stop, 'date' | 'time' | 'tz'>, lang: string): string {
  return startOf(stop).setLocale(lang).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "12 May 2026, 18:30": lists span years, so the year is always shown. */
export function shortWhen(stop: Pick<Stop, 'date' | 'time' | 'tz'>, lang: string): string {
  return startOf(stop).setLocale(lang).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * The stop's start in the reader's own zone ("Tue, May 12, 11:30 EDT"), when their zone is known
 * and its clock differs from the stop's at that moment; undefined otherwise (the stop's local
 * time, always shown, says it all). A zone is known only when the platform told it (Slack):
 * guessing one for the others would show a wrong time.
 */
export function readerWhen(stop: Pick<Stop, 'date' | 'time' | 'tz'>, lang: string, tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  const start = startOf(stop);
  const theirs = start.setZone(tz);
  if (!theirs.isValid || theirs.offset === start.offset) return undefined;
  return theirs.setLocale(lang).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
}

/** "12 May 2026" in the reader's language. */
export function shortDate(stop: Pick<Stop, 'date' | 'time' | 'tz'>, lang: string): string {
  return startOf(stop).setLocale(lang).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * Button labels for stops, one per stop and all different: the town and the date, then the
 * time where two stops share those, then the venue where even that is shared.
 */
export function stopLabels(stops: Stop[], lang: string): string[] {
  const base = stops.map((s) => `${s.town} · ${shortDate(s, lang)}`);
  const timed = base.map((l, i) => (base.filter((b) => b === l).length > 1 ? `${l} ${stops[i]!.time}` : l));
  return timed.map((l, i) => (timed.filter((b) => b === l).length > 1 ? `${l} · ${clip(stops[i]!.venue, 24)}` : l));
}

const clip = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

export function languageNames(codes: string[], lang: string): string {
  const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  return codes.map((c) => names.of(c) ?? c).join(', ');
}

/** A region's name: "all stops", a continent, or a country, in `t`'s language. */
export function regionName(t: Translate, region: string, lang: string): string {
  if (region === 'all') return t('caravan:region.all');
  if (CONTINENT_IDS.includes(region)) return t(`caravan:region.${region}`);
  return countryName(region.toUpperCase(), lang) ?? region.toUpperCase();
}

/** The stop as a message: what, when (also in the reader's zone `tz`, when known), where, in which languages. */
export function card(t: Translate, stop: Stop, lang: string, tz?: string): string {
  const theirs = readerWhen(stop, lang, tz);
  const lines = [
    t('caravan:card.title', { town: stop.town, country: countryName(stop.country, lang) ?? stop.country }),
    t('caravan:card.when', { when: when(stop, lang) }),
    ...(theirs ? [t('caravan:card.yourTime', { when: theirs })] : []),
    t('caravan:card.where', { venue: stop.venue }),
  ];
  if (stop.languages.length) lines.push(t('caravan:card.languages', { languages: languageNames(stop.languages, lang) }));
  if (stop.description) lines.push('', stop.description);
  if (stop.status === 'cancelled') lines.unshift(t('caravan:card.cancelled'));
  return lines.join('\n');
}

/** One line per stop, for lists. */
export function line(stop: Stop, lang: string): string {
  return `• ${shortWhen(stop, lang)} — ${stop.town} (${countryName(stop.country, lang) ?? stop.country}) · ${stop.id}`;
}

export function countsText(t: Translate, counts: RsvpCounts): string {
  return t('caravan:stats.counts', { going: counts.going, maybe: counts.maybe, notGoing: counts.notGoing, confirmed: counts.confirmed });
}
