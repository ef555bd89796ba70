/**
 * `/nbgroup` and `/nbanswer` in chat, and the buttons that lead into a group. Everyone: their
 * groups and invitations, join, work in a group, support or object. Facilitators: read the
 * contributions, publish the elaborated version. Managers: create a group, name facilitators,
 * record official answers.
 *
 * @example
 * /nbgroup                         your groups and invitations
 * /nbgroup join g3 · /nbgroup g3   join, then each proposal in turn
 * /nbgroup support 12 · object 12  on the elaborated version, before the deadline
 * /nbgroup read 12 · elaborate 12  facilitators
 * /nbgroup create nba-2026 health 3,7,12 2026-06-30 Health at school   managers
 * /nbgroup facilitator g3 p-1a2b3c · /nbanswer 12 [accepted|study|not-retained text]
 */
import { every, UserError, type Context } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { ThemeGroup } from '../types.ts';
import { answerFlow } from './answer.ts';
import { elaborateFlow } from './elaborate.ts';
import { addFacilitators, answerable, createGroup, isFacilitator, isMember, joinGroup, recordAnswer, requireGroup, requireProposal, setStance, type Who } from './ops.ts';
import { answerKind, deadline, groupId, isGroupId, proposalId, proposalList, pseudonyms } from './parse.ts';
import { loadWork, type WorkAction, type WorkState } from './work.ts';

export type GroupsContext = Context<Record<string, never>, WorkAction, WorkState>;

/** Contributions shown at once to a facilitator: the latest ones; the report and the CLI have them all. */
const READ_MAX = 100;

const whoOf = (ctx: GroupsContext): Who => ({ pseudonym: ctx.person.pseudonym, isManager: ctx.isManager });

function managersOnly(ctx: GroupsContext): void {
  if (!ctx.isManager) throw new UserError('nowbeall-groups:managersOnly');
}

/** Opens the group's first proposal (or the one at `index`) for a member or a facilitator. */
export async function openGroup(ctx: GroupsContext, raw: string, index = 0): Promise<void> {
  const r = nowbeallRecords(ctx.services.store);
  const group = await requireGroup(r, groupId(raw));
  if (!(await isMember(r, group.id, ctx.person.pseudonym)) && !isFacilitator(group, whoOf(ctx))) {
    ctx.say(ctx.t('nowbeall-groups:join.offer', { group: group.id, title: group.title, count: group.proposals.length }), [ctx.button(ctx.t('nowbeall-groups:join.button'), 'join', group.id)]);
    return;
  }
  ctx.open(await loadWork(ctx.services, group.id, index, whoOf(ctx)));
}

export async function join(ctx: GroupsContext, raw: string): Promise<void> {
  const { group, already } = await joinGroup(ctx.services, groupId(raw), { pseudonym: ctx.person.pseudonym, key: ctx.person.key });
  ctx.say(ctx.t(already ? 'nowbeall-groups:join.already' : 'nowbeall-groups:join.done', { group: group.id, title: group.title, count: group.proposals.length }), [
    ctx.button(ctx.t('nowbeall-groups:join.start'), 'open', group.id),
  ]);
}

const groupLine = (ctx: GroupsContext, g: ThemeGroup) => ctx.t('nowbeall-groups:overview.group', { group: g.id, title: g.title, call: g.call, count: g.proposals.length });

/** The person's groups, the groups their proposals and supports went into, and the managers' commands. */
async function overview(ctx: GroupsContext): Promise<void> {
  const r = nowbeallRecords(ctx.services.store);
  const me = ctx.person.pseudonym;
  const mine = await r.groups.getMany((await every(r.members, { where: { by: me } })).map((m) => m.group));
  const joined = new Set(mine.map((g) => g.id));
  const followed = await r.proposals.getMany((await every(r.followers, { where: { by: me } })).map((f) => f.proposal));
  const invitedIds = [...new Set(followed.map((p) => p.group).filter((g): g is string => Boolean(g) && !joined.has(g!)))];
  const invited = await r.groups.getMany(invitedIds);
  if (mine.length === 0 && invited.length === 0) ctx.say(ctx.t('nowbeall-groups:overview.none'));
  if (mine.length > 0) ctx.say([ctx.t('nowbeall-groups:overview.mine'), ...mine.map((g) => groupLine(ctx, g))].join('\n'), mine.map((g) => ctx.button(ctx.t('nowbeall-groups:overview.open', { group: g.id }), 'open', g.id)));
  if (invited.length > 0) ctx.say([ctx.t('nowbeall-groups:overview.invited'), ...invited.map((g) => groupLine(ctx, g))].join('\n'), invited.map((g) => ctx.button(ctx.t('nowbeall-groups:overview.join', { group: g.id }), 'join', g.id)));
  if (ctx.isManager) ctx.say(ctx.t('nowbeall-groups:overview.managers'));
}

/** `/nbgroup create CALL THEME 3,7,12 [YYYY-MM-DD] [title…]`. */
async function create(ctx: GroupsContext, words: string[]): Promise<void> {
  managersOnly(ctx);
  const [call, theme, ids, ...rest] = words;
  if (!call || !theme || !ids) throw new UserError('nowbeall-groups:create.usage');
  const day = rest[0] && /^\d{4}-\d{2}-\d{2}$/.test(rest[0]) ? rest.shift() : undefined;
  const { group, notified, invited } = await createGroup(
    ctx.services,
    { call, theme, proposals: proposalList(ids), title: rest.join(' '), ...(day ? { deadline: deadline(day, ctx.services.config.tz, ctx.now) } : {}) },
    ctx.person.pseudonym,
  );
  ctx.say(ctx.t('nowbeall-groups:create.done', { group: group.id, title: group.title, ids: group.proposals.join(', '), count: notified, invited }));
}

/** A facilitator reads what members wrote on one proposal, with a button to write the elaborated version. */
export async function read(ctx: GroupsContext, raw: string): Promise<void> {
  const r = nowbeallRecords(ctx.services.store);
  const p = await requireProposal(r, proposalId(raw));
  if (!p.group) throw new UserError('nowbeall-groups:elaborate.notGrouped', { id: p.id });
  const group = await requireGroup(r, p.group);
  if (!isFacilitator(group, whoOf(ctx))) throw new UserError('nowbeall-groups:elaborate.notFacilitator', { group: group.id });
  const all = await every(r.contributions, { where: { proposal: p.id } });
  const amendments = all.filter((c) => c.kind === 'amendment').length;
  const lines = [ctx.t('nowbeall-groups:read.title', { id: p.id, title: p.title, count: all.length, amendments })];
  for (const c of all.slice(-READ_MAX)) lines.push(ctx.t(`nowbeall-groups:read.${c.kind}`, { by: c.by || ctx.t('nowbeall-groups:anonymous'), text: c.text }));
  if (all.length > READ_MAX) lines.push(ctx.t('nowbeall-groups:read.more', { count: all.length - READ_MAX }));
  ctx.say(lines.join('\n\n'), [ctx.button(ctx.t('nowbeall-groups:read.elaborate'), 'elab', p.id)]);
}

export async function elaborate(ctx: GroupsContext, raw: string): Promise<void> {
  const r = nowbeallRecords(ctx.services.store);
  const p = await requireProposal(r, proposalId(raw));
  if (!p.group) throw new UserError('nowbeall-groups:elaborate.notGrouped', { id: p.id });
  const group = await requireGroup(r, p.group);
  if (!isFacilitator(group, whoOf(ctx))) throw new UserError('nowbeall-groups:elaborate.notFacilitator', { group: group.id });
  const current = await r.elaborated.get(p.id);
  ctx.start(elaborateFlow, { proposal: p.id, title: p.title, group: group.id, contributions: await r.contributions.count({ proposal: p.id }), ...(current ? { current: current.text } : {}) });
}

export async function stance(ctx: GroupsContext, which: 'support' | 'object', raw: string): Promise<void> {
  const id = proposalId(raw);
  const r = await setStance(ctx.services, id, which, whoOf(ctx));
  ctx.say(ctx.t(r.changed ? `nowbeall-groups:stance.saved.${which}` : `nowbeall-groups:stance.already.${which}`, { id }));
}

/** `/nbgroup …`: see the file's header. */
export async function nbgroupCommand(ctx: GroupsContext, args: string): Promise<void> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const [sub, ...rest] = words;
  if (!sub) return overview(ctx);
  if (isGroupId(sub)) return openGroup(ctx, sub);
  const arg = rest[0] ?? '';
  switch (sub.toLowerCase()) {
    case 'join':
      return join(ctx, arg);
    case 'support':
    case 'object':
      return stance(ctx, sub.toLowerCase() as 'support' | 'object', arg);
    case 'read':
      return read(ctx, arg);
    case 'elaborate':
      return elaborate(ctx, arg);
    case 'create':
      return create(ctx, rest);
    case 'facilitator': {
      managersOnly(ctx);
      const group = await addFacilitators(ctx.services, groupId(arg), pseudonyms(rest.slice(1)));
      ctx.say(ctx.t('nowbeall-groups:facilitator.done', { group: group.id, names: group.facilitators.join(', ') }));
      return;
    }
  }
  throw new UserError('nowbeall-groups:usage');
}

/** `/nbanswer 12` (step by step) or `/nbanswer 12 accepted The council…` (at once): managers only. */
export async function nbanswerCommand(ctx: GroupsContext, args: string): Promise<void> {
  managersOnly(ctx);
  // The text keeps its line breaks: everything after the kind.
  const [, raw, kind, text = ''] = /^(\S+)(?:\s+(\S+)(?:\s+([\s\S]*))?)?$/.exec(args.trim()) ?? [];
  if (!raw) throw new UserError('nowbeall-groups:answer.usage');
  const { proposal } = await answerable(nowbeallRecords(ctx.services.store), proposalId(raw));
  if (!kind) return ctx.start(answerFlow, { proposal: proposal.id, title: proposal.title });
  const r = await recordAnswer(ctx.services, { proposal: proposal.id, kind: answerKind(kind), text }, ctx.person.pseudonym);
  ctx.say(ctx.t('nowbeall-groups:answer.recorded', { id: proposal.id, count: r.notified }));
}
