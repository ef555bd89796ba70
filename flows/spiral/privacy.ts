import type { Services, UserDoc } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { groupTitle } from './labels.ts';
import { spiralDataOf } from './participant.ts';
import { notePerson } from './people.ts';
import { ANY_GROUP, all, reviewId, spiralRecords } from './records.ts';

/** The ids of the person's criteria, with the group each belongs to. */
function criteriaOf(user: Readonly<UserDoc>): { group: string; criterion: string }[] {
  return Object.values(spiralDataOf(user)?.groups ?? {}).flatMap((p) => p.criteria.map((c) => ({ group: p.group, criterion: c.id })));
}

/** What SPIRAL's shared records hold about one person, each found through an index: memberships, roles, invitations made, reviews done. */
async function sharedParts(services: Pick<Services, 'store'>, user: Readonly<UserDoc>) {
  const r = await spiralRecords(services.store);
  const me = user.pseudonym;
  const roles = await all(r.roles, { pseudonym: me });
  const general = roles.find((x) => x.group === ANY_GROUP);
  const ofMine = await r.reviews.getMany(criteriaOf(user).map((x) => reviewId(x.group, x.criterion)));
  return {
    memberOf: (await all(r.members, { key: user.key })).map((m) => m.group),
    facilitatorOf: roles.filter((x) => x.group !== ANY_GROUP).map((x) => x.group),
    mayCreateGroups: Boolean(general),
    facilitatorSince: general?.since ?? null,
    invitationsCreated: (await all(r.invitations, { createdBy: me })).map((i) => ({ code: i.code, group: i.group ?? null, createdAt: i.createdAt, expiresAt: i.expiresAt, usedAt: i.usedAt ?? null })),
    reviewsDone: (await all(r.reviews, { by: me }, 'seq')).map((x) => ({ group: x.group, criterion: x.criterion, family: x.family, component: x.component, at: x.at })),
    reviewsOfYourCriteria: ofMine.map((x) => ({ group: x.group, criterion: x.criterion, family: x.family, component: x.component, at: x.at })),
  };
}

/** /mydata lines: one per group the person answered for, then what the shared records hold. */
export async function summaryLines(ctx: SpiralContext): Promise<string[]> {
  const t = ctx.t;
  const r = await spiralRecords(ctx.services.store);
  const data = spiralDataOf(ctx.document());
  const shared = await sharedParts(ctx.services, ctx.document());
  const groups = new Map((await r.groups.getMany(Object.keys(data?.groups ?? {}))).map((g) => [g.code, g]));
  const lines: string[] = [];
  for (const p of Object.values(data?.groups ?? {})) {
    const g = groups.get(p.group);
    lines.push(
      t(p.finishedAt ? 'spiral:mydata.groupFinished' : 'spiral:mydata.groupOpen', {
        group: g ? groupTitle(t, g) : p.group,
        code: p.group,
        ideas: p.criteria.length,
        classified: p.criteria.filter((c) => c.family).length,
        ratings: Object.keys(p.ratings).length,
      }),
    );
  }
  if (shared.mayCreateGroups) lines.push(t('spiral:mydata.mayCreate'));
  if (shared.facilitatorOf.length > 0) lines.push(t('spiral:mydata.facilitatorOf', { codes: shared.facilitatorOf.join(', ') }));
  if (shared.invitationsCreated.length > 0) lines.push(t('spiral:mydata.invitations', { count: shared.invitationsCreated.length }));
  if (shared.reviewsDone.length > 0) lines.push(t('spiral:mydata.reviews', { count: shared.reviewsDone.length }));
  if (data?.nudges === false) lines.push(t('spiral:mydata.noNudges'));
  return lines.length > 0 ? [t('spiral:mydata.title'), ...lines] : [];
}

/**
 * What SPIRAL's shared records hold about this person (their ideas are in their own document).
 * /mydata shows the pseudonym a manager may name as facilitator: it is indexed here.
 */
export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  await notePerson(services.store, user);
  const shared = await sharedParts(services, user);
  const empty = !shared.memberOf.length && !shared.facilitatorOf.length && !shared.mayCreateGroups && !shared.invitationsCreated.length && !shared.reviewsDone.length && !shared.reviewsOfYourCriteria.length;
  return empty ? undefined : shared;
}

/**
 * /forget: memberships, facilitator roles, the pseudonym's index entry and reviews of the
 * person's criteria leave the shared records; reviews they did and invitations they made stay
 * for the group, with no name on them. Each is found through an index.
 */
export async function forget(services: Services, user: UserDoc): Promise<void> {
  const r = await spiralRecords(services.store);
  const me = user.pseudonym;
  for (const m of await all(r.members, { key: user.key })) {
    await r.members.delete(m.id);
    await r.groups.update(m.group, (g) => (g ? { ...g, memberCount: Math.max(0, g.memberCount - 1) } : g));
  }
  await r.roles.deleteWhere({ pseudonym: me });
  for (const x of criteriaOf(user)) await r.reviews.delete(reviewId(x.group, x.criterion));
  for (const x of await all(r.reviews, { by: me })) await r.reviews.update(x.id, (cur) => (cur ? { ...cur, by: '' } : cur));
  for (const i of await all(r.invitations, { createdBy: me })) await r.invitations.update(i.id, (cur) => (cur ? { ...cur, createdBy: '' } : cur));
  await r.people.deleteWhere({ key: user.key });
}
