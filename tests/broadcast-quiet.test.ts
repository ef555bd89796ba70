import { describe, expect, it } from 'vitest';
import { isQuiet, nextAllowed, quietHours, quietUntil } from '../src/engine/index.ts';

const at = (iso: string) => new Date(iso);
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

/**
 * Nights around each summer-time change of 2026, in three zones (two northern, one southern):
 * the evening's 22:00 and the morning's 08:00 as UTC instants, worked out from the zone's offsets
 * before and after the change, and an instant inside the hour that is skipped or repeated.
 */
const nights = [
  { zone: 'Europe/Brussels', change: 'spring (02:00 → 03:00)', evening: '2026-03-28T21:00:00Z', morning: '2026-03-29T06:00:00Z', inside: '2026-03-29T01:30:00Z', length: 9 },
  { zone: 'Europe/Brussels', change: 'autumn (03:00 → 02:00)', evening: '2026-10-24T20:00:00Z', morning: '2026-10-25T07:00:00Z', inside: '2026-10-25T00:30:00Z', length: 11 },
  { zone: 'America/New_York', change: 'spring (02:00 → 03:00)', evening: '2026-03-08T03:00:00Z', morning: '2026-03-08T12:00:00Z', inside: '2026-03-08T07:30:00Z', length: 9 },
  { zone: 'America/New_York', change: 'autumn (02:00 → 01:00)', evening: '2026-11-01T02:00:00Z', morning: '2026-11-01T13:00:00Z', inside: '2026-11-01T05:30:00Z', length: 11 },
  { zone: 'Australia/Sydney', change: 'autumn (03:00 → 02:00)', evening: '2026-04-04T11:00:00Z', morning: '2026-04-04T22:00:00Z', inside: '2026-04-04T15:30:00Z', length: 11 },
  { zone: 'Australia/Sydney', change: 'spring (02:00 → 03:00)', evening: '2026-10-03T12:00:00Z', morning: '2026-10-03T21:00:00Z', inside: '2026-10-03T15:30:00Z', length: 9 },
];

describe('quiet hours (22:00–08:00 in the person’s zone) across summer-time changes', () => {
  for (const n of nights) {
    it(`${n.zone}, ${n.change}: quiet from 22:00 to 08:00 local, ${n.length} real hours that night`, () => {
      const evening = at(n.evening);
      const morning = at(n.morning);
      const justBefore = new Date(evening.getTime() - 60_000);
      expect(isQuiet(justBefore, n.zone)).toBe(false);
      expect(nextAllowed(justBefore, n.zone)).toEqual(justBefore);
      for (const t of [evening, at(n.inside), new Date(morning.getTime() - 60_000)]) {
        expect(isQuiet(t, n.zone)).toBe(true);
        expect(nextAllowed(t, n.zone)).toEqual(morning);
      }
      expect(isQuiet(morning, n.zone)).toBe(false);
      expect(nextAllowed(morning, n.zone)).toEqual(morning);
      expect(hours(evening, morning)).toBe(n.length);
    });
  }

  it('the repeated hour of an autumn night is quiet both times and ends at the same morning', () => {
    // 02:30 in Brussels happens at 00:30Z (summer time) and again at 01:30Z (winter time).
    for (const t of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) expect(nextAllowed(at(t), 'Europe/Brussels')).toEqual(at('2026-10-25T07:00:00Z'));
  });

  it('uses the fallback zone when the person’s zone is unknown or not a zone, and refuses to guess without one', () => {
    // 23:00 in Brussels is 17:00 in New York: quiet only when Brussels decides.
    const t = at('2026-06-10T21:00:00Z');
    expect(isQuiet(t, 'America/New_York', 'Europe/Brussels')).toBe(false);
    expect(isQuiet(t, undefined, 'Europe/Brussels')).toBe(true);
    expect(isQuiet(t, 'Mars/Olympus', 'Europe/Brussels')).toBe(true);
    expect(nextAllowed(t, undefined, 'Europe/Brussels')).toEqual(at('2026-06-11T06:00:00Z'));
    expect(() => isQuiet(t, undefined)).toThrow(RangeError);
    expect(() => nextAllowed(t, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('answers as the broadcast center’s quietUntil does with the same quiet hours', () => {
    const quiet = quietHours('Europe/Brussels');
    expect(quiet).toEqual({ from: 22, to: 8, tz: 'Europe/Brussels' });
    for (let h = 0; h < 48; h++) {
      const t = new Date(Date.parse('2026-03-28T12:00:00Z') + h * 30 * 60_000);
      expect(nextAllowed(t, 'America/New_York', 'Europe/Brussels')).toEqual(quietUntil(t, quiet, 'America/New_York') ?? t);
    }
  });
});
