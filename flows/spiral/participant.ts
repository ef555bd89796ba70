import type { Turn, UserDoc } from '../../src/engine/index.ts';
import type { FamilyCode } from './grid/index.ts';
import type { Criterion, Participation, QuestionId, RatingMode, SpiralData } from './types.ts';

export const FLOW_ID = 'spiral';

/**
 * What the questionnaire keeps in the session while a person answers for one group.
 * A snapshot of the group (code, questions, title) lets prompts render without a store read.
 */
export interface SpiralVars {
  /** Group code. */
  g: string;
  /** The group's questions, in order. */
  qs: QuestionId[];
  /** The group's title as shown. */
  title: string;
  /** What the group rates. */
  rating: RatingMode;
  /** Button sequence number when this group's session began: older buttons belong to another conversation. */
  floor: number;
  /** Question step to return to when the review was opened from a question. */
  ret?: string;
  /** The idea being looked at, edited or classified. */
  idea?: string;
  /** The family chosen for that idea, while its component is asked. */
  fam?: FamilyCode;
  /** Rating items passed over with /skip in this sitting. */
  rskip?: string[];
  [other: string]: unknown;
}

export function spiralData(turn: Turn): SpiralData {
  const data = turn.data<SpiralData>(FLOW_ID, () => ({ groups: {}, nudges: true }));
  data.groups ??= {};
  return data;
}

/** The spiral data of a user document without creating any. */
export function spiralDataOf(user: UserDoc): SpiralData | undefined {
  const data = user.flows[FLOW_ID] as SpiralData | undefined;
  return data?.groups ? data : undefined;
}

/** The session vars when the user is answering a spiral questionnaire. */
export function vars(turn: Turn): SpiralVars | undefined {
  const s = turn.user.session;
  return s?.flow === FLOW_ID && typeof s.vars.g === 'string' ? (s.vars as SpiralVars) : undefined;
}

/** The participation of the session's group; the questionnaire steps only run with one. */
export function current(turn: Turn): { v: SpiralVars; p: Participation } {
  const v = vars(turn);
  const p = v ? spiralData(turn).groups[v.g] : undefined;
  if (!v || !p) throw new Error('spiral step without a participation');
  return { v, p };
}

/** Ideas of one question, in the order given. */
export const ideasOf = (p: Participation, q: QuestionId): Criterion[] => p.criteria.filter((c) => c.question === q);

/** Ideas in list order: by question in the group's order, then as given. */
export function ordered(p: Participation, qs: readonly QuestionId[]): Criterion[] {
  const rank = (q: QuestionId) => (qs.includes(q) ? qs.indexOf(q) : qs.length);
  return [...p.criteria].sort((a, b) => rank(a.question) - rank(b.question));
}

export function touch(turn: Turn, p: Participation): void {
  p.lastActiveAt = turn.now.toISOString();
}

/**
 * Records where the person stands whenever a questionnaire step is shown, so that a
 * /cancel, a detour into another flow or another group resumes exactly here.
 */
export function remember(turn: Turn): void {
  const s = turn.user.session;
  const v = vars(turn);
  const p = v ? spiralData(turn).groups[v.g] : undefined;
  if (!s || !p) return;
  const { _page, ...kept } = s.vars;
  p.resume = { step: s.step, vars: structuredClone(kept), history: [...s.history] };
}
