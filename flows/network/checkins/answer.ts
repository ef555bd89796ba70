/**
 * The one step of a check-in: a question of one round, answered in one message. The person picks
 * the question on the round's card (any order); once answered or skipped, the other one is asked
 * if still open; when both are, the round is finished and the next round waiting is shown.
 * Every answer is stored on its record before it is confirmed; the session (which question of
 * which round) is the engine's, so a restart resumes here.
 */
import { end, reprompt, UserError, type Context, type Decision, type StepContext, type StepDef, type Store } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import type { CheckinAction } from './act.ts';
import { cardOf, cardRows, cardText } from './card.ts';
import { monthName } from './due.ts';
import { isClosed, saveAnswer, skipQuestions, waiting } from './ops.ts';
import { answerId, checkinRecords, handled, QUESTIONS, type CheckinAnswer, type Question } from './records.ts';
import { checkAnswer, MAX_ANSWER } from './validate.ts';

export interface CheckinState {
  round: string;
  /** The answer record's id. */
  answer: string;
  question: Question;
  title: string;
  group: string;
  period: string;
  n: number;
  total: number;
  /** What the person already answered to this question (shown, replaced by a new message). */
  previous?: string;
}

export type CheckinStep = 'answer';
type Data = Record<string, never>;
export type CheckinContext = Context<Data, CheckinAction, CheckinState>;
type Ctx = StepContext<CheckinState, Data, CheckinAction, CheckinState>;

const SHOWN = 200;
const shown = (text: string) => (text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text);

/** The state of a question of a round, as loaded when the person picks it. */
export async function stateFor(store: Store, a: CheckinAnswer, question: Question, lang: string): Promise<CheckinState> {
  const c = await cardOf(store, a, lang);
  const previous = a[question];
  return { round: a.round, answer: a.id, question, title: c.title, group: c.group, period: a.period, n: c.n, total: c.total, ...(previous ? { previous: shown(previous) } : {}) };
}

/**
 * The person's answer record of a round (by its button `ref`) they may still answer; a clear
 * refusal when they are not asked; undefined when the round is closed (a button of last month's
 * letter): that is said, with the round waiting now, if any.
 */
export async function answerable(ctx: CheckinContext, ref: string): Promise<CheckinAnswer | undefined> {
  const r = checkinRecords(ctx.services.store);
  const [rd] = (await r.rounds.find({ where: { ref }, limit: 1 })).records;
  const a = rd && (await r.answers.get(answerId(rd.id, ctx.person.key)));
  // Someone who left the owner group since is not asked any more.
  if (!a || !rd || !(await networkRecords(ctx.services.store).memberships.get(`${a.group}:${a.key}`))) throw new UserError('plan-checkin:notAsked');
  if (!isClosed(rd, ctx.now)) return a;
  await closed(ctx, rd.period, (await cardOf(ctx.services.store, a, ctx.lang)).title);
  return undefined;
}

/** Shows the first round still waiting for the person, under `intro` (made from how many wait); false when none waits. */
export async function sayNext(ctx: CheckinContext, intro: string | ((count: number) => string)): Promise<boolean> {
  const list = await waiting(ctx.services.store, ctx.person.key, ctx.now);
  const first = list[0];
  if (!first) return false;
  const c = await cardOf(ctx.services.store, first, ctx.lang);
  ctx.sayRows(`${typeof intro === 'string' ? intro : intro(list.length)}\n${cardText(ctx.t, ctx.lang, c)}`, cardRows(ctx.t, c));
  return true;
}

/** A round that no longer takes answers: said, then the round waiting now (someone answering May's letter in June finds June's). */
async function closed(ctx: CheckinContext, period: string, title: string): Promise<void> {
  ctx.say(ctx.t('plan-checkin:closed', { month: monthName(period, ctx.lang), title }));
  await sayNext(ctx, (count) => ctx.t('plan-checkin:waiting', { count }));
}

/** The round is finished (answered or skipped): thanks, then the next round waiting, if any. */
export async function finished(ctx: CheckinContext, a: CheckinAnswer, title: string): Promise<void> {
  ctx.say(ctx.t(a.status === 'skipped' ? 'plan-checkin:finished.skipped' : 'plan-checkin:finished.done', { title }));
  await sayNext(ctx, ctx.t('plan-checkin:next'));
}

async function proceed(ctx: Ctx, a: CheckinAnswer | undefined): Promise<Decision<CheckinStep, void>> {
  if (!a) {
    ctx.say(ctx.t('plan-checkin:notAsked'));
    return end();
  }
  const other = QUESTIONS.find((q) => !handled(a, q));
  if (other) {
    ctx.state.question = other;
    const previous = a[other];
    if (previous) ctx.state.previous = shown(previous);
    else delete ctx.state.previous;
    return reprompt();
  }
  await finished(ctx, a, ctx.state.title);
  return end();
}

/** A round closed while the person was in it: said (with the round waiting now), and the step left. */
async function stillOpen(ctx: Ctx): Promise<boolean> {
  const rd = await checkinRecords(ctx.services.store).rounds.get(ctx.state.round);
  if (rd && !isClosed(rd, ctx.now)) return true;
  await closed(ctx, ctx.state.period, ctx.state.title);
  return false;
}

export const answerStep: StepDef<CheckinState, Data, CheckinStep, void, CheckinAction, CheckinState> = {
  optional: true,
  progress: (v) => v.t('plan-checkin:progress', { n: v.state.n, total: v.state.total }),
  prompt(v) {
    const s = v.state;
    const lines = [v.t(`plan-checkin:ask.${s.question}`, { title: s.title, group: s.group, month: monthName(s.period, v.lang) })];
    if (s.previous) lines.push(v.t('plan-checkin:ask.previous', { text: s.previous }));
    lines.push(v.t('plan-checkin:ask.how', { max: new Intl.NumberFormat(v.lang).format(MAX_ANSWER) }));
    return { text: lines.join('\n'), choices: [{ label: v.t('plan-checkin:button.skipAll'), value: 'all' }] };
  },
  async onText(ctx, text) {
    const clean = checkAnswer(text, ctx.lang);
    if (!(await stillOpen(ctx))) return end();
    const a = await saveAnswer(ctx.services.store, ctx.state.answer, ctx.state.question, clean, ctx.now);
    if (a) ctx.say(ctx.t(`plan-checkin:saved.${ctx.state.question}`));
    return proceed(ctx, a);
  },
  async onSkip(ctx) {
    if (!(await stillOpen(ctx))) return end();
    const a = await skipQuestions(ctx.services.store, ctx.state.answer, [ctx.state.question], ctx.now);
    if (a) ctx.say(ctx.t('plan-checkin:skippedQuestion'));
    return proceed(ctx, a);
  },
  async onChoice(ctx, value) {
    if (value !== 'all') throw new UserError('common:button.invalid');
    if (!(await stillOpen(ctx))) return end();
    return proceed(ctx, await skipQuestions(ctx.services.store, ctx.state.answer, QUESTIONS, ctx.now));
  },
};
