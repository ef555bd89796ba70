import type { ReadServices, UserDoc } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { StoreCorruptError } from '../../src/engine/index.ts';
import { DamagedFiles } from './damaged.ts';
import type { ComponentCode, FamilyCode } from './grid/index.ts';
import { parseGroupCode } from './groups.ts';
import { spiralDataOf } from './participant.ts';
import { all, spiralRecords } from './records.ts';
import { canRun, groupsRunBy } from './roles.ts';
import type { ClassifiedBy, Criterion, Group, Participation, Review } from './types.ts';

/** One participant's work in a group, as a facilitator sees it: by pseudonym only. */
export interface Member {
  key: string;
  pseudonym: string;
  p: Participation;
}

/** The criteria of a group's members (found through the members' `group` index), read from their own documents. */
export async function membersOf(services: Pick<ReadServices, 'store'>, group: Pick<Group, 'code'>, self?: Readonly<UserDoc>, damaged?: DamagedFiles): Promise<Member[]> {
  const out: Member[] = [];
  const r = await spiralRecords(services.store);
  const members = await all(r.members, { group: group.code }, 'joinedAt');
  for (const { key } of members) {
    // The person asking may be a member too: their draft is newer than the stored copy.
    const doc = self?.key === key ? self : await load(services, key, damaged);
    const p = doc ? spiralDataOf(doc)?.groups[group.code] : undefined;
    if (doc && p) out.push({ key, pseudonym: doc.pseudonym, p });
  }
  return out;
}

/** A member's document, or null when it is damaged (then named in `damaged`, never thrown). */
async function load(services: Pick<ReadServices, 'store'>, key: string, damaged?: DamagedFiles): Promise<Readonly<UserDoc> | null> {
  try {
    return await services.store.loadUser(key);
  } catch (e) {
    if (!(e instanceof StoreCorruptError)) throw e;
    (damaged ?? new DamagedFiles(services)).add(e.file);
    return null;
  }
}

export interface GroupCriterion {
  n: number;
  criterion: Criterion;
  member: Member;
}

/** Every criterion of the group, numbered in a stable order (oldest first). */
export function numbered(members: Member[]): GroupCriterion[] {
  const all = members.flatMap((member) => member.p.criteria.map((criterion) => ({ criterion, member })));
  // Stable sort: same instant → the order of members, then each member's own order.
  all.sort((a, b) => a.criterion.createdAt.localeCompare(b.criterion.createdAt));
  return all.map((x, i) => ({ ...x, n: i + 1 }));
}

export interface Classification {
  family?: FamilyCode;
  component?: ComponentCode;
  by?: ClassifiedBy;
}

/** The classification that counts: the facilitator's review over the citizen's choice. */
export function effective(c: Criterion, review: Review | undefined): Classification {
  if (review?.family) return { family: review.family, component: review.component, by: 'facilitator' };
  if (c.family) return { family: c.family, component: c.component, by: c.classifiedBy ?? 'citizen' };
  return {};
}

/** A group's facilitator reviews, by criterion id. */
export async function reviewsOf(services: Pick<ReadServices, 'store'>, code: string): Promise<Record<string, Review>> {
  const r = await spiralRecords(services.store);
  const out: Record<string, Review> = {};
  for (const x of await all(r.reviews, { group: code })) out[x.criterion] = { ...(x.family ? { family: x.family } : {}), ...(x.component ? { component: x.component } : {}), by: x.by, at: x.at };
  return out;
}

/**
 * The group a facilitator command is about: the code given, or the only group the person
 * runs. Says why not otherwise (unknown code, not theirs, which one?).
 */
export async function groupToRun(ctx: SpiralContext, arg: string | undefined): Promise<Group | null> {
  const t = ctx.t;
  const r = await spiralRecords(ctx.services.store);
  if (!arg) {
    const mine = await groupsRunBy(r, ctx);
    if (mine.length === 1) return mine[0]!;
    ctx.say(t(mine.length === 0 ? 'spiral:fac.noGroups' : 'spiral:fac.whichGroup'));
    return null;
  }
  const code = parseGroupCode(arg);
  const group = code ? await r.groups.get(code) : undefined;
  if (!group) {
    ctx.say(t('spiral:join.unknown', { code: arg.slice(0, 20) }));
    return null;
  }
  if (!(await canRun(r, ctx, group))) {
    ctx.say(t('spiral:fac.notAllowed', { code: group.code }));
    return null;
  }
  return group;
}
