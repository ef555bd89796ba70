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

const option = (flags: string, field: string, description: string, repeat = false): OptionSpec => ({ flags, field, description, ...(repeat ? { repeat } : {}) });
const id = (hint: string) => option('--id <id>', 'id', `short id, ${hint}`);
/** A text written once for everyone or once per language (`--title "fr:…"`). */
const text = (field: 'title' | 'description' | 'name') => option(`--${field} <text>`, field, `${field}; ${TEXT}`, true);
const AXIS = option('--axis <axis>', 'axis', 'axis id');
const QUARTER = option('--quarter <Q>', 'quarter', 'Q1, Q2, Q3 or Q4');
/** First and last day; `note` says their format or default. */
const days = (note: string) => [option('--from <date>', 'from', `first day${note}`), option('--to <date>', 'to', `last day${note}`)];

export const KIND_OPTIONS: Record<Kind, OptionSpec[]> = {
  event: [
    id('a-z 0-9 - (default: from the title and date)'),
    option('--kind <kind>', 'kind', 'meeting, seminar, deadline or event (default event)'),
    text('title'),
    text('description'),
    option('--date <date>', 'date', 'local date, YYYY-MM-DD'),
    option('--time <time>', 'time', 'local start time, HH:mm (none: a whole-day entry)'),
    option('--tz <zone>', 'tz', 'IANA time zone of the date and time (default TOGETHER_TZ)'),
    option('--duration <minutes>', 'durationMin', 'length in minutes (default 120 for a timed event)'),
    option('--place <text>', 'place', 'venue and address'),
    option('--link <url>', 'link', 'video link (https://…)'),
    AXIS,
    option('--activity <activity>', 'activity', 'activity id'),
    option('--groups <ids>', 'groups', 'working group ids it concerns, comma-separated (none: everyone following its axis)'),
    option('--status <status>', 'status', 'scheduled or cancelled'),
  ],
  activity: [
    id('a-z 0-9 -'),
    AXIS,
    text('title'),
    text('description'),
    option('--owner <group>', 'owner', 'working group that owns it (its members get the check-ins)'),
    QUARTER,
    ...days(', YYYY-MM-DD'),
    option('--status <status>', 'status', 'planned, ongoing, done or dropped (default planned)'),
    option('--checkin-months <n>', 'checkinMonths', 'check-ins every n months (default 1; 0: none)'),
  ],
  phase: [
    id('e.g. consolidation'),
    text('name'),
    QUARTER,
    option('--year <year>', 'year', "the plan's year (default: the stored phases' latest, else this year)"),
    ...days(" (default: the quarter's)"),
    option('--ask <group=text>', 'asks', 'what the phase asks of a working group (* for everyone); repeat; an empty text removes one', true),
  ],
  axis: [id('e.g. public-policies'), text('name'), option('--part <text>', 'parts', 'one of its parts (resources centre, website…); repeat; replaces the list', true)],
  group: [
    id('e.g. dynamisors'),
    text('name'),
    option('--kind <kind>', 'kind', 'thematic, dynamisors, coordination or other (default other)'),
    option('--territory <name>', 'territory', "a coordination group's territory, as SPIRAL groups name it"),
  ],
};

/** The option's attribute in commander's parsed options (`--checkin-months` → `checkinMonths`). */
export function attributeOf(spec: OptionSpec): string {
  const long = /--([a-z-]+)/.exec(spec.flags)?.[1] ?? spec.field;
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
