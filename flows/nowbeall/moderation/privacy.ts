/**
 * /mydata and /forget for what this flow keeps about a person outside their document: their
 * supports, their reports, the proposals they follow (with their person key, to write to them),
 * their line in the notices' ledgers, being a moderator, and the moderation acts they took. A
 * forgotten person's supports and reports go (the counts follow); the acts they took as a
 * moderator stay in the log, since what was decided must remain known, but no longer say who.
 */
import { every, type Context, type Services, type UserDoc } from '../../../src/engine/index.ts';
import { noticeCenter, noticesOff } from '../notify.ts';
import type { NowbeallData } from '../types.ts';
import { records } from './ops.ts';

export async function summary(ctx: Context<NowbeallData, string, unknown>): Promise<string[]> {
  const { t } = ctx;
  const p = ctx.person.pseudonym;
  const r = records(ctx.services);
  const supports = await every(r.supports, { where: { by: p } });
  const reports = await r.reports.count({ by: p });
  const following = await r.followers.count({ by: p });
  const lines: string[] = [];
  if (supports.length) lines.push(t('nowbeall-mod:mydata.supports', { count: supports.length, list: supports.slice(0, 20).map((s) => `#${s.proposal}`).join(', ') }));
  if (reports) lines.push(t('nowbeall-mod:mydata.reports', { count: reports }));
  if (following) lines.push(t('nowbeall-mod:mydata.following', { count: following }));
  if (following || noticesOff(ctx.document().flows)) lines.push(t(noticesOff(ctx.document().flows) ? 'nowbeall-mod:mydata.noticesOff' : 'nowbeall-mod:mydata.noticesOn'));
  if (await r.moderators.get(p)) lines.push(t('nowbeall-mod:mydata.moderator'));
  return lines;
}

export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const r = records(services);
  const p = user.pseudonym;
  const supports = (await every(r.supports, { where: { by: p } })).map(({ proposal, at }) => ({ proposal, at }));
  const reports = (await every(r.reports, { where: { by: p } })).map(({ proposal, at, state }) => ({ proposal, at, state }));
  const following = (await every(r.followers, { where: { by: p } })).map(({ proposal, role }) => ({ proposal, role }));
  const moderator = await r.moderators.get(p);
  const acts = (await every(r.log, { where: { by: p } })).map(({ act, at, proposal, detail }) => ({ act, at, proposal, detail }));
  const out = {
    ...(supports.length ? { supports } : {}),
    ...(reports.length ? { reports } : {}),
    ...(following.length ? { following } : {}),
    ...(moderator ? { moderator: { since: moderator.at } } : {}),
    ...(acts.length ? { moderationActs: acts } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

export async function forget(services: Services, user: UserDoc): Promise<void> {
  const r = records(services);
  const p = user.pseudonym;
  const supported = await every(r.supports, { where: { by: p } });
  const reported = await every(r.reports, { where: { by: p } });
  await r.supports.deleteWhere({ by: p });
  await r.reports.deleteWhere({ by: p });
  await r.followers.deleteWhere({ by: p });
  await r.moderators.delete(p);
  for (const e of await every(r.log, { where: { by: p } })) await r.log.update(e.id, (cur) => (cur ? { ...cur, by: '' } : cur));
  // Counts kept with each proposal follow the collections they count.
  for (const id of new Set(supported.map((s) => s.proposal))) {
    await r.proposals.update(id, async (cur) => (cur ? { ...cur, supports: await r.supports.count({ proposal: id }) } : cur));
  }
  for (const id of new Set(reported.map((s) => s.proposal))) {
    await r.proposals.update(id, async (cur) => (cur ? { ...cur, reports: await r.reports.count({ proposal: id, state: 'open' }) } : cur));
  }
  await noticeCenter(services).forget(user.key);
}
