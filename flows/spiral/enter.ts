import type { UserDoc } from '../../src/engine/index.ts';
import type { SpiralContext, SpiralStepDef } from './nav.ts';
import { isFull, isOpen } from './groups.ts';
import { day, groupTitle, profileLabel } from './labels.ts';
import { planNudge } from './nudge.ts';
import { notePerson } from './people.ts';
import { memberId, spiralRecords } from './records.ts';
import { FLOW_ID, spiralData } from './participant.ts';
import { questionStep, questionsOf } from './questions.ts';
import { summaryText } from './summary.ts';
import { fromVars, MOVED, type Answering, type SpiralStep } from './state.ts';
import type { Group, Participation, SpiralData } from './types.ts';

/** Joins (or comes back to) a group by its code: the one door for /spiral CODE, links and buttons. */
export async function enterByCode(ctx: SpiralContext, code: string): Promise<void> {
  const group = await (await spiralRecords(ctx.services.store)).groups.get(code);
  const t = ctx.t;
  if (!group) {
    ctx.say(t('spiral:join.unknown', { code }));
    return;
  }
  const member = spiralData(ctx).groups[code];
  if (!member && !isOpen(group, ctx.now)) {
    ctx.say(t('spiral:join.expired', { group: groupTitle(t, group), date: day(group.expiresAt) }));
    return;
  }
  await enter(ctx, group);
}

/** Starts or resumes this group's questionnaire exactly where the person stood. */
export async function enter(ctx: SpiralContext, group: Group): Promise<void> {
  const t = ctx.t;
  const data = spiralData(ctx);
  let p = data.groups[group.code];
  const title = groupTitle(t, group);
  if (!p) {
    const refusal = await admit(ctx, group.code);
    if (refusal) {
      ctx.say(refusal);
      return;
    }
    p = { group: group.code, joinedAt: ctx.now.toISOString(), lastActiveAt: ctx.now.toISOString(), criteria: [], ratings: {} };
    const origin = ctx.takeOrigin();
    if (origin) p.origin = origin;
    data.groups[group.code] = p;
    await planNudge(ctx, group.code);
    ctx.say(t('spiral:join.welcome', { group: title, territory: group.territory, profile: profileLabel(t, group.profile), count: questionsOf(group).length }));
  } else if (answeringNow(ctx.document().session)?.state.g === group.code) {
    ctx.say(t('spiral:join.already', { group: title }));
    ctx.reprompt();
    return;
  } else {
    ctx.say(t(p.finishedAt ? 'spiral:join.again' : 'spiral:join.resume', { group: title }));
  }
  if (group.lang && group.lang !== ctx.lang && ctx.services.i18n.languages.includes(group.lang)) {
    ctx.say(t('spiral:join.otherLanguage', { language: ctx.services.i18n.nameOf(group.lang), code: group.lang }));
  }
  keepPosition(ctx.document().session, data);
  begin(ctx, group, p);
}

/**
 * Adds the person to the group's members, or says why not. The code's state is checked inside
 * the same serialised update that uses it, so a join racing a close (or a full group) is decided once.
 */
async function admit(ctx: SpiralContext, code: string): Promise<string | null> {
  const t = ctx.t;
  const key = ctx.person.key;
  const now = ctx.now;
  const r = await spiralRecords(ctx.services.store);
  await notePerson(ctx.services.store, ctx.person);
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

type Session = NonNullable<UserDoc['session']>;

/** The state a saved session frame holds when it is a SPIRAL questionnaire (typed, or old `vars`). */
function answeringIn(frame: Readonly<Session>): Answering | undefined {
  if (frame.flow !== FLOW_ID) return undefined;
  const state = frame.state === undefined ? fromVars(frame.vars) : frame.state;
  return isAnswering(state) ? state : undefined;
}

function isAnswering(x: unknown): x is Answering {
  return typeof x === 'object' && x !== null && 'kind' in x && x.kind === 'answer' && 'g' in x && typeof x.g === 'string';
}

/** The person's questionnaire position: the session, or the SPIRAL frame waiting for a sub-flow (an idea, a family). */
function answeringNow(session: Readonly<Session> | undefined): { frame: Readonly<Session>; state: Answering } | undefined {
  for (const frame of session ? [session, ...[...(session.parents ?? [])].reverse()] : []) {
    const state = answeringIn(frame);
    if (state) return { frame, state };
  }
  return undefined;
}

/**
 * Keeps where the person stands in a group's questionnaire with that group's answers, when they
 * leave it (for another group, or /cancel): coming back resumes exactly there. Inside a sub-flow,
 * the step that called it.
 */
export function keepPosition(session: Readonly<Session> | undefined, data: SpiralData): void {
  const now = answeringNow(session);
  const p = now && data.groups[now.state.g];
  if (!now || !p || p.finishedAt) return;
  p.resume = { step: now.frame.step, state: structuredClone(now.state), history: [...now.frame.history] };
}

function begin(ctx: SpiralContext, group: Group, p: Participation): void {
  const qs = questionsOf(group);
  const fresh: Answering = { kind: 'answer', g: group.code, qs, title: groupTitle(ctx.t, group), rating: group.rating, floor: ctx.mark() };
  const exists = (id: string): id is SpiralStep => ctx.steps.includes(id);
  const saved = p.finishedAt ? undefined : p.resume;
  if (saved) {
    const kept = saved.state ?? fromVars(saved.vars ?? {});
    // A step now in a sub-flow resumes at the step that calls it; a question the group no longer asks (the fourth one switched off) at the list.
    const moved = MOVED[saved.step] ?? saved.step;
    const step = moved.startsWith('q.') && !qs.some((q) => questionStep(q) === moved) ? 'review' : moved;
    if (exists(step) && kept.kind === 'answer') {
      const { ret, idea, rskip } = kept;
      const history = saved.history.filter(exists);
      // Resumed at a step already walked (an idea's caller): /back goes on from where that step was.
      const walked = history.lastIndexOf(step);
      ctx.resumeAt({ step, history: walked >= 0 ? history.slice(0, walked) : history }, { ...fresh, ...(ret ? { ret } : {}), ...(idea ? { idea } : {}), ...(rskip ? { rskip } : {}) });
      return;
    }
  }
  if (p.finishedAt) {
    ctx.say(summaryText(ctx.t, p, qs, fresh.title));
    ctx.openAt('review', fresh);
    return;
  }
  ctx.openAt(questionStep(qs[0]!), fresh);
}

/**
 * The questionnaire steps, keeping the position with the group's answers whenever the person
 * answers there, so a detour into another flow (which replaces the session) resumes where they
 * last answered.
 */
export function keeping<K extends string>(steps: Record<K, SpiralStepDef>): Record<K, SpiralStepDef> {
  const out = { ...steps };
  for (const id of Object.keys(out) as K[]) {
    const def = out[id];
    const keep = (ctx: { document(): Readonly<UserDoc>; data: SpiralData }) => keepPosition(ctx.document().session, ctx.data);
    out[id] = {
      ...def,
      ...(def.onText ? { onText: (ctx, text) => (keep(ctx), def.onText!(ctx, text)) } : {}),
      ...(def.onChoice ? { onChoice: (ctx, value) => (keep(ctx), def.onChoice!(ctx, value)) } : {}),
      ...(def.onDone ? { onDone: (ctx) => (keep(ctx), def.onDone!(ctx)) } : {}),
      ...(def.onSkip ? { onSkip: (ctx) => (keep(ctx), def.onSkip!(ctx)) } : {}),
      ...(def.onReturn ? { onReturn: (ctx, r) => (keep(ctx), def.onReturn!(ctx, r)) } : {}),
    };
  }
  return out;
}
