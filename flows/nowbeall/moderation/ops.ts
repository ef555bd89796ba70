/**
 * What moderators, supporters and reporters do to a proposal, the same from the chat and from
 * the CLI (the control socket). Every change of a proposal is a check-and-use `update` of its
 * record, so two moderators acting at once cannot both approve, or approve what the other just
 * rejected; every moderation act is written to the log (who, when, what).
 */
import { randomBytes } from 'node:crypto';
import { UserError, type Services } from '../../../src/engine/index.ts';
import { isModerator } from '../moderators.ts';
import { follow, notifyFollowers, notifyProposal, unfollow } from '../notify.ts';
import { nowbeallRecords, every, type NowbeallRecords } from '../records.ts';
import type { ModerationAct, Proposal, ProposalStatus } from '../types.ts';
import { hideFromSimilar, showInSimilar } from './visibility.ts';

/** Who acts: a person (their pseudonym) or the CLI (`cli`, a manager by definition). */
export interface Actor {
  pseudonym: string;
  isManager: boolean;
}

/** A person writing to the bot, as supports, reports and follower records name them. */
export interface Person {
  pseudonym: string;
  key: string;
}

/**
 * Reports that hide a published proposal until a moderator decides. A constant rather than a
 * setting of each call: three independent people is the usual floor on civic platforms, and a
 * call-level knob would let one call be silenced more easily than another.
 */
export const REPORT_THRESHOLD = 3;

/** The localized reason templates of a rejection. */
export const REASONS = ['duplicate', 'offTopic', 'notPolicy', 'abusive', 'unclear'] as const;
export type Reason = (typeof REASONS)[number];

/** Free text added to a rejection, at most. */
export const NOTE_MAX = 500;

/** Statuses others may see (listed, shown, offered as similar). */
export const VISIBLE: readonly ProposalStatus[] = ['published', 'grouped', 'elaborated', 'answered'];
/** Statuses a proposal can be supported (and reported) in. */
const SUPPORTABLE: readonly ProposalStatus[] = ['published', 'grouped'];
/** What a duplicate may be merged into. */
const MERGE_TARGETS: readonly ProposalStatus[] = ['pending', 'published', 'grouped', 'elaborated', 'answered'];
/** What a moderator may still decide on. */
const DECIDABLE: readonly ProposalStatus[] = ['pending', 'published', 'hidden'];

export const records = (services: Pick<Services, 'store'>): NowbeallRecords => nowbeallRecords(services.store);

/** `12` or `#12` → `12`; anything else is not a proposal number. */
export function parseNumber(text: string): string | undefined {
  const m = /^#?(\d{1,9})$/.exec(text.trim());
  return m ? String(Number(m[1])) : undefined;
}

export async function requireModerator(services: Services, who: Actor): Promise<void> {
  if (!(await isModerator(services, who))) throw new UserError('nowbeall-mod:error.notModerator');
}

export async function requireProposal(services: Services, id: string): Promise<Proposal> {
  const p = (await records(services).proposals.get(id)) as Proposal | undefined;
  if (!p) throw new UserError('nowbeall-mod:error.unknown', { id: id.slice(0, 12) });
  return p;
}

export async function logAct(services: Services, act: ModerationAct, by: string, fields: { proposal?: string; call?: string; detail?: string } = {}): Promise<void> {
  const at = services.now().toISOString();
  await records(services).log.put({ id: `${at}-${randomBytes(4).toString('hex')}`, act, by, at, ...fields });
}

/**
 * Changes one proposal if `allowed` holds for its current status, atomically; else a clear
 * refusal naming its status. Returns the proposal before and after.
 */
async function transition(services: Services, id: string, allowed: readonly ProposalStatus[], change: (p: Proposal) => void): Promise<{ before: Proposal; after: Proposal }> {
  let before: Proposal | undefined;
  let refused: ProposalStatus | undefined;
  const after = await records(services).proposals.update(id, (cur) => {
    if (!cur) return cur;
    before = structuredClone(cur);
    if (!allowed.includes(cur.status)) {
      refused = cur.status;
      return cur;
    }
    change(cur);
    cur.updatedAt = services.now().toISOString();
    return cur;
  });
  if (!after || !before) throw new UserError('nowbeall-mod:error.unknown', { id: id.slice(0, 12) });
  if (refused) throw new UserError('nowbeall-mod:error.status', { id, status: refused });
  return { before, after };
}

/** Decides the open reports of a proposal (the moderator restored it: dismissed; rejected it: upheld). */
async function closeReports(services: Services, id: string, state: 'dismissed' | 'upheld'): Promise<void> {
  const r = records(services);
  for (const rep of await every(r.reports, { where: { proposal: id, state: 'open' } })) {
    await r.reports.update(rep.id, (cur) => (cur?.state === 'open' ? { ...cur, state } : cur));
  }
}

export async function approve(services: Services, who: Actor, id: string): Promise<Proposal> {
  await requireModerator(services, who);
  const { after } = await transition(services, id, ['pending'], (p) => {
    p.status = 'published';
  });
  await showInSimilar(after);
  await logAct(services, 'approve', who.pseudonym, { proposal: id, call: after.call });
  await notifyProposal(services, id, 'approved');
  return after;
}

export async function reject(services: Services, who: Actor, id: string, reason: string, text?: string): Promise<Proposal> {
  await requireModerator(services, who);
  if (!(REASONS as readonly string[]).includes(reason)) throw new UserError('nowbeall-mod:error.reason', { reasons: REASONS.join(', ') });
  const note = text?.trim() ?? '';
  if (note.length > NOTE_MAX) throw new UserError('nowbeall-mod:error.noteTooLong', { max: NOTE_MAX });
  const { before, after } = await transition(services, id, DECIDABLE, (p) => {
    p.status = 'rejected';
    p.rejection = { reason, ...(note ? { text: note } : {}) };
    p.reports = 0;
  });
  if (before.status === 'published') await hideFromSimilar(id);
  await closeReports(services, id, 'upheld');
  await logAct(services, 'reject', who.pseudonym, { proposal: id, call: after.call, detail: note ? `${reason}: ${note}` : reason });
  await notifyProposal(services, id, 'rejected', { reason, note: note ? `\n“${note}”` : '' });
  return after;
}

/** A hidden proposal (reported past the threshold) back in view; its open reports are dismissed. */
export async function restore(services: Services, who: Actor, id: string): Promise<Proposal> {
  await requireModerator(services, who);
  const { after } = await transition(services, id, ['hidden'], (p) => {
    p.status = 'published';
    p.reports = 0;
  });
  await closeReports(services, id, 'dismissed');
  await showInSimilar(after);
  await logAct(services, 'restore', who.pseudonym, { proposal: id, call: after.call });
  return after;
}

/** The supports count is the supports collection's count, written under the proposal's own update. */
async function recount(services: Services, id: string): Promise<Proposal | undefined> {
  const r = records(services);
  return r.proposals.update(id, async (cur) => {
    if (!cur) return cur;
    const n = await r.supports.count({ proposal: id });
    return cur.supports === n ? cur : { ...cur, supports: n };
  });
}

/**
 * Folds a duplicate into another proposal: its supports move over (someone who supported both
 * counts once, and the target's own author is not counted as supporting it), its followers
 * follow the target, and the followers of both are told.
 */
export async function merge(services: Services, who: Actor, id: string, into: string): Promise<{ from: Proposal; into: Proposal }> {
  await requireModerator(services, who);
  if (id === into) throw new UserError('nowbeall-mod:error.mergeSelf', { id });
  const r = records(services);
  const target = await requireProposal(services, into);
  if (!MERGE_TARGETS.includes(target.status)) throw new UserError('nowbeall-mod:error.mergeTarget', { id: into, status: target.status });
  const source = await requireProposal(services, id);
  if (source.call !== target.call) throw new UserError('nowbeall-mod:error.mergeCall', { id, into });
  const { before } = await transition(services, id, DECIDABLE, (p) => {
    p.status = 'merged';
    p.mergedInto = into;
    p.reports = 0;
  });
  // The target may have changed meanwhile (rejected by another moderator): the duplicate is merged anyway, its supports kept.
  for (const s of await every(r.supports, { where: { proposal: id } })) {
    if (s.by !== target.author) {
      const moved = `${into}:${s.by}`;
      await r.supports.update(moved, (cur) => cur ?? { id: moved, proposal: into, by: s.by, at: s.at });
    }
    await r.supports.delete(s.id);
  }
  await recount(services, id);
  const after = (await recount(services, into)) ?? target;
  if (VISIBLE.includes(before.status)) await hideFromSimilar(id);
  await closeReports(services, id, 'dismissed');
  await logAct(services, 'merge', who.pseudonym, { proposal: id, call: source.call, detail: `into ${into}` });
  // Someone who follows both hears of the merge once, as a follower of the target.
  await notifyProposal(services, into, 'merged', { from: id, fromTitle: source.title });
  const told = new Set((await every(r.followers, { where: { proposal: into } })).map((f) => f.by));
  await notifyFollowers(services, id, 'merged', { into, intoTitle: target.title }, (f) => !told.has(f.by));
  for (const f of await every(r.followers, { where: { proposal: id } })) {
    if (f.by !== target.author) await follow(services, into, { pseudonym: f.by, key: f.key }, 'supporter');
  }
  return { from: (await r.proposals.get(id)) ?? before, into: after };
}

/** Supports once; a second support, one's own proposal and a proposal not open to supports are refused clearly. */
export async function support(services: Services, who: Person, id: string): Promise<Proposal> {
  const r = records(services);
  const p = await requireProposal(services, id);
  if (p.author && p.author === who.pseudonym) throw new UserError('nowbeall-mod:support.own', { id });
  if (!SUPPORTABLE.includes(p.status)) throw new UserError('nowbeall-mod:support.closed', { id, status: p.status });
  const sid = `${id}:${who.pseudonym}`;
  let added = false;
  await r.supports.update(sid, (cur) => {
    if (cur) return cur;
    added = true;
    return { id: sid, proposal: id, by: who.pseudonym, at: services.now().toISOString() };
  });
  if (!added) throw new UserError('nowbeall-mod:support.already', { id });
  await follow(services, id, who, 'supporter');
  return (await recount(services, id)) ?? p;
}

export async function unsupport(services: Services, who: Person, id: string): Promise<Proposal> {
  const r = records(services);
  const p = await requireProposal(services, id);
  if (!(await r.supports.delete(`${id}:${who.pseudonym}`))) throw new UserError('nowbeall-mod:support.none', { id });
  await unfollow(services, id, who.pseudonym, 'supporter');
  return (await recount(services, id)) ?? p;
}

/** One report per person; at the threshold the proposal is hidden until a moderator decides. */
export async function report(services: Services, who: Person, id: string): Promise<{ proposal: Proposal; hidden: boolean }> {
  const r = records(services);
  const p = await requireProposal(services, id);
  if (p.author && p.author === who.pseudonym) throw new UserError('nowbeall-mod:report.own', { id });
  if (!SUPPORTABLE.includes(p.status)) throw new UserError('nowbeall-mod:report.closed', { id });
  const rid = `${id}:${who.pseudonym}`;
  let added = false;
  await r.reports.update(rid, (cur) => {
    if (cur) return cur;
    added = true;
    return { id: rid, proposal: id, by: who.pseudonym, at: services.now().toISOString(), state: 'open' };
  });
  if (!added) throw new UserError('nowbeall-mod:report.already', { id });
  let hidden = false;
  const after = await r.proposals.update(id, async (cur) => {
    if (!cur) return cur;
    const open = await r.reports.count({ proposal: id, state: 'open' });
    hidden = SUPPORTABLE.includes(cur.status) && cur.status === 'published' && open >= REPORT_THRESHOLD;
    return { ...cur, reports: open, ...(hidden ? { status: 'hidden' as const, updatedAt: services.now().toISOString() } : {}) };
  });
  if (hidden) {
    await hideFromSimilar(id);
    await logAct(services, 'hide', 'reports', { proposal: id, call: p.call, detail: `${REPORT_THRESHOLD} reports` });
  }
  return { proposal: after ?? p, hidden };
}

const PSEUDONYM = /^p-[a-z0-9-]{1,40}$/i;

export async function addModerator(services: Services, who: Actor, pseudonym: string): Promise<boolean> {
  if (!who.isManager) throw new UserError('nowbeall-mod:error.notManager');
  if (!PSEUDONYM.test(pseudonym)) throw new UserError('nowbeall-mod:error.pseudonym', { text: pseudonym.slice(0, 40) });
  let added = false;
  await records(services).moderators.update(pseudonym, (cur) => {
    if (cur) return cur;
    added = true;
    return { id: pseudonym, by: who.pseudonym, at: services.now().toISOString() };
  });
  if (added) await logAct(services, 'name-moderator', who.pseudonym, { detail: pseudonym });
  return added;
}

export async function removeModerator(services: Services, who: Actor, pseudonym: string): Promise<boolean> {
  if (!who.isManager) throw new UserError('nowbeall-mod:error.notManager');
  const removed = await records(services).moderators.delete(pseudonym);
  if (removed) await logAct(services, 'remove-moderator', who.pseudonym, { detail: pseudonym });
  return removed;
}

/** Pending proposals, then hidden ones, oldest first: what waits for a moderator. */
export async function queue(services: Services, limit = 10): Promise<{ pending: Proposal[]; hidden: Proposal[]; counts: { pending: number; hidden: number } }> {
  const r = records(services);
  const page = (status: ProposalStatus) => r.proposals.find({ where: { status }, orderBy: 'createdAt', limit }).then((x) => x.records);
  return {
    pending: await page('pending'),
    hidden: await page('hidden'),
    counts: { pending: await r.proposals.count({ status: 'pending' }), hidden: await r.proposals.count({ status: 'hidden' }) },
  };
}
