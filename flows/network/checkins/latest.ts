import { every, type Store } from '../../../src/engine/index.ts';
import { checkinRecords, responded, type CheckinAnswer } from './records.ts';

/** The last check-in answered by a working group (for the digest), or undefined. No names: pseudonyms never shown to members. */
export interface LastCheckin {
  activity: string;
  /** `YYYY-MM` of the round. */
  period: string;
  at: string;
  progress?: string;
  blocked?: string;
  answered: number;
  asked: number;
}

/** One answer in a digest line: a digest is read at a glance, the report has the whole text. */
const EACH = 200;
const short = (text: string): string => (text.length > EACH ? `${text.slice(0, EACH - 1).trimEnd()}…` : text);
const joined = (answers: CheckinAnswer[], q: 'progress' | 'blocked'): string | undefined => {
  const texts = answers.map((a) => a[q]).filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.map(short).join('\n') : undefined;
};

/** Rounds looked at, newest first, before concluding a group has answered none lately. */
const LOOK_BACK = 12;

/**
 * The group's newest round that at least one member answered: `progress` and `blocked` are the
 * members' answers, one per line (each cut to 200 characters), with no name; `at` is when the
 * round was made; `answered` counts the members who wrote at least one answer, `asked` those
 * asked. A group owning several activities: the newest round of any of them.
 */
export async function lastCheckin(store: Store, group: string): Promise<LastCheckin | undefined> {
  const r = checkinRecords(store);
  const { records: rounds } = await r.rounds.find({ where: { group }, orderBy: 'period', desc: true, limit: LOOK_BACK });
  for (const round of rounds) {
    const answers = (await every(r.answers, { where: { round: round.id } })).filter(responded);
    if (answers.length === 0) continue;
    const progress = joined(answers, 'progress');
    const blocked = joined(answers, 'blocked');
    return {
      activity: round.activity,
      period: round.period,
      at: round.at,
      ...(progress ? { progress } : {}),
      ...(blocked ? { blocked } : {}),
      answered: answers.length,
      asked: round.asked,
    };
  }
  return undefined;
}
