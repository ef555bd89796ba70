import type { Turn } from '../../src/engine/index.ts';
import { isFull, isOpen } from './groups.ts';
import { day, groupTitle, profileLabel } from './labels.ts';
import { planNudge } from './nudge.ts';
import { notePerson } from './people.ts';
import { memberId, spiralRecords } from './records.ts';
import { FLOW_ID, spiralData, vars, type SpiralVars } from './participant.ts';
import { questionStep, questionsOf } from './questions.ts';
import { summaryText } from './summary.ts';
import type { Group, Participation } from './types.ts';

/** Joins (or comes back to) a group by its code: the one door for /spiral CODE, links and buttons. */
export async function enterByCode(turn: Turn, code: string): Promise<void> {
  const group = await (await spiralRecords(turn.services.store)).groups.get(code);
  const t = turn.t;
  if (!group) {
    turn.say(t('spiral:join.unknown', { code }));
    return;
  }
  const member = spiralData(turn).groups[code];
  if (!member && !isOpen(group, turn.now)) {
    turn.say(t('spiral:join.expired', { group: groupTitle(t, group), date: day(group.expiresAt) }));
    return;
  }
  await enter(turn, group);
}

/** Starts or resumes this group's questionnaire exactly where the person stood. */
export async function enter(turn: Turn, group: Group): Promise<void> {
  const t = turn.t;
  const data = spiralData(turn);
  let p = data.groups[group.code];
  const title = groupTitle(t, group);
  if (!p) {
    const refusal = await admit(turn, group.code);
    if (refusal) {
      turn.say(refusal);
      return;
    }
    p = { group: group.code, joinedAt: turn.now.toISOString(), lastActiveAt: turn.now.toISOString(), criteria: [], ratings: {} };
    const origin = turn.takeOrigin();
    if (origin) p.origin = origin;
    data.groups[group.code] = p;
    await planNudge(turn, group.code);
    turn.say(t('spiral:join.welcome', { group: title, territory: group.territory, profile: profileLabel(t, group.profile), count: questionsOf(group).length }));
  } else if (vars(turn)?.g === group.code) {
    turn.say(t('spiral:join.already', { group: title }));
    turn.reprompt();
    return;
  } else {
    turn.say(t(p.finishedAt ? 'spiral:join.again' : 'spiral:join.resume', { group: title }));
  }
  if (group.lang && group.lang !== turn.lang && turn.services.i18n.languages.includes(group.lang)) {
    turn.say(t('spiral:join.otherLanguage', { language: turn.services.i18n.nameOf(group.lang), code: group.lang }));
  }
  begin(turn, group, p);
}

/**
 * Adds the person to the group's members, or says why not. The code's state is checked inside
 * the same serialised update that uses it, so a join racing a close (or a full group) is decided once.
 */
async function admit(turn: Turn, code: string): Promise<string | null> {
  const t = turn.t;
  const key = turn.user.key;
  const now = turn.now;
  const r = await spiralRecords(turn.services.store);
  await notePerson(turn.services.store, turn.user);
  let outcome: { refused?: 'unknown' | 'expired' | 'full'; group?: Group } = {};
  if (await r.members.get(memberId(code, key))) return null;
  // The check and the count are one update of the group record: a full or closed group admits nobody, even at once.
  await r.groups.update(code, (g) => {
    if (!g) outcome = { refused: 'unknown' };
    else if (!isOpen(g, now)) outcome = { refused: 'expired', group: g };
    else if (isFull(g)) outcome = { refused: 'full', group: g };
    else {
      outcome = { group: g };
      return { ...g, memberCount: g.memberCount + 1 };
    }
    return g;
  });
  if (!outcome.refused) await r.members.put({ id: memberId(code, key), group: code, key, joinedAt: now.toISOString() });
  const group = outcome.group!;
  switch (outcome.refused) {
    case undefined:
      return null;
    case 'unknown':
      return t('spiral:join.unknown', { code });
    case 'expired':
      return t('spiral:join.expired', { group: groupTitle(t, group), date: day(group.expiresAt) });
    case 'full':
      return t('spiral:join.full', { group: groupTitle(t, group), count: group.maxMembers ?? 0 });
  }
}

function begin(turn: Turn, group: Group, p: Participation): void {
  const qs = questionsOf(group);
  const fresh: SpiralVars = { g: group.code, qs, title: groupTitle(turn.t, group), rating: group.rating, floor: turn.user.seq };
  const steps = turn.services.flows.get(FLOW_ID)?.steps ?? [];
  // A question the group no longer asks (the fourth one switched off) resumes at the list instead.
  const dropped = p.resume?.step.startsWith('q.') && !qs.some((q) => questionStep(q) === p.resume!.step);
  const resume = p.resume && !p.finishedAt && steps.some((s) => s.id === p.resume!.step) ? (dropped ? { ...p.resume, step: 'review' } : p.resume) : undefined;
  if (resume) {
    turn.begin(FLOW_ID, { step: resume.step, vars: { ...resume.vars, ...fresh } });
    turn.user.session!.history = [...resume.history];
    return;
  }
  if (p.finishedAt) {
    turn.say(summaryText(turn, p, qs, fresh.title));
    turn.begin(FLOW_ID, { step: 'review', vars: fresh });
    return;
  }
  turn.begin(FLOW_ID, { step: questionStep(qs[0]!), vars: fresh });
}
