/**
 * A member in a theme group: each proposal in turn, with its elaborated version once there is
 * one. Every message is one comment or one amendment (a button switches which); Done goes on to
 * the next proposal. Prompts render from the state only, so the handlers load what they show.
 */
import { end, reprompt, stay, UserError, type Services, type StepContext, type StepDef } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { Contribution, Stance } from '../types.ts';
import { addContribution, requireCall, requireGroup, requireProposal, setStance, stanceCounts, stancesClosed, type Who } from './ops.ts';
import { preview } from './text.ts';

/** The proposal on screen, as loaded when the member reached it. */
export interface Current {
  id: string;
  title: string;
  body: string;
  elaborated?: string;
  support: number;
  object: number;
  mine?: Stance['stance'];
  /** Supporting and objecting are still open. */
  open: boolean;
  /** The member's own contributions to it so far. */
  count: number;
}

export interface WorkState {
  group: string;
  groupTitle: string;
  ids: string[];
  index: number;
  kind: Contribution['kind'];
  deadline?: string;
  current: Current;
}

export type WorkStep = 'proposal';
export type WorkAction = 'join' | 'open' | 'elab';

/** Loads the group's proposal at `index` for `who` (the state of a new position). */
export async function loadWork(services: Services, groupId: string, index: number, who: Who, kind: Contribution['kind'] = 'comment'): Promise<WorkState> {
  const r = nowbeallRecords(services.store);
  const group = await requireGroup(r, groupId);
  if (group.proposals.length === 0) throw new UserError('nowbeall-groups:work.empty', { group: group.id });
  const at = Math.max(0, Math.min(index, group.proposals.length - 1));
  const p = await requireProposal(r, group.proposals[at]!);
  const call = await requireCall(r, group.call);
  const elaborated = await r.elaborated.get(p.id);
  const counts = await stanceCounts(r, p.id);
  const mine = who.pseudonym ? await r.stances.get(`${p.id}:${who.pseudonym}`) : undefined;
  const count = who.pseudonym ? await r.contributions.count({ proposal: p.id, by: who.pseudonym }) : 0;
  return {
    group: group.id,
    groupTitle: group.title,
    ids: group.proposals,
    index: at,
    kind,
    ...(group.deadline ? { deadline: group.deadline } : {}),
    current: {
      id: p.id,
      title: p.title,
      body: p.body,
      ...(elaborated ? { elaborated: elaborated.text } : {}),
      ...counts,
      ...(mine ? { mine: mine.stance } : {}),
      open: !stancesClosed(group, call, services.now()),
      count,
    },
  };
}

type Ctx = StepContext<WorkState, Record<string, never>, WorkAction>;

const whoOf = (ctx: { person: { pseudonym: string }; isManager: boolean }): Who => ({ pseudonym: ctx.person.pseudonym, isManager: ctx.isManager });

/** The buttons that switch between comment and amendment, the current one ticked. */
function kindChoices(t: (k: string) => string, kind: Contribution['kind']) {
  return (['comment', 'amendment'] as const).map((k) => ({ label: `${k === kind ? '✓ ' : ''}${t(`nowbeall-groups:work.kind.${k}`)}`, value: `k:${k}` }));
}

export const workStep: StepDef<WorkState, Record<string, never>, WorkStep, void, WorkAction> = {
  list: true,
  progress: (v) => v.t('nowbeall-groups:work.progress', { group: v.state.group, n: v.state.index + 1, total: v.state.ids.length, count: v.state.current.count }),
  prompt(v) {
    const { t, state: s } = v;
    const c = s.current;
    const parts = [t('nowbeall-groups:work.proposal', { groupTitle: s.groupTitle, id: c.id, title: c.title, body: c.body })];
    if (c.elaborated) {
      parts.push(t('nowbeall-groups:work.elaborated', { text: c.elaborated, support: c.support, object: c.object }));
      if (c.mine) parts.push(t(`nowbeall-groups:stance.yours.${c.mine}`));
      if (!c.open) parts.push(t('nowbeall-groups:work.stancesClosed'));
      else if (s.deadline) parts.push(t('nowbeall-groups:work.until', { date: s.deadline.slice(0, 10) }));
    }
    parts.push(t(`nowbeall-groups:work.ask.${s.kind}`), t(s.index + 1 < s.ids.length ? 'nowbeall-groups:work.doneNext' : 'nowbeall-groups:work.doneLast'));
    const choices = kindChoices(t, s.kind);
    if (c.elaborated && c.open) choices.push({ label: t('nowbeall-groups:stance.support'), value: 's:support' }, { label: t('nowbeall-groups:stance.object'), value: 's:object' });
    return { text: parts.join('\n\n'), choices };
  },
  async onText(ctx: Ctx, text) {
    const s = ctx.state;
    const c = await addContribution(ctx.services, { group: s.group, proposal: s.current.id, kind: s.kind, text }, whoOf(ctx));
    s.current.count += 1;
    ctx.sayAtStep(ctx.t(`nowbeall-groups:work.saved.${c.kind}`, { n: s.current.count, text: preview(c.text) }), kindChoices(ctx.t, s.kind));
    return stay();
  },
  async onChoice(ctx: Ctx, value) {
    const s = ctx.state;
    const [what, arg] = value.split(':');
    if (what === 'k' && (arg === 'comment' || arg === 'amendment')) {
      s.kind = arg;
      ctx.sayAtStep(ctx.t(`nowbeall-groups:work.ask.${arg}`), kindChoices(ctx.t, s.kind));
      return stay();
    }
    if (what === 's' && (arg === 'support' || arg === 'object')) {
      const r = await setStance(ctx.services, s.current.id, arg, whoOf(ctx));
      ctx.say(ctx.t(r.changed ? `nowbeall-groups:stance.saved.${arg}` : `nowbeall-groups:stance.already.${arg}`, { id: s.current.id }));
      ctx.state = await loadWork(ctx.services, s.group, s.index, whoOf(ctx), s.kind);
      return reprompt();
    }
    throw new UserError('common:button.invalid');
  },
  async onDone(ctx: Ctx) {
    const s = ctx.state;
    if (s.index + 1 >= s.ids.length) return end();
    ctx.state = await loadWork(ctx.services, s.group, s.index + 1, whoOf(ctx), s.kind);
    return reprompt();
  },
};
