import type { Services } from '../../src/engine/index.ts';
import type { Job } from '../../src/engine/index.ts';
import { respondents } from './audience.ts';
import { center, quietHours, stamp } from './broadcasts.ts';
import { startOf } from './fields.ts';
import { getStop } from './stops.ts';
import type { Stop } from './types.ts';
import type { DateTime } from 'luxon';

export const REMIND_JOB = 'caravan.remind';

/** The day before at 11:00 and the day itself at 08:00, in the stop's zone. */
const MOMENTS = { eve: { days: 1, hour: 11 }, day: { days: 0, hour: 8 } } as const;

/**
 * The reminders of a stop still to come at `now`, soonest first: a moment that is past or not
 * before the stop has none. The home screen shows them from here, as they are scheduled.
 */
export function reminderMoments(stop: Pick<Stop, 'date' | 'time' | 'tz'>, now: Date): { which: string; at: DateTime }[] {
  const start = startOf(stop);
  return Object.entries(MOMENTS)
    .map(([which, m]) => ({ which, at: start.minus({ days: m.days }).set({ hour: m.hour, minute: 0, second: 0, millisecond: 0 }) }))
    .filter(({ at }) => at.toMillis() > now.getTime() && at < start)
    .sort((x, y) => x.at.toMillis() - y.at.toMillis());
}

/**
 * Schedules (or moves) the two reminders of a stop. A reminder whose moment is past or not
 * before the stop is not scheduled; the job of an older date stays but finds the stamp changed.
 */
export async function scheduleReminders(services: Services, stop: Stop): Promise<void> {
  const start = startOf(stop);
  for (const { which, at } of reminderMoments(stop, services.now())) {
    await services.schedule({
      id: `cv-${which}-${stop.id}`,
      kind: REMIND_JOB,
      at: at.toUTC().toISO()!,
      // Late (the bot was down) is still useful until the stop begins.
      graceMs: Math.min(start.toMillis() - at.toMillis(), 12 * 60 * 60 * 1000),
      payload: { stopId: stop.id, which, stamp: stamp(stop) },
    });
  }
}

/** Sends a reminder to those who answered going or maybe; its ledger makes it go once per person. */
export async function runReminder(services: Services, job: Job): Promise<void> {
  const { stopId, which, stamp: planned } = (job.payload ?? {}) as { stopId?: string; which?: string; stamp?: string };
  const stop = stopId ? await getStop(services.store, stopId) : undefined;
  if (!stop || stop.status !== 'scheduled' || stamp(stop) !== planned) return;
  const id = `cv-${which === 'eve' ? 'eve' : 'day'}-${stop.id}-${planned}`;
  const c = center(services);
  if (c.isActive(id)) return;
  const existing = await c.get(id);
  if (!existing) {
    const recipients = await respondents(services.store, stop.id, ['going', 'maybe']);
    // Another instance is making or sending this very reminder: it reaches them.
    if ((await c.create({ id, kind: 'caravan.remind', subject: stop.id, payload: { stopId: stop.id, which, stamp: planned }, recipients, quiet: quietHours(stop) })).outcome === 'busy') return;
  }
  c.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'reminder broadcast failed'));
}
