import type { SpiralContext } from './nav.ts';
import { INVITATION_DAYS, addDays, isOpen, newInvitationCode, parseCycleId } from './groups.ts';
import { day, groupTitle, profileLabel } from './labels.ts';
import { INVITATION_LINK_PREFIX, invitationLinks } from './links.ts';
import { groupToRun } from './members.ts';
import { DEFAULT_QUESTION_SET, QUESTION_SETS, questionCounts, questionSetOfSize, questionsOf } from './questions.ts';
import { cleanName } from '../../src/core/clean-text.ts';
import { pseudonymExists } from './people.ts';
import { ANY_GROUP, spiralRecords, type InvitationRecord } from './records.ts';
import { canCreateGroups, grantRole, groupsRunBy } from './roles.ts';
import type { Group } from './types.ts';

const recordsOf = (ctx: SpiralContext) => spiralRecords(ctx.services.store);

/** `/spiral groups`: the groups this person runs, with code, state and size. */
export async function listGroups(ctx: SpiralContext): Promise<void> {
  const t = ctx.t;
  const r = await recordsOf(ctx);
  const groups = await groupsRunBy(r, ctx);
  if (groups.length === 0) {
    ctx.say(t((await canCreateGroups(r, ctx)) ? 'spiral:fac.noGroupsYet' : 'spiral:fac.noGroups'));
    return;
  }
  const lines = [t('spiral:fac.groupsTitle', { count: groups.length })];
  for (const g of groups) {
    lines.push(
      t('spiral:fac.groupLine', {
        code: g.code,
        group: groupTitle(t, g),
        territory: g.territory,
        profile: profileLabel(t, g.profile),
        cycle: g.cycle,
        questions: questionsOf(g).length,
        members: g.memberCount,
        state: isOpen(g, ctx.now) ? t('spiral:fac.openUntil', { date: day(g.expiresAt) }) : t('spiral:fac.closed'),
      }),
    );
  }
  ctx.say(lines.join('\n'));
}

/** `/spiral close CODE`: the join code stops admitting people now; members can still finish. */
export async function closeGroup(ctx: SpiralContext, arg: string | undefined): Promise<void> {
  const group = await groupToRun(ctx, arg);
  if (!group) return;
  const now = ctx.now.toISOString();
  await (await recordsOf(ctx)).groups.update(group.code, (g) => (g && Date.parse(g.expiresAt) > Date.parse(now) ? { ...g, expiresAt: now } : g));
  ctx.say(ctx.t('spiral:fac.closedNow', { group: groupTitle(ctx.t, group), code: group.code }));
}

/** `/spiral future CODE on|off`: switches the fourth, forward-looking question for one group. */
export async function toggleFuture(ctx: SpiralContext, args: string[]): Promise<void> {
  const t = ctx.t;
  const onOff = args.find((a) => /^(on|off)$/i.test(a))?.toLowerCase();
  const code = args.find((a) => !/^(on|off)$/i.test(a));
  if (!onOff) {
    ctx.say(t('spiral:fac.futureUsage'));
    return;
  }
  const group = await groupToRun(ctx, code);
  if (!group) return;
  await (await recordsOf(ctx)).groups.update(group.code, (g) => (g ? { ...g, questionSet: onOff === 'on' ? 'spiral4' : 'spiral3' } : g));
  ctx.say(t(onOff === 'on' ? 'spiral:fac.futureOn' : 'spiral:fac.futureOff', { group: groupTitle(t, group) }));
}

/** Most participants a group may have: far above a homogeneous group of 7–12, a bound against a mistyped number. */
export const MAX_GROUP_LIMIT = 1000;

/** `/spiral limit CODE N|off`: at most N participants; people already in always stay. */
export async function limitCommand(ctx: SpiralContext, args: string[]): Promise<void> {
  const t = ctx.t;
  const value = args.find((a) => /^(\d+|off)$/i.test(a))?.toLowerCase();
  const code = args.find((a) => a.toLowerCase() !== value);
  const n = value === 'off' ? undefined : Number(value);
  if (!value || (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_GROUP_LIMIT))) {
    ctx.say(t('spiral:fac.limitUsage', { max: MAX_GROUP_LIMIT }));
    return;
  }
  const group = await groupToRun(ctx, code);
  if (!group) return;
  const stored = await (await recordsOf(ctx)).groups.update(group.code, (g) => {
    if (!g) return g;
    const { maxMembers: _old, ...rest } = g;
    return n === undefined ? rest : { ...rest, maxMembers: n };
  });
  const members = stored?.memberCount ?? 0;
  ctx.say(n === undefined ? t('spiral:fac.limitOff', { group: groupTitle(t, group) }) : t('spiral:fac.limitSet', { group: groupTitle(t, group), count: n, members }));
}

/** `/spiral cycle NAME [3|4]` (managers): opens or updates a cycle and makes it the current one. */
export async function cycleCommand(ctx: SpiralContext, args: string[]): Promise<void> {
  const t = ctx.t;
  if (!ctx.isManager) {
    ctx.say(t('spiral:fac.managersOnly'));
    return;
  }
  // A short trailing number is a question count ("2025 4"); a year is part of the name ("Spring 2025").
  const last = args.length > 1 && /^\d{1,2}$/.test(args.at(-1)!) ? Number(args.at(-1)) : undefined;
  const set = last === undefined ? undefined : questionSetOfSize(last);
  if (last !== undefined && !set) {
    ctx.say(t('spiral:fac.cycleCount', { count: last, counts: questionCounts().join(', ') }));
    return;
  }
  const typed = cleanName((last !== undefined ? args.slice(0, -1) : args).join(' '));
  const id = parseCycleId(typed);
  if (!id) {
    ctx.say(typed ? t('spiral:fac.cycleInvalid', { cycle: typed.slice(0, 40) }) : t('spiral:fac.cycleUsage'));
    return;
  }
  const now = ctx.now.toISOString();
  const r = await recordsOf(ctx);
  const cycle = (await r.cycles.update(id, (c) => {
    const made = c ?? { id, questionSet: DEFAULT_QUESTION_SET, createdAt: now };
    return set ? { ...made, questionSet: set } : made;
  }))!;
  await r.settings.put({ id: 'current-cycle', value: id });
  ctx.say(t('spiral:fac.cycleSet', { cycle: cycle.id, count: QUESTION_SETS[cycle.questionSet]?.questions.length ?? 3 }));
}

/**
 * `/spiral facilitator [CODE]` makes a one-time invitation: for one group (its facilitators
 * and managers may invite), or to create groups (managers only). `/spiral facilitator p-… [CODE]`
 * names a person directly by the pseudonym they can read in /mydata.
 */
export async function facilitatorCommand(ctx: SpiralContext, args: string[]): Promise<void> {
  const t = ctx.t;
  const typedPseudonym = args.find((a) => /^p-/i.test(a));
  const pseudonym = typedPseudonym?.toLowerCase();
  const codeArg = args.find((a) => a !== typedPseudonym);
  const r = await recordsOf(ctx);
  let groupCode: string | undefined;
  if (codeArg) {
    const group = await groupToRun(ctx, codeArg);
    if (!group) return;
    groupCode = group.code;
  } else if (!ctx.isManager) {
    ctx.say(t('spiral:fac.managersOnly'));
    return;
  }
  const now = ctx.now;
  if (pseudonym) {
    if (!ctx.isManager) {
      ctx.say(t('spiral:fac.managersOnly'));
      return;
    }
    // A mistyped pseudonym would give the role to nobody, silently: it must name someone who exists.
    if (!/^p-[0-9a-f-]{6,20}$/.test(pseudonym) || !(await pseudonymExists(ctx.services.store, pseudonym))) {
      ctx.say(t('spiral:fac.noSuchPerson', { pseudonym: pseudonym.slice(0, 24) }));
      return;
    }
    await grantRole(r, pseudonym, groupCode ?? ANY_GROUP, now.toISOString());
    ctx.say(t(groupCode ? 'spiral:fac.namedForGroup' : 'spiral:fac.named', { pseudonym, code: groupCode ?? '' }));
    return;
  }
  let invitation: InvitationRecord | undefined;
  while (!invitation) {
    const code = newInvitationCode();
    const made: InvitationRecord = { id: code, code, ...(groupCode ? { group: groupCode } : {}), createdBy: ctx.person.pseudonym, createdAt: now.toISOString(), expiresAt: addDays(now, INVITATION_DAYS) };
    let mine = false;
    // A code already taken (one chance in billions) is left alone and another is drawn.
    await r.invitations.update(code, (cur) => {
      if (cur) return cur;
      mine = true;
      return made;
    });
    if (mine) invitation = made;
  }
  const links = invitationLinks(ctx, `${INVITATION_LINK_PREFIX}${invitation.code}`);
  ctx.say(
    [
      t(groupCode ? 'spiral:fac.inviteGroup' : 'spiral:fac.invite', { code: invitation.code, group: groupCode ?? '', date: day(invitation.expiresAt) }),
      ...links,
    ].join('\n'),
  );
}

/**
 * Someone typed or opened a facilitator invitation. Checking and using it is one step inside
 * the store's serialised update: eight people sending the same code at once make one facilitator.
 */
export async function redeemInvitation(ctx: SpiralContext, code: string): Promise<void> {
  const t = ctx.t;
  const r = await recordsOf(ctx);
  const me = ctx.person.pseudonym;
  const now = ctx.now;
  let spent: InvitationRecord | undefined;
  // The check and the use are one update of the invitation record: of many people at once, one wins.
  await r.invitations.update(code, async (i) => {
    if (!i || i.usedAt || Date.parse(i.expiresAt) <= now.getTime()) return i;
    // An invitation to a group deleted since is spent on nothing: refuse it and keep it unused.
    if (i.group && !(await r.groups.get(i.group))) return i;
    spent = { ...i, usedAt: now.toISOString() };
    return spent;
  });
  if (!spent) {
    ctx.say(t('spiral:fac.invitationInvalid'));
    return;
  }
  await grantRole(r, me, spent.group ?? ANY_GROUP, now.toISOString());
  const group: Group | undefined = spent.group ? await r.groups.get(spent.group) : undefined;
  ctx.say(group ? t('spiral:fac.nowFacilitatorOf', { group: groupTitle(t, group), code: group.code }) : t('spiral:fac.nowFacilitator'));
}
