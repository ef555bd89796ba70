/**
 * The reminders' own collections:
 * - `plan-attendance`: one record per (event, person): "I'll be there / can't come", and the
 *   version of the event they were last reminded of (who gets a change notice);
 * - `plan-refs`: a short reference per event, so a button fits Telegram's 64-byte token;
 * - `plan-reminder-zones`: the zones members live in; each has its jobs per (event, moment).
 */
import { createHash } from 'node:crypto';
import type { Collection, Store } from '../../../src/engine/index.ts';

export type Answer = 'yes' | 'no';

export interface Attendance {
  /** `<event ref>:<person key>`. */
  id: string;
  event: string;
  key: string;
  answer?: Answer;
  answeredAt?: string;
  /** The event's version when a reminder last went to them. */
  reminded?: number;
  remindedAt?: string;
  /**
   * The reminders they had, as `<moment>@<event start>`: a member who changes zone is not
   * reminded twice of the same moment (a moved event's new moments are new).
   */
  got?: string[];
  /**
   * The zone of the broadcast that noted each of `got`: that broadcast writing the reminder again
   * (another instance took it over before it went out, or a restart) still sends it.
   */
  gotIn?: Record<string, string>;
}

export interface EventRef {
  /** The short reference. */
  id: string;
  event: string;
}

export interface ReminderZone {
  /** The IANA zone. */
  id: string;
  /** `planning` until every upcoming event has its jobs in this zone (a crash between is planned again at the start). */
  state: 'planning' | 'ready';
}

export interface ReminderRecords {
  attendance: Collection<Attendance>;
  refs: Collection<EventRef>;
  zones: Collection<ReminderZone>;
}

export function reminderRecords(store: Store): ReminderRecords {
  return {
    attendance: store.collection<Attendance>('plan-attendance', { indexes: ['event', 'key', 'answer', 'reminded'] }),
    refs: store.collection<EventRef>('plan-refs', { indexes: ['event'] }),
    zones: store.collection<ReminderZone>('plan-reminder-zones', { indexes: ['state'] }),
  };
}

/** A short stable hash ([0-9a-z]), for ids built from free text (event ids, zones). */
export function shortHash(text: string, length = 10): string {
  return BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 16)}`).toString(36).padStart(length, '0').slice(0, length);
}

/** The event's short reference (stored, so a button can name it). */
export async function refOf(store: Store, eventId: string): Promise<string> {
  const ref = shortHash(eventId);
  await reminderRecords(store).refs.update(ref, (cur) => cur ?? { id: ref, event: eventId });
  return ref;
}

/** The event a reference names, if any. */
export async function eventOfRef(store: Store, ref: string): Promise<string | undefined> {
  return (await reminderRecords(store).refs.get(ref))?.event;
}

export const attendanceId = (ref: string, key: string) => `${ref}:${key}`;
