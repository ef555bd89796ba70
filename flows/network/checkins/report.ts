/**
 * `together plan report`: the quarter's rounds, per axis and activity, with every member asked —
 * their answers, a skip, or nothing yet. People are named for the manager who runs it (the
 * contact name their platform gave, else `channel:userId`): the CLI is a manager's tool on the
 * server. With `pseudonyms` they are shown by pseudonym instead, for a report to pass on.
 */
import { every, toCsv, type ReadServices } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { textIn } from '../types.ts';
import { checkinRecords, responded, type CheckinAnswer, type Round } from './records.ts';

export interface ReportOptions {
  quarter: string;
  year: number;
  lang: string;
  pseudonyms?: boolean;
}

export type EntryStatus = 'answered' | 'skipped' | 'waiting';

export interface Entry {
  who: string;
  status: EntryStatus;
  answer: CheckinAnswer;
}

export interface RoundPart {
  round: Round;
  entries: Entry[];
}

export interface ActivityPart {
  id: string;
  title: string;
  group: string;
  rounds: RoundPart[];
}

export interface AxisPart {
  id: string;
  name: string;
  activities: ActivityPart[];
}

export const statusOf = (a: CheckinAnswer): EntryStatus => (responded(a) ? 'answered' : a.status === 'skipped' ? 'skipped' : 'waiting');

/** How a person appears in the report. */
async function namer(services: ReadServices, pseudonyms: boolean): Promise<(key: string) => Promise<string>> {
  const seen = new Map<string, string>();
  return async (key) => {
    let name = seen.get(key);
    if (name === undefined) {
      const doc = await services.store.loadUser(key).catch(() => null);
      name = !doc ? '?' : pseudonyms ? doc.pseudonym : doc.contact.name?.trim() || `${doc.contact.channel}:${doc.contact.userId}`;
      seen.set(key, name);
    }
    return name;
  };
}

/** The quarter's rounds by axis and activity, months in order, people by name within a round. */
export async function gather(services: ReadServices, o: ReportOptions): Promise<AxisPart[]> {
  const r = checkinRecords(services.store);
  const n = networkRecords(services.store);
  const rounds = (await every(r.rounds, { where: { quarter: `${o.year}-${o.quarter}` } })).sort((a, b) => a.period.localeCompare(b.period));
  const name = await namer(services, o.pseudonyms === true);
  const axes = new Map<string, AxisPart>();
  const activities = new Map<string, ActivityPart>();
  for (const round of rounds) {
    let axis = axes.get(round.axis);
    if (!axis) axes.set(round.axis, (axis = { id: round.axis, name: textIn((await n.axes.get(round.axis))?.name, o.lang) || round.axis, activities: [] }));
    let activity = activities.get(round.activity);
    if (!activity) {
      const a = await n.activities.get(round.activity);
      const g = await n.groups.get(round.group);
      activities.set(round.activity, (activity = { id: round.activity, title: textIn(a?.title, o.lang) || round.activity, group: textIn(g?.name, o.lang) || round.group, rounds: [] }));
      axis.activities.push(activity);
    }
    const entries: Entry[] = [];
    for (const a of await every(r.answers, { where: { round: round.id } })) entries.push({ who: await name(a.key), status: statusOf(a), answer: a });
    entries.sort((x, y) => x.who.localeCompare(y.who, o.lang));
    activity.rounds.push({ round, entries });
  }
  return [...axes.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export const CSV_COLUMNS = ['quarter', 'axis', 'activity', 'activity_title', 'group', 'period', 'person', 'status', 'progress', 'blocked', 'skipped', 'answered_at'] as const;

/** One row per member asked per round (csv-stringify through the core's toCsv: formulas defused, a BOM for spreadsheets). */
export function reportCsv(axes: AxisPart[]): string {
  const rows = axes.flatMap((axis) =>
    axis.activities.flatMap((act) =>
      act.rounds.flatMap(({ round, entries }) =>
        entries.map((e) => ({
          quarter: round.quarter,
          axis: axis.id,
          activity: act.id,
          activity_title: act.title,
          group: round.group,
          period: round.period,
          person: e.who,
          status: e.status,
          progress: e.answer.progress ?? '',
          blocked: e.answer.blocked ?? '',
          skipped: (e.answer.skipped ?? []).join(' '),
          answered_at: e.status === 'waiting' ? '' : (e.answer.at ?? ''),
        })),
      ),
    ),
  );
  return toCsv(rows, CSV_COLUMNS);
}
