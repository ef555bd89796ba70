/**
 * The buttons of a round's card and `/checkin`. They work from any earlier message (a letter of
 * last week, the home screen): the round's state is read from its records, not from the chat.
 */
import { UserError, type HomeSection } from '../../../src/engine/index.ts';
import { answerable, finished, sayNext, stateFor, type CheckinContext, type CheckinState } from './answer.ts';
import { cardOf } from './card.ts';
import { skipQuestions, waiting } from './ops.ts';
import { QUESTIONS, type Question } from './records.ts';

const isQuestion = (q: string | undefined): q is Question => QUESTIONS.includes(q as Question);

/** `q`: answer one question of a round (`<ref>.<question>`): opens the answer step there. */
export async function pickQuestion(ctx: CheckinContext, arg: string): Promise<void> {
  const [ref, q] = arg.split('.');
  if (!ref || !isQuestion(q)) throw new UserError('common:button.invalid');
  const a = await answerable(ctx, ref);
  if (a) ctx.openAt('answer', await stateFor(ctx.services.store, a, q, ctx.lang));
}

/** `skip`: the whole round, answers already written kept; then the next round waiting. */
export async function skipRound(ctx: CheckinContext & { readonly state?: CheckinState }, ref: string): Promise<void> {
  const a = await answerable(ctx, ref);
  if (!a) return;
  const title = (await cardOf(ctx.services.store, a, ctx.lang)).title;
  if (ctx.state?.round === a.round) ctx.leave();
  if (a.status !== 'open') {
    ctx.say(ctx.t('plan-checkin:already', { title }));
    await sayNext(ctx, ctx.t('plan-checkin:next'));
    return;
  }
  const after = await skipQuestions(ctx.services.store, a.id, QUESTIONS, ctx.now);
  if (after) await finished(ctx, after, title);
}

/** `/checkin` and the home screen's button: the first round waiting, or that none does. */
export async function showWaiting(ctx: CheckinContext): Promise<void> {
  if (!(await sayNext(ctx, (count) => ctx.t('plan-checkin:waiting', { count })))) ctx.say(ctx.t('plan-checkin:none'));
}

/** The home screen: how many rounds wait, with a button to the first. */
export async function homeSections(ctx: CheckinContext): Promise<HomeSection[]> {
  const list = await waiting(ctx.services.store, ctx.person.key, ctx.now);
  if (list.length === 0) return [];
  return [{ text: ctx.t('plan-checkin:waiting', { count: list.length }), buttons: [ctx.button(ctx.t('plan-checkin:home.open'), 'next')] }];
}
