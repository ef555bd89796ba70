import type { Services, Turn } from '../../src/engine/index.ts';
import type { UserDoc } from '../../src/store/types.ts';
import { groupsDoc } from './groups.ts';
import { groupTitle } from './labels.ts';
import { spiralDataOf } from './participant.ts';
import type { GroupsDoc } from './types.ts';

/** What the shared groups document says about one person: roles, invitations made, reviews done. */
function sharedParts(doc: GroupsDoc, user: UserDoc) {
  const me = user.pseudonym;
  const ids = new Set(Object.values(spiralDataOf(user)?.groups ?? {}).flatMap((p) => p.criteria.map((c) => c.id)));
  const groups = Object.values(doc.groups);
  return {
    memberOf: groups.filter((g) => g.members.includes(user.key)).map((g) => g.code),
    facilitatorOf: groups.filter((g) => g.facilitators.includes(me)).map((g) => g.code),
    mayCreateGroups: Boolean(doc.facilitators[me]),
    facilitatorSince: doc.facilitators[me]?.since ?? null,
    invitationsCreated: Object.values(doc.invitations)
      .filter((i) => i.createdBy === me)
      .map((i) => ({ code: i.code, group: i.group ?? null, createdAt: i.createdAt, expiresAt: i.expiresAt, usedAt: i.usedAt ?? null })),
    reviewsDone: groups.flatMap((g) => Object.entries(g.reviews).filter(([, r]) => r.by === me).map(([id, r]) => ({ group: g.code, criterion: id, family: r.family, component: r.component, at: r.at }))),
    reviewsOfYourCriteria: groups.flatMap((g) => Object.entries(g.reviews).filter(([id]) => ids.has(id)).map(([id, r]) => ({ group: g.code, criterion: id, family: r.family, component: r.component, at: r.at }))),
  };
}

/** /mydata lines: one per group the person answered for, then what the shared document holds. */
export async function summaryLines(turn: Turn): Promise<string[]> {
  const t = turn.t;
  const doc = (await groupsDoc(turn.services)).data;
  const data = spiralDataOf(turn.user);
  const shared = sharedParts(doc, turn.user);
  const lines: string[] = [];
  for (const p of Object.values(data?.groups ?? {})) {
    const g = doc.groups[p.group];
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

/** What the shared groups document holds about this person (their ideas are in their own document). */
export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const shared = sharedParts((await groupsDoc(services)).data, user);
  const empty = !shared.memberOf.length && !shared.facilitatorOf.length && !shared.mayCreateGroups && !shared.invitationsCreated.length && !shared.reviewsDone.length && !shared.reviewsOfYourCriteria.length;
  return empty ? undefined : shared;
}

/**
 * /forget: membership, facilitator roles and reviews of the person's criteria leave the shared
 * document; reviews they did and invitations they made stay for the group, with no name on them.
 */
export async function forget(services: Services, user: UserDoc): Promise<void> {
  const doc = await groupsDoc(services);
  const ids = new Set(Object.values(spiralDataOf(user)?.groups ?? {}).flatMap((p) => p.criteria.map((c) => c.id)));
  const me = user.pseudonym;
  await doc.update((d) => {
    delete d.facilitators[me];
    for (const g of Object.values(d.groups)) {
      g.members = g.members.filter((k) => k !== user.key);
      g.facilitators = g.facilitators.filter((p) => p !== me);
      for (const [id, r] of Object.entries(g.reviews)) {
        if (ids.has(id)) delete g.reviews[id];
        else if (r.by === me) r.by = '';
      }
    }
    for (const inv of Object.values(d.invitations)) if (inv.createdBy === me) inv.createdBy = '';
  });
}
