/**
 * A moderator's side of the chat: `/moderate` (the queue), its typed forms (`approve N`,
 * `reject N reason [text]`, `merge N M`, `restore N`, `log N`, `moderators add|remove P`), and
 * the two questions a decision may need: the reason of a rejection with an optional note, and
 * the number a duplicate is merged into.
 */
import { end, every, fail, next, UserError, type StepDef } from '../../../src/engine/index.ts';
import type { NowbeallData } from '../types.ts';
import { line } from './listing.ts';
import { addModerator, approve, merge, NOTE_MAX, parseNumber, queue, REASONS, records, reject, removeModerator, requireModerator, requireProposal, restore } from './ops.ts';
import { actor, show, type Ctx, type ModAction, type ModInput } from './reader.ts';

export interface ModState extends ModInput {
  reason?: string;
}

export async function showQueue(ctx: Ctx): Promise<void> {
  await requireModerator(ctx.services, actor(ctx));
  const q = await queue(ctx.services);
  if (q.counts.pending + q.counts.hidden === 0) return ctx.say(ctx.t('nowbeall-mod:queue.empty'));
  const lines = [ctx.t('nowbeall-mod:queue.head', { pending: q.counts.pending, hidden: q.counts.hidden })];
  if (q.pending.length) lines.push('', ctx.t('nowbeall-mod:queue.pending'), ...q.pending.map((p) => line(ctx.t, p)));
  if (q.hidden.length) lines.push('', ctx.t('nowbeall-mod:queue.hidden'), ...q.hidden.map((p) => ctx.t('nowbeall-mod:queue.hiddenLine', { id: p.id, title: p.title.slice(0, 70), reports: p.reports })));
  lines.push('', ctx.t('nowbeall-mod:queue.open'));
  ctx.say(lines.join('\n'), [...q.pending, ...q.hidden].map((p) => ctx.button(`#${p.id}`, 'show', p.id)), 4);
}

/** Opens the question a decision needs, once it is clear the person may take it. */
export async function ask(ctx: Ctx, act: ModInput['act'], id: string): Promise<void> {
  await requireModerator(ctx.services, actor(ctx));
  await requireProposal(ctx.services, id);
  ctx.openAt(act === 'reject' ? 'reason' : 'target', { act, proposal: id });
}

export async function doApprove(ctx: Ctx, id: string): Promise<void> {
  const p = await approve(ctx.services, actor(ctx), id);
  ctx.say(ctx.t('nowbeall-mod:mod.approved', { id: p.id }), [ctx.button(ctx.t('nowbeall-mod:mod.queue'), 'queue')]);
}

export async function doRestore(ctx: Ctx, id: string): Promise<void> {
  const p = await restore(ctx.services, actor(ctx), id);
  ctx.say(ctx.t('nowbeall-mod:mod.restored', { id: p.id }), [ctx.button(ctx.t('nowbeall-mod:mod.queue'), 'queue')]);
}

async function doReject(ctx: Ctx, id: string, reason: string, note?: string): Promise<void> {
  await reject(ctx.services, actor(ctx), id, reason, note);
  ctx.say(ctx.t('nowbeall-mod:mod.rejected', { id, reason }), [ctx.button(ctx.t('nowbeall-mod:mod.queue'), 'queue')]);
}

async function doMerge(ctx: Ctx, id: string, into: string): Promise<void> {
  const r = await merge(ctx.services, actor(ctx), id, into);
  ctx.say(ctx.t('nowbeall-mod:mod.merged', { id, into, count: r.into.supports }), [ctx.button(ctx.t('nowbeall-mod:mod.queue'), 'queue')]);
}

async function showLog(ctx: Ctx, id: string): Promise<void> {
  await requireModerator(ctx.services, actor(ctx));
  await requireProposal(ctx.services, id);
  const entries = await every(records(ctx.services).log, { where: { proposal: id } });
  entries.sort((a, b) => a.id.localeCompare(b.id));
  if (entries.length === 0) return ctx.say(ctx.t('nowbeall-mod:log.empty', { id }));
  ctx.say([ctx.t('nowbeall-mod:log.head', { id }), ...entries.map((e) => ctx.t('nowbeall-mod:log.line', { at: ctx.localTime(new Date(e.at)), act: e.act, by: e.by || '—', detail: e.detail ? ` · ${e.detail}` : '' }))].join('\n'));
}

async function moderators(ctx: Ctx, verb: string, pseudonym: string): Promise<void> {
  const who = actor(ctx);
  if (verb === 'add') {
    const added = await addModerator(ctx.services, who, pseudonym);
    return ctx.say(ctx.t(added ? 'nowbeall-mod:moderators.added' : 'nowbeall-mod:moderators.already', { pseudonym }));
  }
  if (verb === 'remove') {
    const removed = await removeModerator(ctx.services, who, pseudonym);
    return ctx.say(ctx.t(removed ? 'nowbeall-mod:moderators.removed' : 'nowbeall-mod:moderators.notOne', { pseudonym }));
  }
  await requireModerator(ctx.services, who);
  const named = await every(records(ctx.services).moderators);
  ctx.say(named.length ? [ctx.t('nowbeall-mod:moderators.head'), ...named.map((m) => `· ${m.id}`)].join('\n') : ctx.t('nowbeall-mod:moderators.none'));
}

const number = (text: string | undefined) => {
  const id = text === undefined ? undefined : parseNumber(text);
  if (!id) throw new UserError('nowbeall-mod:error.number', { text: (text ?? '').slice(0, 20) });
  return id;
};

/** `/moderate …`: every form refuses a non-moderator with the same clear answer. */
export async function moderateCommand(ctx: Ctx, args: string): Promise<void> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'queue').toLowerCase();
  if (verb === 'moderators') return moderators(ctx, (words[1] ?? '').toLowerCase(), words[2] ?? '');
  await requireModerator(ctx.services, actor(ctx));
  if (verb === 'queue') return showQueue(ctx);
  if (verb === 'approve') return doApprove(ctx, number(words[1]));
  if (verb === 'restore') return doRestore(ctx, number(words[1]));
  if (verb === 'log') return showLog(ctx, number(words[1]));
  if (verb === 'reject') {
    const id = number(words[1]);
    if (words.length === 2) return ask(ctx, 'reject', id);
    // Typed in full: `/moderate reject 12 duplicate see #8`.
    const reason = REASONS.find((r) => r.toLowerCase() === (words[2] ?? '').toLowerCase());
    if (!reason) throw new UserError('nowbeall-mod:error.reason', { reasons: REASONS.join(', ') });
    return doReject(ctx, id, reason, words.slice(3).join(' '));
  }
  if (verb === 'merge') {
    const id = number(words[1]);
    return words.length === 2 ? ask(ctx, 'merge', id) : doMerge(ctx, id, number(words[2]));
  }
  if (verb === 'show') return show(ctx, number(words[1]));
  throw new UserError('nowbeall-mod:error.moderateUsage');
}

type Step = StepDef<ModState, NowbeallData, 'reason' | 'note' | 'target', void, ModAction, ModInput>;

/** Rejecting: a reason template, then an optional note; merging: the number of the target. */
export const moderationSteps: Record<'reason' | 'note' | 'target', Step> = {
  reason: {
    skipIf: (v) => v.state.act !== 'reject',
    prompt: (v) => ({ text: v.t('nowbeall-mod:reject.ask', { id: v.state.proposal }), choices: REASONS.map((r) => ({ label: v.t(`nowbeall-mod:reason.${r}`), value: r })), columns: 1 }),
    onChoice(ctx, value) {
      if (!(REASONS as readonly string[]).includes(value)) return fail('nowbeall-mod:error.reason', { reasons: REASONS.join(', ') });
      ctx.state.reason = value;
      return next();
    },
  },
  note: {
    optional: true,
    skipIf: (v) => v.state.act !== 'reject',
    prompt: (v) => ({ text: v.t('nowbeall-mod:reject.note', { max: NOTE_MAX }) }),
    async onText(ctx, text) {
      if (text.length > NOTE_MAX) return fail('nowbeall-mod:error.noteTooLong', { max: NOTE_MAX });
      await doReject(ctx, ctx.state.proposal, ctx.state.reason ?? 'unclear', text);
      return end();
    },
    async onSkip(ctx) {
      await doReject(ctx, ctx.state.proposal, ctx.state.reason ?? 'unclear');
      return end();
    },
  },
  target: {
    skipIf: (v) => v.state.act !== 'merge',
    prompt: (v) => ({ text: v.t('nowbeall-mod:merge.ask', { id: v.state.proposal }) }),
    async onText(ctx, text) {
      const into = parseNumber(text);
      if (!into) return fail('nowbeall-mod:error.number', { text: text.slice(0, 20) });
      await doMerge(ctx, ctx.state.proposal, into);
      return end();
    },
  },
};
