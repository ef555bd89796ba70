import type { Services, Turn } from '../../src/engine/index.ts';
import type { UserDoc } from '../../src/store/types.ts';
import { groupsDoc } from './groups.ts';
import { groupTitle } from './labels.ts';
import { spiralDataOf } from './participant.ts';

/** /mydata lines: one per group the person answered for. */
export async function summaryLines(turn: Turn): Promise<string[]> {
  const data = spiralDataOf(turn.user);
  if (!data || Object.keys(data.groups).length === 0) return [];
  const t = turn.t;
  const doc = (await groupsDoc(turn.services)).data;
  const lines = [t('spiral:mydata.title')];
  for (const p of Object.values(data.groups)) {
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
  if (data.nudges === false) lines.push(t('spiral:mydata.noNudges'));
  return lines;
}

/** What the shared groups document holds about this person (their ideas are in their own document). */
export async function userData(services: Services, user: UserDoc): Promise<unknown> {
  const doc = (await groupsDoc(services)).data;
  const ids = new Set(Object.values(spiralDataOf(user)?.groups ?? {}).flatMap((p) => p.criteria.map((c) => c.id)));
  const memberOf = Object.values(doc.groups).filter((g) => g.members.includes(user.key)).map((g) => g.code);
  const facilitatorOf = Object.values(doc.groups).filter((g) => g.facilitators.includes(user.pseudonym)).map((g) => g.code);
  const reviews = Object.values(doc.groups).flatMap((g) => Object.entries(g.reviews).filter(([id]) => ids.has(id)).map(([id, r]) => ({ group: g.code, criterion: id, family: r.family, component: r.component, at: r.at })));
  const mayCreateGroups = Boolean(doc.facilitators[user.pseudonym]);
  if (!memberOf.length && !facilitatorOf.length && !reviews.length && !mayCreateGroups) return undefined;
  return { memberOf, facilitatorOf, mayCreateGroups, reviewsOfYourCriteria: reviews };
}

/** /forget: membership, facilitator roles and reviews of the person's criteria leave the shared document too. */
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
