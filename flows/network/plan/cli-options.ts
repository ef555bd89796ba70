/**
 * The options of `plan add <kind>` and `plan edit <kind> <id>`, one table per kind: each option
 * sets the plan file's field of the same meaning (FORMAT.md), so a command and a file say the
 * same things the same way.
 */
import type { Kind } from './changes.ts';

export interface OptionSpec {
  flags: string;
  /** The entry's field (FORMAT.md). */
  field: string;
  description: string;
  /** May be given several times (a text per language, an axis's parts, a phase's asks). */
  repeat?: boolean;
}

const TEXT = 'repeat for each language: "fr:texte"';

export const KIND_OPTIONS: Record<Kind, OptionSpec[]> = {
  event: [
    { flags: '--id <id>', field: 'id', description: 'short id, a-z 0-9 - (default: from the title and date)' },
    { flags: '--kind <kind>', field: 'kind', description: 'meeting, seminar, deadline or event (default event)' },
    { flags: '--title <text>', field: 'title', description: `title; ${TEXT}`, repeat: true },
    { flags: '--description <text>', field: 'description', description: `description; ${TEXT}`, repeat: true },
    { flags: '--date <date>', field: 'date', description: 'local date, YYYY-MM-DD' },
    { flags: '--time <time>', field: 'time', description: 'local start time, HH:mm (none: a whole-day entry)' },
    { flags: '--tz <zone>', field: 'tz', description: 'IANA time zone of the date and time (default TOGETHER_TZ)' },
    { flags: '--duration <minutes>', field: 'durationMin', description: 'length in minutes (default 120 for a timed event)' },
    { flags: '--place <text>', field: 'place', description: 'venue and address' },
    { flags: '--link <url>', field: 'link', description: 'video link (https://…)' },
    { flags: '--axis <axis>', field: 'axis', description: 'axis id' },
    { flags: '--activity <activity>', field: 'activity', description: 'activity id' },
    { flags: '--groups <ids>', field: 'groups', description: 'working group ids it concerns, comma-separated (none: everyone following its axis)' },
    { flags: '--status <status>', field: 'status', description: 'scheduled or cancelled' },
  ],
  activity: [
    { flags: '--id <id>', field: 'id', description: 'short id, a-z 0-9 -' },
    { flags: '--axis <axis>', field: 'axis', description: 'axis id' },
    { flags: '--title <text>', field: 'title', description: `title; ${TEXT}`, repeat: true },
    { flags: '--description <text>', field: 'description', description: `description; ${TEXT}`, repeat: true },
    { flags: '--owner <group>', field: 'owner', description: 'working group that owns it (its members get the check-ins)' },
    { flags: '--quarter <Q>', field: 'quarter', description: 'Q1, Q2, Q3 or Q4' },
    { flags: '--from <date>', field: 'from', description: 'first day, YYYY-MM-DD' },
    { flags: '--to <date>', field: 'to', description: 'last day, YYYY-MM-DD' },
    { flags: '--status <status>', field: 'status', description: 'planned, ongoing, done or dropped (default planned)' },
    { flags: '--checkin-months <n>', field: 'checkinMonths', description: 'check-ins every n months (default 1; 0: none)' },
  ],
  phase: [
    { flags: '--id <id>', field: 'id', description: 'short id, e.g. consolidation' },
    { flags: '--name <text>', field: 'name', description: `name; ${TEXT}`, repeat: true },
    { flags: '--quarter <Q>', field: 'quarter', description: 'Q1, Q2, Q3 or Q4' },
    { flags: '--year <year>', field: 'year', description: "the plan's year (default: the stored phases' latest, else this year)" },
    { flags: '--from <date>', field: 'from', description: "first day (default: the quarter's)" },
    { flags: '--to <date>', field: 'to', description: "last day (default: the quarter's)" },
    { flags: '--ask <group=text>', field: 'asks', description: 'what the phase asks of a working group (* for everyone); repeat; an empty text removes one', repeat: true },
  ],
  axis: [
    { flags: '--id <id>', field: 'id', description: 'short id, e.g. public-policies' },
    { flags: '--name <text>', field: 'name', description: `name; ${TEXT}`, repeat: true },
    { flags: '--part <text>', field: 'parts', description: 'one of its parts (resources centre, website…); repeat; replaces the list', repeat: true },
  ],
  group: [
    { flags: '--id <id>', field: 'id', description: 'short id, e.g. dynamisors' },
    { flags: '--name <text>', field: 'name', description: `name; ${TEXT}`, repeat: true },
    { flags: '--kind <kind>', field: 'kind', description: 'thematic, dynamisors, coordination or other (default other)' },
    { flags: '--territory <name>', field: 'territory', description: "a coordination group's territory, as SPIRAL groups name it" },
  ],
};

/** The option's attribute in commander's parsed options (`--checkin-months` → `checkinMonths`). */
export function attributeOf(spec: OptionSpec): string {
  const long = /--([a-z-]+)/.exec(spec.flags)?.[1] ?? spec.field;
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
