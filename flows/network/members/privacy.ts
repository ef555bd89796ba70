/** /mydata and /forget for the plan: the member, their working groups, their answers and reminders. */
import { every, type Services, type UserDoc } from '../../../src/engine/index.ts';
import { center } from '../reminders/kinds.ts';
import { reminderRecords } from '../reminders/records.ts';
import { networkRecords } from '../records.ts';
import type { PlanContext } from './act.ts';
import { followsText, statusText } from './menu.ts';

export async function summary(ctx: PlanContext): Promise<string[]> {
  const { members, memberships } = networkRecords(ctx.services.store);
  const member = await members.get(ctx.person.key);
  if (!member) return [];
  const groups = await memberships.count({ key: member.id });
  const answers = (await every(reminderRecords(ctx.services.store).attendance, { where: { key: member.id } })).filter((a) => a.answer).length;
  return [ctx.t('plan:mydata.member', { what: await followsText(ctx, member), zone: member.tz, status: statusText(ctx, member), groups, answers })];
}

export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const { members, memberships } = networkRecords(services.store);
  const member = await members.get(user.key);
  const groups = await every(memberships, { where: { key: user.key } });
  const attendance = await every(reminderRecords(services.store).attendance, { where: { key: user.key } });
  if (!member && groups.length === 0 && attendance.length === 0) return undefined;
  return { ...(member ? { member } : {}), ...(groups.length ? { memberships: groups } : {}), ...(attendance.length ? { attendance } : {}) };
}

/** Snoozed reminders are jobs about the person: the core removes them with the rest. */
export async function forget(services: Services, user: UserDoc): Promise<void> {
  const { members, memberships } = networkRecords(services.store);
  await members.delete(user.key);
  await memberships.deleteWhere({ key: user.key });
  await reminderRecords(services.store).attendance.deleteWhere({ key: user.key });
  await center(services).forget(user.key);
}
