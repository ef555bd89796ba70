import { cleanName, cleanText } from '../core/clean-text.ts';
import type { InboundEvent } from '../core/types.ts';

/**
 * The engine's input boundary: typed text and command arguments are cleaned (escapes, controls,
 * bidi overrides, invisible characters) before any flow sees, stores or replays them; a
 * display name becomes one clean line or is dropped.
 */
export function cleanEvent(event: InboundEvent): InboundEvent {
  const userName = event.userName === undefined ? undefined : cleanName(event.userName) || undefined;
  const base = { ...event, userName };
  if (userName === undefined) delete base.userName;
  // A time zone is stored and used for schedules: only one the runtime knows is kept.
  if (base.timeZone !== undefined && !knownZone(base.timeZone)) delete base.timeZone;
  switch (event.kind) {
    case 'text':
      return { ...base, kind: 'text', text: cleanText(event.text) } as InboundEvent;
    case 'command':
      return { ...base, kind: 'command', args: cleanText(event.args).trim() } as InboundEvent;
    default:
      return base;
  }
}

/**
 * Zone names already checked. Building an Intl.DateTimeFormat costs far more than an event's
 * other work, and a channel sends the person's zone with every event; the names in use are few,
 * and the bound keeps a flood of made-up ones from growing the map.
 */
const zones = new Map<string, boolean>();
const MAX_ZONES = 1_000;

function knownZone(tz: string): boolean {
  if (tz.length > 64) return false;
  const known = zones.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  if (zones.size >= MAX_ZONES) zones.delete(zones.keys().next().value!);
  zones.set(tz, valid);
  return valid;
}
