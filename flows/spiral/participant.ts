import type { UserDoc } from '../../src/engine/index.ts';
import { SpiralStateError, type Answering } from './state.ts';
import type { Criterion, Participation, QuestionId, SpiralData } from './types.ts';

export const FLOW_ID = 'spiral';

/** The person's SPIRAL data, created on first use (the flow's `data`); one kept without `groups` gets them. */
export function spiralData(ctx: { readonly data: SpiralData }): SpiralData {
  const data = ctx.data;
  data.groups ??= {};
  return data;
}

/** The spiral data of a user document without creating any. */
export function spiralDataOf(user: Readonly<UserDoc>): SpiralData | undefined {
  const data = user.flows[FLOW_ID] as SpiralData | undefined;
  return data?.groups ? data : undefined;
}

/** A fresh SPIRAL data part (no group yet, reminders on). */
export const newSpiralData = (): SpiralData => ({ groups: {}, nudges: true });

/** The participation of the session's group; the questionnaire steps only run with one. */
export function participationOf(data: Readonly<SpiralData>, state: Readonly<Answering>): Participation {
  const p = data.groups?.[state.g];
  if (!p) throw new SpiralStateError(`SPIRAL questionnaire of group ${state.g} without a participation; /cancel and join again.`);
  return p;
}

/** Ideas of one question, in the order given. */
export const ideasOf = (p: Participation, q: QuestionId): Criterion[] => p.criteria.filter((c) => c.question === q);

/** Ideas in list order: by question in the group's order, then as given. */
export function ordered(p: Participation, qs: readonly QuestionId[]): Criterion[] {
  const rank = (q: QuestionId) => (qs.includes(q) ? qs.indexOf(q) : qs.length);
  return [...p.criteria].sort((a, b) => rank(a.question) - rank(b.question));
}

export function touch(now: Date, p: Participation): void {
  p.lastActiveAt = now.toISOString();
}
