/**
 * Checked entries against the stored plan → what to write: each entry is new, changed or the
 * same (a re-import of the same file writes nothing). Refused here, with every problem at once:
 * a reference to an axis, group or activity that exists neither in the file nor in the store, an
 * event that is already stored under another id, and a new or moved event in the past (or left
 * out with a warning, when the manager asks so).
 */
import type { Activity, Axis, Phase, PlanEvent, WorkGroup } from '../types.ts';
import { isPast } from './entries.ts';
import { sameness, type EventEntry, type PlanEntries } from './plan-file.ts';
import type { Problems } from './problems.ts';
import { same } from './same.ts';
import type { Snapshot } from './snapshot.ts';

export interface Records {
  phase: Phase;
  axis: Axis;
  group: WorkGroup;
  activity: Activity;
  event: PlanEvent;
}
export type Kind = keyof Records;

/** One record written: `before` absent for a new one, `after` absent for a removed one. */
export type Change = { [K in Kind]: { kind: K; id: string; before?: Records[K]; after?: Records[K] } }[Kind];

export interface ChangeSet {
  changes: Change[];
  /** Entries identical to what is stored. */
  unchanged: number;
}

const TIMING = ['date', 'time', 'tz'] as const;

export interface ChangeOptions {
  now: Date;
  /** Leave out new or moved events in the past (a warning each) instead of refusing the file. */
  skipPast?: boolean;
}

function checkReferences(plan: PlanEntries, snap: Snapshot, p: Problems): void {
  const ids = <R extends { id: string }>(file: R[], stored: Map<string, R>) => new Set([...file.map((r) => r.id), ...stored.keys()]);
  const axes = ids(plan.axes, snap.axes);
  const groups = ids(plan.groups, snap.groups);
  const activities = ids(plan.activities, snap.activities);
  const need = (set: Set<string>, id: string | undefined, key: string, at: string) => {
    if (id !== undefined && !set.has(id)) p.add(key, { id }, at);
  };
  for (const ph of plan.phases) for (const g of Object.keys(ph.asks ?? {})) if (g !== '*') need(groups, g, 'plan-admin:unknownGroup', `phases (${ph.id})`);
  for (const a of plan.activities) {
    need(axes, a.axis, 'plan-admin:unknownAxis', `activities (${a.id})`);
    need(groups, a.owner, 'plan-admin:unknownGroup', `activities (${a.id})`);
  }
  for (const e of plan.events) {
    need(axes, e.axis, 'plan-admin:unknownAxis', `events (${e.id})`);
    need(activities, e.activity, 'plan-admin:unknownActivity', `events (${e.id})`);
    for (const g of e.groups ?? []) need(groups, g, 'plan-admin:unknownGroup', `events (${e.id})`);
  }
}

/** The event as it would be stored: a new version when anything changed, the calendar UID kept. */
function eventChange(e: EventEntry, stored: PlanEvent | undefined, now: Date): { after: PlanEvent; changed: boolean } {
  const entry: EventEntry = { ...e, ...(e.uid ?? stored?.uid ? { uid: e.uid ?? stored?.uid } : {}) };
  if (stored) {
    const { version: _v, updatedAt: _u, ...rest } = stored;
    if (same(rest, entry)) return { after: stored, changed: false };
  }
  return { after: { ...entry, version: (stored?.version ?? 0) + 1, updatedAt: now.toISOString() }, changed: true };
}

export function planChanges(plan: PlanEntries, snap: Snapshot, options: ChangeOptions, p: Problems, warnings: Problems): ChangeSet {
  checkReferences(plan, snap, p);
  const out: ChangeSet = { changes: [], unchanged: 0 };
  const simple = <K extends Exclude<Kind, 'event'>>(kind: K, list: Records[K][], stored: Map<string, Records[K]>) => {
    for (const r of list) {
      const before = stored.get(r.id);
      if (before && same(before, r)) out.unchanged++;
      else out.changes.push({ kind, id: r.id, ...(before ? { before } : {}), after: r } as Change);
    }
  };
  simple('axis', plan.axes, snap.axes);
  simple('group', plan.groups, snap.groups);
  simple('phase', plan.phases, snap.phases);
  simple('activity', plan.activities, snap.activities);

  const inFile = new Set(plan.events.map((e) => e.id));
  const storedAlike = new Map<string, string>();
  for (const s of snap.events.values()) if (s.status === 'scheduled' && !inFile.has(s.id)) storedAlike.set(sameness(s), s.id);
  for (const e of plan.events) {
    const before = snap.events.get(e.id);
    const { after, changed } = eventChange(e, before, options.now);
    if (!changed) {
      out.unchanged++;
      continue;
    }
    const other = e.status === 'scheduled' ? storedAlike.get(sameness(e)) : undefined;
    if (other) p.add('plan-admin:duplicateStored', { id: e.id, other, date: e.date, time: e.time ?? '' }, `events (${e.id})`);
    const moved = !before || TIMING.some((k) => before[k] !== after[k]);
    if (moved && isPast(after, options.now)) {
      const when = `${after.date}${after.time ? ` ${after.time}` : ''} (${after.tz})`;
      if (options.skipPast) warnings.add('plan-admin:pastSkipped', { when }, `events (${e.id})`);
      else p.add('plan-admin:past', { when }, `events (${e.id})`);
      continue;
    }
    out.changes.push({ kind: 'event', id: e.id, ...(before ? { before } : {}), after });
  }
  return out;
}
