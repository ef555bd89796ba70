import type { Turn } from '../../src/engine/index.ts';
import { INVITATION_DAYS, addDays, groupsDoc, isOpen, newInvitationCode, parseCycleId } from './groups.ts';
import { day, groupTitle, profileLabel } from './labels.ts';
import { INVITATION_LINK_PREFIX, startLink } from './links.ts';
import { groupToRun } from './members.ts';
import { QUESTION_SETS, questionsOf } from './questions.ts';
import { canCreateGroups, groupsRunBy } from './roles.ts';

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

/** `/spiral cycle NAME [3|4]` (managers): opens or updates a cycle and makes it the current one. */
export async function cycleCommand(turn: Turn, args: string[]): Promise<void> {
  const t = turn.t;
  if (!turn.isManager) {
    turn.say(t('spiral:fac.managersOnly'));
    return;
  }
  const count = args.at(-1) === '3' || args.at(-1) === '4' ? args.at(-1) : undefined;
  const id = parseCycleId((count ? args.slice(0, -1) : args).join(' '));
  if (!id) {
    turn.say(t('spiral:fac.cycleUsage'));
    return;
  }
  const now = turn.now.toISOString();
  const cycle = await (await groupsDoc(turn.services)).update((d) => {
    const c = (d.cycles[id] ??= { id, questionSet: 'spiral3', createdAt: now });
    if (count) c.questionSet = count === '4' ? 'spiral4' : 'spiral3';
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
  const pseudonym = args.find((a) => /^p-[0-9a-f-]{6,20}$/i.test(a))?.toLowerCase();
  const codeArg = args.find((a) => a.toLowerCase() !== pseudonym);
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

/** Someone typed or opened a facilitator invitation. */
export async function redeemInvitation(turn: Turn, code: string): Promise<void> {
  const t = turn.t;
  const doc = await groupsDoc(turn.services);
  const inv = doc.data.invitations[code];
  if (!inv || inv.usedAt || Date.parse(inv.expiresAt) <= turn.now.getTime()) {
    turn.say(t('spiral:fac.invitationInvalid'));
    return;
  }
  const me = turn.user.pseudonym;
  const now = turn.now.toISOString();
  const group = await doc.update((d) => {
    const i = d.invitations[code];
    if (!i) return undefined;
    i.usedAt = now;
    if (!i.group) {
      d.facilitators[me] ??= { since: now };
      return undefined;
    }
    const g = d.groups[i.group];
    if (g && !g.facilitators.includes(me)) g.facilitators.push(me);
    return g ? { ...g } : undefined;
  });
  turn.say(group ? t('spiral:fac.nowFacilitatorOf', { group: groupTitle(t, group), code: group.code }) : t('spiral:fac.nowFacilitator'));
}
