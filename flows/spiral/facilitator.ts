import type { Turn } from '../../src/engine/index.ts';
import { INVITATION_DAYS, addDays, groupsDoc, isOpen, newInvitationCode, parseCycleId } from './groups.ts';
import { day, groupTitle, profileLabel } from './labels.ts';
import { INVITATION_LINK_PREFIX, startLink } from './links.ts';
import { groupToRun } from './members.ts';
import { DEFAULT_QUESTION_SET, QUESTION_SETS, questionCounts, questionSetOfSize, questionsOf } from './questions.ts';
import { cleanName } from '../../src/core/clean-text.ts';
import { pseudonymExists } from './people.ts';
import { canCreateGroups, groupsRunBy } from './roles.ts';
import type { Group } from './types.ts';

/** `/spiral groups`: the groups this person runs, with code, state and size. */
export async function listGroups(turn: Turn): Promise<void> {
  const t = turn.t;
  const doc = (await groupsDoc(turn.services)).data;
  const groups = groupsRunBy(turn, doc);
  if (groups.length === 0) {
    turn.say(t(canCreateGroups(turn, doc) ? 'spiral:fac.noGroupsYet' : 'spiral:fac.noGroups'));
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
        members: g.members.length,
        state: isOpen(g, turn.now) ? t('spiral:fac.openUntil', { date: day(g.expiresAt) }) : t('spiral:fac.closed'),
      }),
    );
  }
  turn.say(lines.join('\n'));
}

/** `/spiral close CODE`: the join code stops admitting people now; members can still finish. */
export async function closeGroup(turn: Turn, arg: string | undefined): Promise<void> {
  const group = await groupToRun(turn, arg);
  if (!group) return;
  const now = turn.now.toISOString();
  await (await groupsDoc(turn.services)).update((d) => {
    const g = d.groups[group.code];
    if (g && Date.parse(g.expiresAt) > Date.parse(now)) g.expiresAt = now;
  });
  turn.say(turn.t('spiral:fac.closedNow', { group: groupTitle(turn.t, group), code: group.code }));
}

/** `/spiral future CODE on|off`: switches the fourth, forward-looking question for one group. */
export async function toggleFuture(turn: Turn, args: string[]): Promise<void> {
  const t = turn.t;
  const onOff = args.find((a) => /^(on|off)$/i.test(a))?.toLowerCase();
  const code = args.find((a) => !/^(on|off)$/i.test(a));
  if (!onOff) {
    turn.say(t('spiral:fac.futureUsage'));
    return;
  }
  const group = await groupToRun(turn, code);
  if (!group) return;
  await (await groupsDoc(turn.services)).update((d) => {
    const g = d.groups[group.code];
    if (g) g.questionSet = onOff === 'on' ? 'spiral4' : 'spiral3';
  });
  turn.say(t(onOff === 'on' ? 'spiral:fac.futureOn' : 'spiral:fac.futureOff', { group: groupTitle(t, group) }));
}

/** Most participants a group may have: far above a homogeneous group of 7–12, a bound against a mistyped number. */
export const MAX_GROUP_LIMIT = 1000;

/** `/spiral limit CODE N|off`: at most N participants; people already in always stay. */
export async function limitCommand(turn: Turn, args: string[]): Promise<void> {
  const t = turn.t;
  const value = args.find((a) => /^(\d+|off)$/i.test(a))?.toLowerCase();
  const code = args.find((a) => a.toLowerCase() !== value);
  const n = value === 'off' ? undefined : Number(value);
  if (!value || (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_GROUP_LIMIT))) {
    turn.say(t('spiral:fac.limitUsage', { max: MAX_GROUP_LIMIT }));
    return;
  }
  const group = await groupToRun(turn, code);
  if (!group) return;
  const members = await (await groupsDoc(turn.services)).update((d) => {
    const g = d.groups[group.code];
    if (!g) return 0;
    if (n === undefined) delete g.maxMembers;
    else g.maxMembers = n;
    return g.members.length;
  });
  turn.say(n === undefined ? t('spiral:fac.limitOff', { group: groupTitle(t, group) }) : t('spiral:fac.limitSet', { group: groupTitle(t, group), count: n, members }));
}

/** `/spiral cycle NAME [3|4]` (managers): opens or updates a cycle and makes it the current one. */
export async function cycleCommand(turn: Turn, args: string[]): Promise<void> {
  const t = turn.t;
  if (!turn.isManager) {
    turn.say(t('spiral:fac.managersOnly'));
    return;
  }
  // A short trailing number is a question count ("2025 4"); a year is part of the name ("Spring 2025").
  const last = args.length > 1 && /^\d{1,2}$/.test(args.at(-1)!) ? Number(args.at(-1)) : undefined;
  const set = last === undefined ? undefined : questionSetOfSize(last);
  if (last !== undefined && !set) {
    turn.say(t('spiral:fac.cycleCount', { count: last, counts: questionCounts().join(', ') }));
    return;
  }
  const typed = cleanName((last !== undefined ? args.slice(0, -1) : args).join(' '));
  const id = parseCycleId(typed);
  if (!id) {
    turn.say(typed ? t('spiral:fac.cycleInvalid', { cycle: typed.slice(0, 40) }) : t('spiral:fac.cycleUsage'));
    return;
  }
  const now = turn.now.toISOString();
  const cycle = await (await groupsDoc(turn.services)).update((d) => {
    const c = (d.cycles[id] ??= { id, questionSet: DEFAULT_QUESTION_SET, createdAt: now });
    if (set) c.questionSet = set;
    d.currentCycle = id;
    return { ...c };
  });
  turn.say(t('spiral:fac.cycleSet', { cycle: cycle.id, count: QUESTION_SETS[cycle.questionSet]?.questions.length ?? 3 }));
}

/**
 * `/spiral facilitator [CODE]` makes a one-time invitation: for one group (its facilitators
 * and managers may invite), or to create groups (managers only). `/spiral facilitator p-… [CODE]`
 * names a person directly by the pseudonym they can read in /mydata.
 */
export async function facilitatorCommand(turn: Turn, args: string[]): Promise<void> {
  const t = turn.t;
  const typedPseudonym = args.find((a) => /^p-/i.test(a));
  const pseudonym = typedPseudonym?.toLowerCase();
  const codeArg = args.find((a) => a !== typedPseudonym);
  const doc = await groupsDoc(turn.services);
  let groupCode: string | undefined;
  if (codeArg) {
    const group = await groupToRun(turn, codeArg);
    if (!group) return;
    groupCode = group.code;
  } else if (!turn.isManager) {
    turn.say(t('spiral:fac.managersOnly'));
    return;
  }
  const now = turn.now;
  if (pseudonym) {
    if (!turn.isManager) {
      turn.say(t('spiral:fac.managersOnly'));
      return;
    }
    // A mistyped pseudonym would give the role to nobody, silently: it must name someone who exists.
    if (!/^p-[0-9a-f-]{6,20}$/.test(pseudonym) || !(await pseudonymExists(turn.services.store, pseudonym))) {
      turn.say(t('spiral:fac.noSuchPerson', { pseudonym: pseudonym.slice(0, 24) }));
      return;
    }
    await doc.update((d) => {
      if (groupCode) {
        const g = d.groups[groupCode];
        if (g && !g.facilitators.includes(pseudonym)) g.facilitators.push(pseudonym);
      } else d.facilitators[pseudonym] ??= { since: now.toISOString() };
    });
    turn.say(t(groupCode ? 'spiral:fac.namedForGroup' : 'spiral:fac.named', { pseudonym, code: groupCode ?? '' }));
    return;
  }
  const invitation = await doc.update((d) => {
    const code = newInvitationCode(d);
    d.invitations[code] = { code, ...(groupCode ? { group: groupCode } : {}), createdBy: turn.user.pseudonym, createdAt: now.toISOString(), expiresAt: addDays(now, INVITATION_DAYS) };
    return d.invitations[code]!;
  });
  const link = startLink(turn, `${INVITATION_LINK_PREFIX}${invitation.code}`);
  turn.say(
    [
      t(groupCode ? 'spiral:fac.inviteGroup' : 'spiral:fac.invite', { code: invitation.code, group: groupCode ?? '', date: day(invitation.expiresAt) }),
      ...(link ? [t('spiral:link.telegram', { link })] : []),
    ].join('\n'),
  );
}

/**
 * Someone typed or opened a facilitator invitation. Checking and using it is one step inside
 * the store's serialised update: eight people sending the same code at once make one facilitator.
 */
export async function redeemInvitation(turn: Turn, code: string): Promise<void> {
  const t = turn.t;
  const doc = await groupsDoc(turn.services);
  const me = turn.user.pseudonym;
  const now = turn.now;
  const outcome = await doc.update((d): { ok: false } | { ok: true; group?: Group } => {
    const i = d.invitations[code];
    if (!i || i.usedAt || Date.parse(i.expiresAt) <= now.getTime()) return { ok: false };
    const g = i.group ? d.groups[i.group] : undefined;
    // An invitation to a group deleted since is spent on nothing: refuse it and keep it unused.
    if (i.group && !g) return { ok: false };
    i.usedAt = now.toISOString();
    if (!g) {
      d.facilitators[me] ??= { since: now.toISOString() };
      return { ok: true };
    }
    if (!g.facilitators.includes(me)) g.facilitators.push(me);
    return { ok: true, group: structuredClone(g) };
  });
  if (!outcome.ok) {
    turn.say(t('spiral:fac.invitationInvalid'));
    return;
  }
  turn.say(outcome.group ? t('spiral:fac.nowFacilitatorOf', { group: groupTitle(t, outcome.group), code: outcome.group.code }) : t('spiral:fac.nowFacilitator'));
}
