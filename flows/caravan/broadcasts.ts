import { DateTime } from 'luxon';
import { broadcastCenter, quietHours as botQuietHours, type BroadcastCenter, type BroadcastKind, type BroadcastMeta, type BroadcastReport, type QuietHours } from '../../src/engine/index.ts';
import type { Services } from '../../src/engine/index.ts';
import { reportAddress } from './requesters.ts';
import { followsStop } from './audience.ts';
import { startOf } from './fields.ts';
import { card, peekCaravan, when } from './format.ts';
import { getStop, isPast } from './stops.ts';
import type { Stop } from './types.ts';
import { announcementRows, reminderRows, rsvpRow, calendarRow } from './ui.ts';
import { announcementPlaces } from './place-letter.ts';

/** Job kind that resumes broadcasts held by quiet hours. */
export const WAKE_JOB = 'caravan.wake';

/**
 * The bot's quiet hours in the recipient's zone: theirs when their channel told it, else
 * the stop's — those who follow a stop mostly live near it, and the bot's own zone says nothing
 * about where a stop's followers are.
 */
export const quietHours = (stop: Stop): QuietHours => botQuietHours(stop.tz);

/** The moment of a stop as a stamp: reminders of a stop that moved are not sent for the old time. */
export const stamp = (stop: Stop) => startOf(stop).toUTC().toFormat('yyMMddHHmm');

async function liveStop(services: Services, payload: Record<string, unknown>): Promise<Stop | undefined> {
  const stop = await getStop(services.store, String(payload.stopId));
  return stop && stop.status === 'scheduled' && !isPast(stop, services.now()) ? stop : undefined;
}

/** Reports the outcome to the manager who asked for the broadcast (a user key), in their private chat and language. */
async function report(services: Services, meta: BroadcastMeta, r: BroadcastReport): Promise<void> {
  const ref = meta.payload.reportTo;
  if (typeof ref !== 'string' || !ref) return;
  const to = await reportAddress(services, ref);
  if (!to) return;
  const t = services.i18n.translator(to.lang);
  const stop = await getStop(services.store, String(meta.payload.stopId));
  const c = r.counts;
  const pending = c.pending + (r.places?.pending ?? 0);
  const text = r.status === 'held'
    ? t('caravan:announce.heldReport', { town: stop?.town ?? '?', pending, until: stop && r.wakeAt ? DateTime.fromISO(r.wakeAt, { zone: stop.tz }).toFormat('yyyy-MM-dd HH:mm') : r.wakeAt ?? '' })
    : t('caravan:announce.report', { town: stop?.town ?? '?', sent: c.sent, failed: c.failed, blocked: c.blocked, skipped: c.skipped, unknown: c.unknown, total: c.total });
  // The places (shared chats) are counted apart: a channel is not a person reached.
  const p = r.places;
  const places = p && r.status !== 'held' ? `\n${t('caravan:announce.placesReport', { sent: p.sent, failed: p.failed, dropped: p.blocked, skipped: p.skipped, unknown: p.unknown, total: p.total })}` : '';
  await services.notify(to.address, [{ kind: 'text', text: `${text}${places}` }]);
}

const kinds: Record<string, BroadcastKind> = {
  'caravan.announce': {
    async render(letter, payload) {
      const stop = await liveStop(letter.services, payload);
      const data = peekCaravan(letter.user);
      if (!stop || !followsStop(data, stop)) return false;
      if (data?.snoozeUntil && Date.parse(data.snoozeUntil) > letter.now.getTime()) return false;
      letter.sayRows(`${letter.t('caravan:announce.intro')}\n\n${card(letter.t, stop, letter.lang, letter.user.tz)}`, announcementRows(letter.t, stop));
      return true;
    },
    places: announcementPlaces,
    onFinished: report,
  },
  'caravan.remind': {
    async render(letter, payload) {
      const stop = await liveStop(letter.services, payload);
      const data = peekCaravan(letter.user);
      const rsvp = stop && data?.rsvp[stop.id];
      if (!stop || !data?.sub || stamp(stop) !== payload.stamp || !rsvp || rsvp.answer === 'no') return false;
      // An eve reminder held past midnight (quiet hours, downtime) would say "tomorrow" on the day: the day's reminder covers it.
      if (payload.which === 'eve' && DateTime.fromJSDate(letter.now, { zone: stop.tz }).toISODate() === stop.date) return false;
      const key = payload.which === 'eve' ? 'caravan:remind.eve' : 'caravan:remind.day';
      letter.sayRows(`${letter.t(key, { town: stop.town, when: when(stop, letter.lang) })}\n\n${card(letter.t, stop, letter.lang, letter.user.tz)}`, reminderRows(letter.t, stop));
      return true;
    },
  },
  'caravan.change': {
    async render(letter, payload) {
      const stop = await liveStop(letter.services, payload);
      const data = peekCaravan(letter.user);
      if (!stop || !data?.sub || !data.rsvp[stop.id] || stop.version !== payload.version) return false;
      letter.sayRows(`${letter.t('caravan:change.notice')}\n\n${card(letter.t, stop, letter.lang, letter.user.tz)}`, [rsvpRow(letter.t, stop), calendarRow(letter.t, stop)]);
      return true;
    },
  },
  'caravan.cancel': {
    async render(letter, payload) {
      const stop = await getStop(letter.services.store, String(payload.stopId));
      const data = peekCaravan(letter.user);
      if (!stop || stop.status !== 'cancelled' || !data?.sub || !data.rsvp[stop.id]) return false;
      letter.say(letter.t('caravan:cancel.notice', { town: stop.town, when: when(stop, letter.lang) }));
      return true;
    },
  },
};

/** The broadcast center of this core, with the caravan's kinds of message. */
export function center(services: Services): BroadcastCenter {
  return broadcastCenter(services, { kinds, wakeJob: WAKE_JOB });
}
