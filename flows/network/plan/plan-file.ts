/**
 * A whole plan file (already parsed) → its entries, each checked, with every problem found:
 * unknown sections, bad entries, two entries with one id, two events with the same title, date
 * and time. Events without an id get one from their title and date (see FORMAT.md).
 */
import { textIn, type Activity, type Axis, type Phase, type PlanEvent, type WorkGroup } from '../types.ts';
import { activityEntry, axisEntry, eventEntry, groupEntry, phaseEntry, type Defaults, type EventDraft } from './entries.ts';
import { checkYear, checkZone, isGiven } from './fields.ts';
import type { Problems } from './problems.ts';

/** An event ready to store but for its version and time of change. */
export type EventEntry = Omit<PlanEvent, 'version' | 'updatedAt'>;

export interface PlanEntries {
  year?: number;
  phases: Phase[];
  axes: Axis[];
  groups: WorkGroup[];
  activities: Activity[];
  events: EventEntry[];
}

const SECTIONS = ['year', 'tz', 'phases', 'axes', 'groups', 'activities', 'events'] as const;

/** A short name for where an entry is: `events[3] (seminar)`. */
const where = (section: string, i: number, raw: unknown) => {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const name = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : typeof o.title === 'string' ? o.title : '';
  return `${section}[${i + 1}]${name ? ` (${name.slice(0, 40)})` : ''}`;
};

function section<T>(raw: Record<string, unknown>, name: string, p: Problems, check: (entry: unknown, p: Problems) => T | undefined): T[] {
  const list = raw[name];
  if (!isGiven(list)) return [];
  if (!Array.isArray(list)) return p.add('plan-admin:notList', { field: name }), [];
  return list.flatMap((entry, i) => {
    const value = check(entry, p.under(where(name, i, entry)));
    return value === undefined ? [] : [value];
  });
}

/** Two entries of one section with the same id: each later one is a problem. */
function uniqueIds(list: { id: string }[], name: string, p: Problems): void {
  const seen = new Set<string>();
  for (const entry of list) {
    if (seen.has(entry.id)) p.add('plan-admin:duplicateId', { id: entry.id }, name);
    seen.add(entry.id);
  }
}

/** "Séminaire sur les politiques publiques" → "seminaire-sur-les-politiques-publiques". */
export function slug(text: string): string {
  const s = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return s || 'event';
}

/** Title, date and time: two scheduled events alike in all three are one event written twice. */
export const sameness = (e: Pick<PlanEvent, 'title' | 'date' | 'time'>) => `${textIn(e.title, 'en').toLowerCase()}|${e.date}|${e.time ?? ''}`;

/**
 * Ids for events without one: `<title>-<yymmdd>`, with `-<hhmm>` when the same title comes twice
 * that day (each then gets the time, so an id never depends on the order of the file).
 */
function nameEvents(drafts: EventDraft[], taken: (id: string, draft: EventDraft) => boolean): EventEntry[] {
  const base = (d: EventDraft) => `${slug(textIn(d.title, 'en'))}-${d.date.slice(2).replace(/-/g, '')}`;
  const counts = new Map<string, number>();
  for (const d of drafts) if (!d.id) counts.set(base(d), (counts.get(base(d)) ?? 0) + 1);
  return drafts.map((d) => {
    if (d.id) return { ...d, id: d.id };
    const root = (counts.get(base(d)) ?? 0) > 1 && d.time ? `${base(d)}-${d.time.replace(':', '')}` : base(d);
    let id = root;
    for (let n = 2; taken(id, d); n++) id = `${root}-${n}`;
    return { ...d, id };
  });
}

/** What the store knows of event ids, for events the file gives none. */
export interface StoredIds {
  /** The id of the stored event this draft is (same calendar UID), if any. */
  idFor(d: EventDraft): string | undefined;
  /** True when `id` is a stored event that is not this draft (another calendar UID). */
  taken(id: string, d: EventDraft): boolean;
}

/**
 * Reads every section; `ids` names events the file gives no id (see StoredIds).
 */
export function readPlan(raw: unknown, defaults: Defaults, p: Problems, ids: StoredIds = { idFor: () => undefined, taken: () => false }): PlanEntries {
  const empty: PlanEntries = { phases: [], axes: [], groups: [], activities: [], events: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return p.add('plan-admin:notPlan'), empty;
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!(SECTIONS as readonly string[]).includes(key)) p.add('plan-admin:unknownSection', { section: key, sections: SECTIONS.join(', ') });
  const year = isGiven(o.year) ? checkYear(o.year, p) : defaults.year;
  const tz = isGiven(o.tz) ? (checkZone(o.tz, p) ?? defaults.tz) : defaults.tz;
  const d: Defaults = { tz, ...(year !== undefined ? { year } : {}) };
  const plan: PlanEntries = {
    ...(year !== undefined ? { year } : {}),
    phases: section(o, 'phases', p, (e, q) => phaseEntry(e, d, q)),
    axes: section(o, 'axes', p, axisEntry),
    groups: section(o, 'groups', p, groupEntry),
    activities: section(o, 'activities', p, activityEntry),
    events: [],
  };
  const drafts = section(o, 'events', p, (e, q) => eventEntry(e, d, q)).map((e) => (e.id ? e : { ...e, ...(ids.idFor(e) ? { id: ids.idFor(e) } : {}) }));
  const given = new Set(drafts.flatMap((e) => (e.id ? [e.id] : [])));
  plan.events = nameEvents(drafts, (id, draft) => given.has(id) || ids.taken(id, draft));
  for (const [name, list] of [['phases', plan.phases], ['axes', plan.axes], ['groups', plan.groups], ['activities', plan.activities], ['events', plan.events]] as const) uniqueIds(list, name, p);
  const alike = new Map<string, string>();
  for (const e of plan.events) {
    if (e.status === 'cancelled') continue;
    const other = alike.get(sameness(e));
    if (other) p.add('plan-admin:duplicateEvent', { id: e.id, other, date: e.date, time: e.time ?? '' }, 'events');
    alike.set(sameness(e), e.id);
  }
  return plan;
}
