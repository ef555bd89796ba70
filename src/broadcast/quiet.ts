import { DateTime } from 'luxon';
import type { QuietHours } from './types.ts';

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
  let end = local.set({ hour: quiet.to, minute: 0, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}
