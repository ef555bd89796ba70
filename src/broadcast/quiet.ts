import { DateTime } from 'luxon';
import type { QuietHours } from './types.ts';

/** When nothing the bot sends on its own goes out, in local hours of the person's zone (from 22:00 to 08:00). */
export const QUIET_FROM_HOUR = 22;
export const QUIET_TO_HOUR = 8;

/**
 * The bot's quiet hours, for a broadcast (`BroadcastSpec.quiet`) or the helpers below: every
 * message it sends on its own (reminders, check-ins, digests, notices) keeps them. `tz` is the
 * zone used when a recipient's own zone is unknown.
 */
export function quietHours(tz: string): QuietHours {
  return { from: QUIET_FROM_HOUR, to: QUIET_TO_HOUR, tz };
}

/**
 * The end of the quiet hours `now` falls in, in zone `tz` (or the quiet hours' own zone when
 * `tz` is unknown or invalid); null when sending is allowed now.
 */
export function quietUntil(now: Date, quiet: QuietHours, tz?: string): Date | null {
  let local = DateTime.fromJSDate(now, { zone: tz || quiet.tz });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: quiet.tz });
  const hour = local.hour + local.minute / 60;
  const wraps = quiet.from > quiet.to;
  const inside = wraps ? hour >= quiet.from || hour < quiet.to : hour >= quiet.from && hour < quiet.to;
  if (!inside) return null;
  // Set in local time (luxon keeps the wall clock across a summer-time change): 08:00 the same or the next day.
  let end = local.set({ hour: quiet.to, minute: 0, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}

/** `zone` when it is a zone luxon knows, else `fallback`; a call with neither is a mistake (it would silently never be quiet). */
function zoneFor(zone: string | undefined, fallback: string | undefined): string {
  for (const z of [zone, fallback]) if (z && DateTime.now().setZone(z).isValid) return z;
  throw new RangeError(`No valid time zone for quiet hours (${zone ?? '-'}, ${fallback ?? '-'})`);
}

/** Whether `at` falls in the bot's quiet hours in `zone` (`fallback` when `zone` is unknown or not a valid zone). */
export function isQuiet(at: Date, zone: string | undefined, fallback?: string): boolean {
  const z = zoneFor(zone, fallback);
  return quietUntil(at, quietHours(z), z) !== null;
}

/** The first instant at or after `at` outside the bot's quiet hours in `zone` (`fallback` when `zone` is unknown or not a valid zone). */
export function nextAllowed(at: Date, zone: string | undefined, fallback?: string): Date {
  const z = zoneFor(zone, fallback);
  return quietUntil(at, quietHours(z), z) ?? at;
}
