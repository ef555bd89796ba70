/**
 * /mydata and /forget for check-ins, and their figures in `together stats`. /forget erases the
 * person's answer records (their words and that they were asked), not anonymised: an answer is
 * one person's own statement, not a text written by many. The rounds keep only how many were
 * asked; the report of that quarter no longer lists the person.
 */
import { every, type ReadServices, type Services, type UserDoc } from '../../../src/engine/index.ts';
import type { CheckinContext } from './answer.ts';
import { checkinRecords } from './records.ts';

export async function summaryLines(ctx: CheckinContext): Promise<string[]> {
  const mine = await every(checkinRecords(ctx.services.store).answers, { where: { key: ctx.person.key } });
  if (mine.length === 0) return [];
  const count = (s: string) => mine.filter((a) => a.status === s).length;
  return [ctx.t('plan-checkin:mydata', { done: count('done'), skipped: count('skipped'), open: count('open') })];
}

export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const mine = await every(checkinRecords(services.store).answers, { where: { key: user.key } });
  if (mine.length === 0) return undefined;
  return mine.map(({ activity, group, period, status, progress, blocked, skipped, at }) => ({ activity, group, period, status, progress, blocked, skipped, at }));
}

export async function forget(services: Services, user: UserDoc): Promise<void> {
  await checkinRecords(services.store).answers.deleteWhere({ key: user.key });
}

export async function stats(services: ReadServices): Promise<Record<string, number>> {
  const { rounds, answers } = checkinRecords(services.store);
  return {
    rounds: await rounds.count(),
    asked: await answers.count(),
    'answers.done': await answers.count({ status: 'done' }),
    'answers.skipped': await answers.count({ status: 'skipped' }),
    'answers.open': await answers.count({ status: 'open' }),
  };
}
