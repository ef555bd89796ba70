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

function knownZone(tz: string): boolean {
  if (tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
