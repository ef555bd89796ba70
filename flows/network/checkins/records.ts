/**
 * The check-ins' collections (issue #13, item 5), each read through its indexes:
 * - `plan-checkin-rounds`: one per activity and period — made once (check-and-use: a round that
 *   exists is never made again), by group (the digest's last check-in), by quarter (the report)
 *   by period (the rounds of a month still to send) and by `ref` (the short name buttons carry);
 * - `plan-checkin-answers`: one per member asked in a round, created when the round is made (so
 *   the report knows who has not answered), by round, by person key (/mydata, /forget, /checkin),
 *   by quarter and by status (`together stats`);
 * - `plan-checkin-settings`: the network-wide default of `checkinMonths` (record `global`).
 */
import { createHash } from 'node:crypto';
import type { Collection, Store } from '../../../src/engine/index.ts';

export type Question = 'progress' | 'blocked';
export const QUESTIONS: readonly Question[] = ['progress', 'blocked'];

export interface Round {
  /** `<activity>@<YYYY-MM>`. */
  id: string;
  /** A short stable reference for buttons (`refOf(id)`): a letter's button must fit a 64-byte token. */
  ref: string;
  activity: string;
  axis: string;
  group: string;
  period: string;
  /** `YYYY-Qn`, the quarter of `period` (the report's index). */
  quarter: string;
  /** When the round was made. */
  at: string;
  /** Answers are taken until then: when the activity's next round would be due. */
  closesAt: string;
  asked: number;
  /**
   * The broadcast that asks its members, set before that broadcast is created: a run that finds
   * a round without one sends it, a round with one is never sent by another broadcast.
   */
  broadcast?: string;
}

export interface CheckinAnswer {
  /** `<round id>:<person key>`. */
  id: string;
  round: string;
  /** The person's file key (never a platform id). */
  key: string;
  activity: string;
  group: string;
  period: string;
  quarter: string;
  /** `open` until both questions are answered or skipped; `skipped` when neither was answered. */
  status: 'open' | 'done' | 'skipped';
  progress?: string;
  blocked?: string;
  /** Questions the person skipped. */
  skipped?: Question[];
  /** Last answer or skip. */
  at?: string;
}

export interface CheckinSettings {
  id: 'global';
  /** Default `checkinMonths` of activities that do not set theirs (0: check-ins off). */
  months: number;
  at: string;
}

export interface CheckinRecords {
  rounds: Collection<Round>;
  answers: Collection<CheckinAnswer>;
  settings: Collection<CheckinSettings>;
}

export function checkinRecords(store: Store): CheckinRecords {
  return {
    rounds: store.collection<Round>('plan-checkin-rounds', { indexes: ['ref', 'group', 'quarter', 'period', 'activity'] }),
    answers: store.collection<CheckinAnswer>('plan-checkin-answers', { indexes: ['round', 'key', 'quarter', 'status'] }),
    settings: store.collection<CheckinSettings>('plan-checkin-settings', { indexes: [] }),
  };
}

export const roundId = (activity: string, period: string): string => `${activity}@${period}`;
/** Ten hex digits of the round id's hash: unique among a network's few hundred rounds, short enough for any button. */
export const refOf = (round: string): string => createHash('sha256').update(round).digest('hex').slice(0, 10);
export const answerId = (round: string, key: string): string => `${round}:${key}`;

/** The person's answer to a question, when they wrote one. */
export const answered = (a: CheckinAnswer, q: Question): string | undefined => a[q];
/** A question is handled once answered or skipped. */
export const handled = (a: CheckinAnswer, q: Question): boolean => a[q] !== undefined || (a.skipped ?? []).includes(q);
/** Wrote at least one answer. */
export const responded = (a: CheckinAnswer): boolean => a.progress !== undefined || a.blocked !== undefined;
