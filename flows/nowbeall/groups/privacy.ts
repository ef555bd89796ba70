/**
 * /mydata and /forget for what the theme groups keep about a person: memberships, comments and
 * amendments, stances on elaborated versions, and the groups they facilitate. /forget erases
 * memberships and stances; contributions stay for the group with no name on them (`by: ''`),
 * and so do the elaborated versions, groups and official answers the person wrote or created:
 * the group's text was written by many and keeps no trace of who.
 */
import { every, type Services, type UserDoc } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { GroupsContext } from './chat.ts';

async function parts(services: Pick<Services, 'store'>, pseudonym: string) {
  const r = nowbeallRecords(services.store);
  if (!pseudonym) return { memberships: [], contributions: [], stances: [], facilitatorOf: [] };
  return {
    memberships: (await every(r.members, { where: { by: pseudonym } })).map((m) => ({ group: m.group, at: m.at })),
    contributions: (await every(r.contributions, { where: { by: pseudonym } })).map((c) => ({ group: c.group, proposal: c.proposal, kind: c.kind, text: c.text, at: c.at })),
    stances: (await every(r.stances, { where: { by: pseudonym } })).map((s) => ({ proposal: s.proposal, stance: s.stance, at: s.at })),
    // Groups are a seminar's few dozen: read whole rather than indexed by facilitator.
    facilitatorOf: (await every(r.groups)).filter((g) => g.facilitators.includes(pseudonym)).map((g) => g.id),
  };
}

/** /mydata lines. */
export async function summaryLines(ctx: GroupsContext): Promise<string[]> {
  const p = await parts(ctx.services, ctx.person.pseudonym);
  const lines: string[] = [];
  if (p.memberships.length > 0) lines.push(ctx.t('nowbeall-groups:mydata.groups', { groups: p.memberships.map((m) => m.group).join(', ') }));
  if (p.facilitatorOf.length > 0) lines.push(ctx.t('nowbeall-groups:mydata.facilitator', { groups: p.facilitatorOf.join(', ') }));
  if (p.contributions.length > 0) lines.push(ctx.t('nowbeall-groups:mydata.contributions', { count: p.contributions.length }));
  if (p.stances.length > 0) lines.push(ctx.t('nowbeall-groups:mydata.stances', { count: p.stances.length }));
  return lines.length > 0 ? [ctx.t('nowbeall-groups:mydata.title'), ...lines] : [];
}

/** The records themselves, for the /mydata file. */
export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const p = await parts(services, user.pseudonym);
  return Object.values(p).some((x) => x.length > 0) ? p : undefined;
}

export async function forget(services: Services, user: UserDoc): Promise<void> {
  const me = user.pseudonym;
  if (!me) return;
  const r = nowbeallRecords(services.store);
  await r.members.deleteWhere({ by: me });
  await r.stances.deleteWhere({ by: me });
  for (const f of await every(r.followers, { where: { by: me } })) if (f.role === 'member') await r.followers.delete(f.id);
  for (const c of await every(r.contributions, { where: { by: me } })) await r.contributions.update(c.id, (cur) => (cur ? { ...cur, by: '' } : cur));
  for (const e of await every(r.elaborated)) if (e.by === me) await r.elaborated.update(e.id, (cur) => (cur ? { ...cur, by: '' } : cur));
  for (const g of await every(r.groups)) {
    if (g.createdBy !== me && !g.facilitators.includes(me)) continue;
    await r.groups.update(g.id, (cur) => (cur ? { ...cur, createdBy: cur.createdBy === me ? '' : cur.createdBy, facilitators: cur.facilitators.filter((x) => x !== me) } : cur));
  }
  for (const p of await every(r.proposals, { where: { status: 'answered' } })) {
    if (p.answer?.by === me) await r.proposals.update(p.id, (cur) => (cur?.answer ? { ...cur, answer: { ...cur.answer, by: '' } } : cur));
  }
}
