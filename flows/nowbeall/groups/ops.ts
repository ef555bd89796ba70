/**
 * Theme groups and official answers as operations on NOW-BE-ALL's records, shared by the chat,
 * the CLI (through the control socket) and the tests. Each refuses bad input with a UserError
 * (a localized sentence) before it changes anything, and tells the followers through notify.ts.
 */
import { UserError, every, type ReadServices, type Services } from '../../../src/engine/index.ts';
import { follow, notifyProposal } from '../notify.ts';
import { nextNumber, nowbeallRecords, type NowbeallRecords } from '../records.ts';
import type { AnswerKind, Call, Contribution, Elaborated, GroupMember, ModerationEntry, Phase, Proposal, Stance, ThemeGroup } from '../types.ts';
import { checkedText, checkedTitle, timeId } from './text.ts';
import { inviteFollowers } from './invite.ts';
import { shown } from './parse.ts';

/** Who acts: a pseudonym, and whether they are a manager (managers may run any group). */
export interface Who {
  pseudonym: string;
  isManager: boolean;
}

/** A person who can be written to (joins a group, follows its proposals). */
export interface Someone {
  pseudonym: string;
  key: string;
}

/** Groups are formed at the seminar (analysis) and work until the dialogue with the authorities starts. */
const GROUP_PHASES: readonly Phase[] = ['analysis', 'groups'];
/** A proposal can be answered once it was approved, whatever the group did with it. */
const ANSWERABLE: readonly Proposal['status'][] = ['published', 'grouped', 'elaborated', 'answered'];
/** Far more than a person writes on one proposal in a seminar; a bound against a script. */
export const MAX_CONTRIBUTIONS = 100;

export const records = (services: ReadServices): NowbeallRecords => nowbeallRecords(services.store);

export async function requireCall(r: NowbeallRecords, id: string): Promise<Call> {
  const call = id ? await r.calls.get(id.trim().toLowerCase()) : undefined;
  if (!call) throw new UserError('nowbeall-groups:unknown.call', { call: shown(id) });
  return call;
}

export async function requireGroup(r: NowbeallRecords, id: string): Promise<ThemeGroup> {
  const group = await r.groups.get(id);
  if (!group) throw new UserError('nowbeall-groups:unknown.group', { group: shown(id) });
  return group;
}

export async function requireProposal(r: NowbeallRecords, id: string): Promise<Proposal> {
  const p = await r.proposals.get(id);
  if (!p) throw new UserError('nowbeall-groups:unknown.proposal', { id: shown(id) });
  return p;
}

/** The group's call must still be in the analysis or groups phase. */
async function requireWorking(r: NowbeallRecords, group: ThemeGroup): Promise<Call> {
  const call = await requireCall(r, group.call);
  if (!GROUP_PHASES.includes(call.phase)) throw new UserError('nowbeall-groups:closed.phase', { group: group.id, phase: call.phase });
  return call;
}

export const isFacilitator = (group: ThemeGroup, who: Who): boolean => who.isManager || (Boolean(who.pseudonym) && group.facilitators.includes(who.pseudonym));

export const memberId = (group: string, pseudonym: string): string => `${group}:${pseudonym}`;

export async function isMember(r: NowbeallRecords, group: string, pseudonym: string): Promise<boolean> {
  return Boolean(pseudonym) && (await r.members.get(memberId(group, pseudonym))) !== undefined;
}

async function log(r: NowbeallRecords, now: Date, entry: Omit<ModerationEntry, 'id' | 'at'>): Promise<void> {
  await r.log.put({ id: timeId(now), at: now.toISOString(), ...entry });
}

export interface GroupInput {
  call: string;
  theme: string;
  proposals: string[];
  title?: string;
  facilitators?: string[];
  /** ISO instant (parse.ts `deadline`). */
  deadline?: string;
}

/**
 * Forms a theme group from approved proposals of one call and theme: they become 'grouped', the
 * act is logged, and their followers (authors, supporters) are told and invited to join.
 */
export async function createGroup(services: Services, input: GroupInput, by: string): Promise<{ group: ThemeGroup; notified: number; invited: number }> {
  const r = records(services);
  const call = await requireCall(r, input.call);
  if (!GROUP_PHASES.includes(call.phase)) throw new UserError('nowbeall-groups:create.phase', { call: call.id, phase: call.phase });
  const theme = call.themes.find((t) => t.id === input.theme.trim().toLowerCase());
  if (!theme) throw new UserError('nowbeall-groups:unknown.theme', { theme: shown(input.theme), themes: call.themes.map((t) => t.id).join(', ') });
  const proposals = await r.proposals.getMany(input.proposals);
  for (const id of input.proposals) {
    const p = proposals.find((x) => x.id === id);
    if (!p || p.call !== call.id) throw new UserError('nowbeall-groups:create.notInCall', { id, call: call.id });
    if (p.group) throw new UserError('nowbeall-groups:create.alreadyGrouped', { id, group: p.group });
    if (p.status !== 'published') throw new UserError('nowbeall-groups:create.notApproved', { id });
    if (p.theme !== theme.id) throw new UserError('nowbeall-groups:create.otherTheme', { id, theme: p.theme });
  }
  const title = checkedTitle(input.title ?? '') || (theme.label[services.config.lang] ?? theme.label.en ?? theme.id);
  const now = services.now();
  const group: ThemeGroup = {
    id: `g${await nextNumber(r, 'group')}`,
    call: call.id,
    theme: theme.id,
    title,
    proposals: [...input.proposals],
    facilitators: input.facilitators ?? [],
    ...(input.deadline ? { deadline: input.deadline } : {}),
    createdAt: now.toISOString(),
    createdBy: by,
  };
  await r.groups.put(group);
  const taken: string[] = [];
  for (const id of group.proposals) {
    // Checked again under the record's lock: a moderator may have hidden or merged it meanwhile.
    const after = await r.proposals.update(id, (p) => (p && p.status === 'published' && !p.group ? { ...p, status: 'grouped', group: group.id, updatedAt: now.toISOString() } : p));
    if (after?.group === group.id) taken.push(id);
  }
  if (taken.length !== group.proposals.length) await r.groups.put({ ...group, proposals: taken });
  await log(r, now, { act: 'group', by, call: call.id, detail: `${group.id}: ${taken.join(',')}` });
  const formed = { ...group, proposals: taken };
  let notified = 0;
  for (const id of taken) notified += await notifyProposal(services, id, 'grouped', { group: `${group.id} ${group.title}` });
  const invited = await inviteFollowers(services, formed);
  return { group: formed, notified, invited };
}

/** Adds facilitators to a group (managers only: checked by the caller). */
export async function addFacilitators(services: Services, groupId: string, pseudonyms: string[]): Promise<ThemeGroup> {
  const r = records(services);
  await requireGroup(r, groupId);
  const after = await r.groups.update(groupId, (g) => (g ? { ...g, facilitators: [...new Set([...g.facilitators, ...pseudonyms])] } : g));
  return after!;
}

/** Joins a group (idempotent): a member record, and the person follows each of its proposals. */
export async function joinGroup(services: Services, groupId: string, who: Someone): Promise<{ group: ThemeGroup; already: boolean }> {
  const r = records(services);
  const group = await requireGroup(r, groupId);
  await requireWorking(r, group);
  const id = memberId(group.id, who.pseudonym);
  let already = true;
  await r.members.update(id, (cur) => {
    if (cur) return cur;
    already = false;
    const member: GroupMember = { id, group: group.id, by: who.pseudonym, key: who.key, at: services.now().toISOString() };
    return member;
  });
  for (const p of group.proposals) await follow(services, p, who, 'member');
  return { group, already };
}

/** Stores one comment or amendment of a member on a proposal of the group. */
export async function addContribution(services: Services, input: { group: string; proposal: string; kind: Contribution['kind']; text: string }, who: Who): Promise<Contribution> {
  const r = records(services);
  const group = await requireGroup(r, input.group);
  await requireWorking(r, group);
  if (!group.proposals.includes(input.proposal)) throw new UserError('nowbeall-groups:unknown.inGroup', { id: input.proposal, group: group.id });
  if (!(await isMember(r, group.id, who.pseudonym)) && !isFacilitator(group, who)) throw new UserError('nowbeall-groups:join.first', { group: group.id });
  const text = checkedText(input.text);
  const mine = (await every(r.contributions, { where: { proposal: input.proposal, by: who.pseudonym } })).length;
  if (mine >= MAX_CONTRIBUTIONS) throw new UserError('nowbeall-groups:work.full', { max: MAX_CONTRIBUTIONS });
  const now = services.now();
  const c: Contribution = { id: timeId(now), group: group.id, proposal: input.proposal, kind: input.kind, text, by: who.pseudonym, at: now.toISOString() };
  await r.contributions.put(c);
  return c;
}

/** The group's elaborated version of a proposal, by a facilitator or a manager; its followers are told. */
export async function publishElaborated(services: Services, proposalId: string, raw: string, who: Who): Promise<{ elaborated: Elaborated; notified: number }> {
  const r = records(services);
  const p = await requireProposal(r, proposalId);
  if (!p.group) throw new UserError('nowbeall-groups:elaborate.notGrouped', { id: p.id });
  const group = await requireGroup(r, p.group);
  if (!isFacilitator(group, who)) throw new UserError('nowbeall-groups:elaborate.notFacilitator', { group: group.id });
  await requireWorking(r, group);
  if (p.status !== 'grouped' && p.status !== 'elaborated') throw new UserError('nowbeall-groups:elaborate.status', { id: p.id });
  const text = checkedText(raw);
  const now = services.now().toISOString();
  const elaborated: Elaborated = { id: p.id, group: group.id, text, at: now, by: who.pseudonym };
  await r.elaborated.put(elaborated);
  await r.proposals.update(p.id, (cur) => (cur && (cur.status === 'grouped' || cur.status === 'elaborated') ? { ...cur, status: 'elaborated', updatedAt: now } : cur));
  const notified = await notifyProposal(services, p.id, 'elaborated', { group: `${group.id} ${group.title}` });
  return { elaborated, notified };
}

/** True once supporting and objecting closed: after the deadline, or (without one) once the call left the group phases. */
export function stancesClosed(group: ThemeGroup, call: Call, now: Date): boolean {
  if (group.deadline) return now.getTime() > Date.parse(group.deadline);
  return !GROUP_PHASES.includes(call.phase);
}

/** A member supports or objects to an elaborated version: one stance per person, which they may change until the deadline. */
export async function setStance(services: Services, proposalId: string, stance: Stance['stance'], who: Who): Promise<{ stance: Stance; changed: boolean }> {
  const r = records(services);
  const p = await requireProposal(r, proposalId);
  const elaborated = await r.elaborated.get(p.id);
  if (!elaborated || !p.group) throw new UserError('nowbeall-groups:stance.noVersion', { id: p.id });
  const group = await requireGroup(r, p.group);
  if (!(await isMember(r, group.id, who.pseudonym))) throw new UserError('nowbeall-groups:join.first', { group: group.id });
  const call = await requireCall(r, group.call);
  if (stancesClosed(group, call, services.now())) throw new UserError('nowbeall-groups:stance.closed', { id: p.id, date: group.deadline?.slice(0, 10) ?? call.phase });
  const id = `${p.id}:${who.pseudonym}`;
  let changed = false;
  const after = await r.stances.update(id, (cur) => {
    if (cur?.stance === stance) return cur;
    changed = true;
    return { id, proposal: p.id, by: who.pseudonym, stance, at: services.now().toISOString() };
  });
  return { stance: after!, changed };
}

/** Supports and objections to a proposal's elaborated version. */
export async function stanceCounts(r: NowbeallRecords, proposalId: string): Promise<{ support: number; object: number }> {
  const all = await every(r.stances, { where: { proposal: proposalId } });
  return { support: all.filter((s) => s.stance === 'support').length, object: all.filter((s) => s.stance === 'object').length };
}

/** The proposal, when it can get an official answer now (its call is in the dialogue phase and it was approved). */
export async function answerable(r: NowbeallRecords, proposalId: string): Promise<{ proposal: Proposal; call: Call }> {
  const proposal = await requireProposal(r, proposalId);
  const call = await requireCall(r, proposal.call);
  if (call.phase !== 'dialogue') throw new UserError('nowbeall-groups:answer.phase', { call: call.id, phase: call.phase });
  if (!ANSWERABLE.includes(proposal.status)) throw new UserError('nowbeall-groups:answer.status', { id: proposal.id });
  return { proposal, call };
}

/** The public authorities' answer to a proposal, in the dialogue phase; logged, and its followers are told. */
export async function recordAnswer(services: Services, input: { proposal: string; kind: AnswerKind; text: string; authority?: string }, by: string): Promise<{ proposal: Proposal; notified: number }> {
  const r = records(services);
  const { proposal: p, call } = await answerable(r, input.proposal);
  const text = checkedText(input.text);
  const authority = input.authority === undefined ? '' : checkedTitle(input.authority);
  const now = services.now();
  const answer = { kind: input.kind, text, ...(authority ? { authority } : {}), at: now.toISOString(), by };
  const after = await r.proposals.update(p.id, (cur) => (cur && ANSWERABLE.includes(cur.status) ? { ...cur, status: 'answered', answer, updatedAt: now.toISOString() } : cur));
  if (after?.status !== 'answered') throw new UserError('nowbeall-groups:answer.status', { id: p.id });
  await log(r, now, { act: 'answer', by, proposal: p.id, call: call.id, detail: input.kind });
  const notified = await notifyProposal(services, p.id, 'answered', { answer: input.kind, text, authority });
  return { proposal: after, notified };
}
