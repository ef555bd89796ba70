/**
 * `together plan import <file>`: the whole file is read and checked against the stored plan
 * before anything is written; then every change goes through the journal (all or, after a
 * crash, finished at the next start). The same file imported again changes nothing.
 */
import { DateTime } from 'luxon';
import type { Services } from '../../../src/engine/index.ts';
import { planChanges, type ChangeSet } from './changes.ts';
import { checkIdList, checkId, checkYear, checkZone, isGiven } from './fields.ts';
import { formatOf, readPlanText, type FileFormat } from './read-file.ts';
import { readPlan } from './plan-file.ts';
import { Problems, refuseIfAny, type Problem } from './problems.ts';
import { snapshot, type Snapshot } from './snapshot.ts';
import { storedIds } from './stored-ids.ts';

export interface ImportArgs {
  /** The file's name as the manager gave it (its extension says the format). */
  name: string;
  text: string;
  skipPast?: boolean;
  /** .ics only: the zone for UTC, floating and whole-day times; the year whose end bounds recurring events; axis and groups for every event. */
  tz?: string;
  year?: number | string;
  axis?: string;
  groups?: string;
}

/** The file as messages name it: its base name (the folders are the manager's own). */
export const sourceOf = (name: unknown) => String(name ?? '').split(/[\\/]/).pop()!.slice(-120);

export interface Prepared {
  format: FileFormat;
  set: ChangeSet;
  warnings: Problem[];
}

/** The plan's year for a calendar: the one given, else the latest of the stored phases, else this year. */
function planYear(args: ImportArgs, snap: Snapshot, services: Services, p: Problems): number {
  if (isGiven(args.year)) return checkYear(args.year, p, '--year') ?? 0;
  const years = [...snap.phases.values()].map((ph) => ph.year);
  return years.length ? Math.max(...years) : DateTime.fromJSDate(services.now(), { zone: services.config.tz }).year;
}

export async function prepareImport(services: Services, args: ImportArgs): Promise<Prepared> {
  const p = new Problems();
  const warnings = new Problems();
  const name = sourceOf(args.name);
  const text = String(args.text ?? '');
  const snap = await snapshot(services.store);
  const tz = isGiven(args.tz) ? (checkZone(args.tz, p, '--tz') ?? services.config.tz) : services.config.tz;
  const format = formatOf(name, text);
  const ics = {
    now: services.now(),
    tz,
    tzGiven: isGiven(args.tz),
    until: `${planYear(args, snap, services, p)}-12-31`,
    ...(isGiven(args.axis) ? { axis: checkId(args.axis, p, '--axis') } : {}),
    ...(isGiven(args.groups) ? { groups: checkIdList(args.groups, p, '--groups') } : {}),
    warnings,
  };
  refuseIfAny(p, name);
  const raw = readPlanText(name, text, p, ics);
  refuseIfAny(p, name);
  const plan = readPlan(raw, { tz }, p, storedIds(snap));
  const set = planChanges(plan, snap, { now: services.now(), skipPast: args.skipPast === true }, p, warnings);
  refuseIfAny(p, name);
  return { format, set, warnings: warnings.list };
}
