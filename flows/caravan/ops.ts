/**
 * What a manager can do to stops, the same from a chat and from the command line: add, edit,
 * cancel, announce. Each refuses with a UserError the caller translates.
 */
import type { BroadcastReport, Counts } from '../../src/engine/index.ts';
import type { Services } from '../../src/engine/index.ts';
import type { Job } from '../../src/engine/index.ts';
import { DateTime } from 'luxon';
import { respondents, subscribersOf } from './audience.ts';
import { placeRecipients } from './places.ts';
import { center, quietHours } from './broadcasts.ts';
import { UserError } from '../../src/engine/index.ts';
import { checkChanges, checkDate, checkFields, checkFuture, checkTime, startOf } from './fields.ts';
import { scheduleReminders } from './reminders.ts';
import { addStop, cancelStop, editStop, getStop, isPast } from './stops.ts';
import { planOf, recordPlan, reportAddress } from './requesters.ts';
import { requireSpiralGroup } from './spiral-groups.ts';
import { cleanName } from '../../src/core/clean-text.ts';
import type { Stop } from './types.ts';

export const announceId = (stopId: string) => `cv-ann-${stopId}`;

export async function findStop(services: Services, id: string): Promise<Stop> {
  const stop = id ? await getStop(services.store, id) : undefined;
  if (!stop) throw new UserError('caravan:stop.unknown', { id: cleanName(id).slice(0, 40) });
  return stop;
}

/** Adds a stop (`raw.force`: even when the same town, date and venue is already scheduled). */
export async function createStop(services: Services, raw: Record<string, unknown>): Promise<Stop> {
  const fields = checkFields(raw, services.now(), services.i18n.languages);
  if (fields.spiralGroup) await requireSpiralGroup(services.store, fields.spiralGroup);
  const stop = await addStop(services.store, fields, services.now(), { force: raw.force === true });
  await scheduleReminders(services, stop);
  return stop;
}

const TIMING = ['date', 'time', 'tz'];

/** Applies an edit; everyone who answered the stop is told about it. */
export async function updateStop(services: Services, id: string, raw: Record<string, unknown>): Promise<{ stop: Stop; changed: string[]; notified: number }> {
  const stop = await findStop(services, id);
  if (stop.status === 'cancelled') throw new UserError('caravan:edit.cancelled', { town: stop.town });
  const changes = checkChanges(raw, services.i18n.languages);
  if (changes.spiralGroup) await requireSpiralGroup(services.store, changes.spiralGroup);
  const moved = TIMING.some((k) => k in changes && changes[k as 'date'] !== stop[k as 'date']);
  if (moved) checkFuture({ ...stop, ...changes }, services.now());
  const { stop: updated, changed } = await editStop(services.store, stop.id, changes, services.now(), { force: raw.force === true });
  if (changed.length === 0) return { stop: updated, changed, notified: 0 };
  if (changed.some((k) => TIMING.includes(k))) await scheduleReminders(services, updated);
  const notified = await tellRespondents(services, updated, 'caravan.change', `cv-chg-${updated.id}-${updated.version}`);
  return { stop: updated, changed, notified };
}

export async function cancelStopNow(services: Services, id: string): Promise<{ stop: Stop; notified: number }> {
  const found = await findStop(services, id);
  // "Already cancelled" is decided inside the stops document's update: of concurrent cancels, one wins.
  const stop = await cancelStop(services.store, found.id, services.now());
  const notified = await tellRespondents(services, stop, 'caravan.cancel', `cv-cxl-${stop.id}`);
  return { stop, notified };
}

/** A notice to everyone who answered; it goes out now, or when the bot starts if it is not running. */
async function tellRespondents(services: Services, stop: Stop, kind: string, id: string): Promise<number> {
  const recipients = await respondents(services.store, stop.id);
  if (recipients.length === 0) return 0;
  const c = center(services);
  // 'busy': the same notice is being made or sent by another instance right now, and reaches them from there.
  if ((await c.create({ id, kind, subject: stop.id, payload: { stopId: stop.id, version: stop.version }, recipients, quiet: quietHours(stop) })).outcome === 'busy') return recipients.length;
  c.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'notice broadcast failed'));
  return recipients.length;
}

/** Per core: the announcements this process is creating (null) or sending (their `done`). */
const announcing = new WeakMap<Services, Map<string, Promise<unknown> | null>>();

export interface Announcement {
  stop: Stop;
  id: string;
  /** People added by this announcement (new subscribers, earlier failures, people skipped then). */
  added: number;
  /** Places (shared chats) it goes to now. */
  places: number;
  total: number;
  /** Resolves with the final report. */
  done: Promise<BroadcastReport>;
}

/**
 * Announces a stop to every subscriber whose region covers it, on every channel. A stop
 * announced before goes only to those who have not had it yet; an announcement still being
 * sent is not started twice.
 */
/** `reportTo` is the user-document key of the manager who gets the report (never a platform id). */
export async function announce(services: Services, stopId: string, options: { reportTo?: string; onProgress?: (c: Counts) => void } = {}): Promise<Announcement> {
  const stop = await findStop(services, stopId);
  if (stop.status === 'cancelled') throw new UserError('caravan:announce.cancelled', { town: stop.town });
  if (isPast(stop, services.now())) throw new UserError('caravan:announce.past', { town: stop.town });
  const id = announceId(stop.id);
  const c = center(services);
  let busy = announcing.get(services);
  if (!busy) announcing.set(services, (busy = new Map()));
  // Every recipient has been handled and only the manager's report is still on its way: the
  // announcement is complete. Once that report is out, this one goes on as after any completed one.
  const inFlight = busy.get(id);
  if ((await c.get(id))?.status === 'done' && inFlight !== null) await (inFlight ?? (c.isActive(id) ? c.run(id) : undefined))?.catch(() => {});
  const meta = await c.get(id);
  if (busy.has(id) || c.isActive(id) || meta?.status === 'running' || meta?.status === 'held') {
    const counts = (await c.report(id))?.counts;
    throw new UserError('caravan:announce.busy', { town: stop.town, sent: counts?.sent ?? 0, total: counts?.total ?? 0 });
  }
  busy.set(id, null);
  try {
    // The places (shared chats) too, each once: a place added since the last announcement gets it now.
    const recipients = [...(await subscribersOf(services.store, stop)), ...(await placeRecipients(services.store))];
    const created = await c.create({ id, kind: 'caravan.announce', subject: stop.id, payload: { stopId: stop.id, ...(options.reportTo ? { reportTo: options.reportTo } : {}) }, recipients, quiet: quietHours(stop), reopen: ['failed', 'skipped', 'blocked'] });
    if (created.outcome === 'busy') throw new UserError('caravan:announce.busy', { town: stop.town, sent: 0, total: 0 });
    // Nobody new: nothing to send, and no second report for the manager.
    const nothing = (created.meta.counts?.pending ?? 0) + (created.meta.places?.pending ?? 0) === 0;
    const done = (nothing ? c.report(id).then((r) => r!) : c.run(id, options.onProgress)).finally(() => busy.delete(id));
    done.catch(() => {});
    busy.set(id, done);
    const places = created.meta.places?.pending ?? 0;
    return { stop, id, added: created.added + created.reopened - places, places, total: created.meta.counts?.total ?? 0, done };
  } catch (e) {
    busy.delete(id);
    throw e;
  }
}

export const ANNOUNCE_JOB = 'caravan.announce';

/**
 * Plans an announcement at a local time of the stop's zone ("2026-05-01 10:00"): after now and
 * before the stop. Planning again replaces the earlier plan. The manager to report to (a
 * user-document key) is kept in the caravan's own document, not in the job, so /forget can
 * erase it.
 */
export async function planAnnouncement(services: Services, stop: Stop, text: string, reportTo?: string): Promise<DateTime> {
  if (stop.status === 'cancelled') throw new UserError('caravan:announce.cancelled', { town: stop.town });
  const [d = '', t = ''] = text.trim().split(/\s+|T/);
  const at = DateTime.fromISO(`${checkDate(d)}T${checkTime(t)}`, { zone: stop.tz });
  if (!at.isValid || at.toMillis() <= services.now().getTime()) throw new UserError('caravan:invalid.past', { when: cleanName(text).slice(0, 40) });
  if (at >= startOf(stop)) throw new UserError('caravan:announce.afterStop', { town: stop.town });
  await recordPlan(services.store, stop.id, reportTo, at.toUTC().toISO()!);
  await services.schedule({
    id: `cv-annat-${stop.id}`,
    kind: ANNOUNCE_JOB,
    at: at.toUTC().toISO()!,
    graceMs: 6 * 60 * 60 * 1000,
    payload: { stopId: stop.id },
  });
  return at;
}

/** The planned announcement's time has come; a refusal (stop cancelled meanwhile) is told to the manager. */
export async function runPlannedAnnouncement(services: Services, job: Job): Promise<void> {
  const payload = (job.payload ?? {}) as { stopId?: string; reportTo?: string };
  const stopId = payload.stopId ?? '';
  // Jobs planned before the requester moved to the caravan's document still carry `reportTo`.
  const reportTo = (await planOf(services.store, stopId))?.by ?? payload.reportTo;
  try {
    await announce(services, stopId, { reportTo });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    services.log.warn({ stop: stopId, reason: e.key }, 'planned announcement refused');
    const to = reportTo ? await reportAddress(services, reportTo) : undefined;
    if (!to) return;
    await services.notify(to.address, [{ kind: 'text', text: services.i18n.translator(to.lang)(e.key, e.params) }]);
  }
}
