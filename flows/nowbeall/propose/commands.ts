/** `/propose`: a new proposal, or the person's own ones (edit while pending, withdraw). */
import { every, UserError } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { Proposal } from '../types.ts';
import type { NowbeallContext as Ctx } from './actions.ts';
import { collectingCalls, findCall } from './calls.ts';
import { languageNames, mineLine } from './format.ts';
import { ownProposal, withdraw } from './proposals.ts';
import { snap, type CriterionChoice } from './wizard.ts';

/** How many of the person's own SPIRAL criteria are offered. */
const CRITERIA_SHOWN = 8;
/** How many of the person's proposals one list shows (newest first). */
const MINE_SHOWN = 10;

/** What this flow reads of a SPIRAL criterion in the person's document (user.flows.spiral.groups[code].criteria). */
interface SpiralCriterion {
  id: string;
  text: string;
  createdAt: string;
  family?: string;
  suggested?: string;
}

const isCriterion = (c: unknown): c is SpiralCriterion => {
  const x = c as Partial<SpiralCriterion> | null;
  return typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.text === 'string' && typeof x.createdAt === 'string';
};

/**
 * The person's SPIRAL criteria that have a family (theirs, or the suggestion), newest first,
 * read from their own document without changing it. Read by shape: the SPIRAL flow's types
 * are its own, and a document of an older shape simply offers nothing.
 */
export function ownCriteria(ctx: Ctx): CriterionChoice[] {
  const spiral = ctx.document().flows.spiral as { groups?: Record<string, { criteria?: unknown }> } | undefined;
  const all = Object.values(spiral?.groups ?? {}).flatMap((g) => (Array.isArray(g.criteria) ? g.criteria.filter(isCriterion) : []));
  const out: CriterionChoice[] = [];
  const seen = new Set<string>();
  for (const c of [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
    const family = c.family ?? c.suggested;
    if (!family || seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({ id: c.id, family, text: c.text.slice(0, 60) });
    if (out.length === CRITERIA_SHOWN) break;
  }
  return out;
}

async function myProposals(ctx: Ctx): Promise<Proposal[]> {
  if (!ctx.person.pseudonym) return [];
  const mine = await every(nowbeallRecords(ctx.services.store).proposals, { where: { author: ctx.person.pseudonym } });
  return mine.sort((a, b) => Number(b.id) - Number(a.id));
}

/** Opens the guided flow on the calls collecting now; says so when none is. */
export async function startNew(ctx: Ctx): Promise<void> {
  const calls = await collectingCalls(ctx.services.store);
  if (calls.length === 0) {
    ctx.say(ctx.t('nowbeall:propose.noCall'));
    return;
  }
  // Only the calls that take the person's language are offered; none: say which languages they take.
  const fit = calls.filter((c) => c.languages.length === 0 || c.languages.includes(ctx.lang));
  const first = calls[0]!;
  if (fit.length === 0) throw new UserError('nowbeall:call.language', { call: first.id, languages: languageNames(first.languages, ctx.lang) });
  const input = { calls: fit.map(snap), criteria: ownCriteria(ctx) };
  // One call to choose from is no choice: the flow opens at its themes.
  if (fit.length === 1) ctx.openAt('theme', input);
  else ctx.open(input);
}

/** The person's proposals, each with what can still be done with it. */
export async function showMine(ctx: Ctx): Promise<void> {
  const mine = await myProposals(ctx);
  if (mine.length === 0) {
    ctx.say(ctx.t('nowbeall:mine.none'), [ctx.button(ctx.t('nowbeall:menu.new'), 'new')]);
    return;
  }
  const shown = mine.slice(0, MINE_SHOWN);
  const rows = shown.map((p) => [
    ...(p.status === 'pending' ? [ctx.button(ctx.t('nowbeall:mine.edit', { id: p.id }), 'edit', p.id)] : []),
    ...(['withdrawn', 'rejected', 'merged'].includes(p.status) ? [] : [ctx.button(ctx.t('nowbeall:mine.withdraw', { id: p.id }), 'wd', p.id)]),
  ]);
  const more = mine.length > shown.length ? [ctx.t('nowbeall:mine.more', { count: mine.length - shown.length })] : [];
  ctx.sayRows([ctx.t('nowbeall:mine.title'), ...shown.map((p) => mineLine(ctx.t, p)), ...more].join('\n'), rows);
}

/** `/propose`: straight into a new proposal, or a choice when the person already has some. */
export async function proposeCommand(ctx: Ctx, args: string): Promise<void> {
  const sub = args.trim().toLowerCase();
  if (sub === 'mine') return showMine(ctx);
  const count = ctx.person.pseudonym ? await nowbeallRecords(ctx.services.store).proposals.count({ author: ctx.person.pseudonym }) : 0;
  if (count === 0) return startNew(ctx);
  ctx.say(ctx.t('nowbeall:menu.intro', { count }), [ctx.button(ctx.t('nowbeall:menu.new'), 'new'), ctx.button(ctx.t('nowbeall:menu.mine'), 'mine')], 1);
}

/** Edit a pending proposal: opens at "which field?", the proposal's fields in the draft. */
export async function editMine(ctx: Ctx, id: string): Promise<void> {
  const p = await ownProposal(ctx.services, id, ctx.person.pseudonym);
  if (p.status !== 'pending') throw new UserError('nowbeall:mine.notPending', { id: p.id, status: ctx.t(`nowbeall:status.${p.status}`) });
  const call = await findCall(ctx.services.store, p.call);
  ctx.openAt('field', { editing: p, call: snap(call), criteria: ownCriteria(ctx) });
}

/** Asks before withdrawing (it cannot be undone). */
export async function askWithdraw(ctx: Ctx, id: string): Promise<void> {
  const p = await ownProposal(ctx.services, id, ctx.person.pseudonym);
  void ctx.data;
  ctx.say(ctx.t('nowbeall:withdraw.confirm', { id: p.id, title: p.title }), [ctx.button(ctx.t('nowbeall:withdraw.yes'), 'wdyes', p.id), ctx.button(ctx.t('nowbeall:withdraw.no'), 'wdno')], 1);
}

/** The confirmation; a button of an older message is not enough for something that cannot be undone. */
export async function confirmWithdraw(ctx: Ctx, id: string, fresh: boolean): Promise<void> {
  if (!fresh) {
    ctx.say(ctx.t('nowbeall:withdraw.expired'));
    return;
  }
  const { proposal } = await withdraw(ctx.services, id, ctx.person.pseudonym);
  ctx.say(ctx.t('nowbeall:withdraw.done', { id: proposal.id, title: proposal.title }));
}
