/**
 * The network's action plan and who follows it (issue #13). Plain data, stored as records
 * (records.ts). Names in a plan file are written by managers: a plain string, or one text per
 * language (`{ en: "…", fr: "…" }`), read through `textIn`.
 */

/** A text a manager wrote: one for everyone, or one per language code. */
export type LocalText = string | Readonly<Record<string, string>>;

/** The text in `lang`, else English, else the first one given. */
export function textIn(text: LocalText | undefined, lang: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

export type Quarter = 'Q1' | 'Q2' | 'Q3' | 'Q4';

/** One of the year's four quarterly phases (consolidation, skills extension, proposals, dialogue). */
export interface Phase {
  /** Short slug, e.g. `consolidation`. */
  id: string;
  name: LocalText;
  quarter: Quarter;
  /** The year the plan is for (the quarter's dates follow from it). */
  year: number;
  /** First and last day, `YYYY-MM-DD` (default: the quarter's). */
  from: string;
  to: string;
  /** What the phase asks of the groups, per group id or `*` for everyone. */
  asks?: Readonly<Record<string, LocalText>>;
}

/** An axis of the plan (basic functions, exchanges, public policies, promotion, partnerships). */
export interface Axis {
  id: string;
  name: LocalText;
  /** Its parts, e.g. resources centre, website, methodology… */
  parts?: LocalText[];
}

export type ActivityStatus = 'planned' | 'ongoing' | 'done' | 'dropped';

/** Something the plan asks to be done, by an owner group, in a quarter or between dates. */
export interface Activity {
  id: string;
  axis: string;
  title: LocalText;
  description?: LocalText;
  /** The working group that owns it (a `WorkGroup` id): its members get the check-ins. */
  owner?: string;
  quarter?: Quarter;
  from?: string;
  to?: string;
  status: ActivityStatus;
  /** Check-ins for it every this many months (default 1; 0 turns them off). */
  checkinMonths?: number;
}

export type EventKind = 'meeting' | 'seminar' | 'deadline' | 'event';

/** A dated entry of the calendar: a meeting, a seminar, a deadline. */
export interface PlanEvent {
  id: string;
  kind: EventKind;
  title: LocalText;
  description?: LocalText;
  /** `YYYY-MM-DD` in `tz`. */
  date: string;
  /** `HH:mm` in `tz`; absent for a whole-day entry (deadlines). */
  time?: string;
  /** IANA zone the date and time are in. */
  tz: string;
  /** Minutes; calendars need an end (default 120 for timed events). */
  durationMin?: number;
  place?: string;
  /** Video link (http/https only). */
  link?: string;
  axis?: string;
  activity?: string;
  /** Working groups it concerns; empty or absent: everyone who follows its axis or everything. */
  groups?: string[];
  status: 'scheduled' | 'cancelled';
  /** Grows on every change: reminders planned for an older version are not sent. */
  version: number;
  /** Start as epoch ms (from date, time, tz; 00:00 for whole-day entries): the `start` index. */
  start: number;
  /** Where it came from when imported from an .ics (its UID), so a re-import updates it. */
  uid?: string;
  updatedAt: string;
}

export type GroupKind = 'thematic' | 'dynamisors' | 'coordination' | 'other';

/** A working group of the network: a thematic network, the dynamisors, a territory's coordination group. */
export interface WorkGroup {
  id: string;
  name: LocalText;
  kind: GroupKind;
  /** For a territory's coordination group: the territory, as SPIRAL groups name it. */
  territory?: string;
}

/** What a member follows. */
export interface Follows {
  all: boolean;
  axes: string[];
  groups: string[];
}

/** A person who joined the network's reminders with /plan. Keyed by person key (never a platform id). */
export interface Member {
  /** The person's file key. */
  id: string;
  pseudonym: string;
  /** Their channel: broadcasts send each channel's recipients in their own lane. */
  channel: string;
  /** Effective IANA zone: `/plan tz`, else the platform's, else TOGETHER_TZ (the `tz` index: one job per zone). */
  tz: string;
  /** True when the zone was set with `/plan tz` (a platform's zone then does not replace it). */
  tzChosen?: boolean;
  follows: Follows;
  /** Reminders off until this ISO time (or for good when `off`). */
  pausedUntil?: string;
  off?: boolean;
  /** Weekly digest wanted (default true). */
  digest?: boolean;
  joinedAt: string;
}

/** One person in one working group: chosen by them in /plan, or added by a manager from the CLI. */
export interface Membership {
  /** `<group id>:<person key>`. */
  id: string;
  group: string;
  key: string;
  by: 'self' | 'manager';
  at: string;
}
