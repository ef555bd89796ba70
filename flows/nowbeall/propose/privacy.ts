/**
 * /mydata and /forget for the proposals a person wrote (item 9). Decision: a proposal that was
 * published (or went further: grouped, elaborated, answered, merged, rejected, withdrawn) is
 * part of the call's record that others supported and discussed; it stays, with its author
 * emptied ('') so nothing leads back to the person. A pending proposal nobody but the author
 * and the moderators has seen is deleted, with its followers. The person's follower records
 * (their key) go too. Supports, reports and group work are the other NOW-BE-ALL flows' part.
 */
import { every, type Services, type UserDoc } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import { removeProposal } from '../similar.ts';
import type { Proposal } from '../types.ts';
import type { NowbeallContext as Ctx } from './actions.ts';
import { mineLine } from './format.ts';

async function authored(services: Pick<Services, 'store'>, pseudonym: string): Promise<Proposal[]> {
  if (!pseudonym) return [];
  return (await every(nowbeallRecords(services.store).proposals, { where: { author: pseudonym } })).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function summary(ctx: Ctx): Promise<string[]> {
  const mine = await authored(ctx.services, ctx.person.pseudonym);
  if (mine.length === 0) return [];
  return [ctx.t('nowbeall:mydata.proposals', { count: mine.length }), ...mine.map((p) => `  ${mineLine(ctx.t, p)}`)];
}

export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const mine = await authored(services, user.pseudonym);
  return mine.length ? { proposals: mine } : undefined;
}

export async function forget(services: Services, user: UserDoc): Promise<void> {
  const r = nowbeallRecords(services.store);
  for (const p of await authored(services, user.pseudonym)) {
    if (p.status === 'pending') {
      await r.proposals.delete(p.id);
      await r.followers.deleteWhere({ proposal: p.id });
      await removeProposal(p.id);
    } else {
      await r.proposals.update(p.id, (cur) => (cur && cur.author === user.pseudonym ? { ...cur, author: '' } : cur));
    }
  }
  if (user.pseudonym) await r.followers.deleteWhere({ by: user.pseudonym });
}
