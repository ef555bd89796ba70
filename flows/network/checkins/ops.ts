/**
 * A member's answers to one round, each change one atomic update of their answer record (a
 * confirmation is said only once it is stored), and the rounds still waiting for them.
 */
import { every, type Store } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { checkinRecords, handled, QUESTIONS, responded, type CheckinAnswer, type Question, type Round } from './records.ts';

/** Open while a question is neither answered nor skipped; then done, or skipped when nothing was written. */
function settle(a: CheckinAnswer): CheckinAnswer {
  const all = QUESTIONS.every((q) => handled(a, q));
  return { ...a, status: !all ? 'open' : responded(a) ? 'done' : 'skipped' };
}

/** Stores an answer (replacing an earlier one to the same question); undefined when the person was not asked. */
export async function saveAnswer(store: Store, id: string, q: Question, text: string, now: Date): Promise<CheckinAnswer | undefined> {
  return checkinRecords(store).answers.update(id, (cur) => {
    if (!cur) return undefined;
    return settle({ ...cur, [q]: text, skipped: (cur.skipped ?? []).filter((s) => s !== q), at: now.toISOString() });
  });
}

/** Skips the questions of `qs` not answered yet (an answer already written is kept). */
export async function skipQuestions(store: Store, id: string, qs: readonly Question[], now: Date): Promise<CheckinAnswer | undefined> {
  return checkinRecords(store).answers.update(id, (cur) => {
    if (!cur) return undefined;
    const skipped = [...new Set([...(cur.skipped ?? []), ...qs.filter((q) => cur[q] === undefined)])];
    return settle({ ...cur, skipped, at: now.toISOString() });
  });
}

export const isClosed = (round: Round, now: Date): boolean => Date.parse(round.closesAt) <= now.getTime();

/**
 * The person's rounds still to answer, oldest month first: open, not closed, and still in the
 * owner group (someone who left it is not asked any more).
 */
export async function waiting(store: Store, key: string, now: Date, among?: readonly string[]): Promise<CheckinAnswer[]> {
  const r = checkinRecords(store);
  let mine = (await every(r.answers, { where: { key } })).filter((a) => a.status === 'open');
  if (among) mine = mine.filter((a) => among.includes(a.round));
  if (mine.length === 0) return [];
  const rounds = new Map((await r.rounds.getMany([...new Set(mine.map((a) => a.round))])).map((x) => [x.id, x]));
  const groups = new Set((await networkRecords(store).memberships.getMany([...new Set(mine.map((a) => `${a.group}:${key}`))])).map((m) => m.group));
  return mine
    .filter((a) => {
      const round = rounds.get(a.round);
      return round !== undefined && !isClosed(round, now) && groups.has(a.group);
    })
    .sort(inOrder(rounds));
}

/** Rounds in the order they were asked: by month, then by when the round was made, then by id. */
export const inOrder =
  (rounds: ReadonlyMap<string, Round>) =>
  (a: CheckinAnswer, b: CheckinAnswer): number =>
    a.period.localeCompare(b.period) || (rounds.get(a.round)?.at ?? '').localeCompare(rounds.get(b.round)?.at ?? '') || a.round.localeCompare(b.round);
