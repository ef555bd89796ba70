/** `/nowbeall` for managers: the calls, each with its phase; open a call, show one, move it to a phase. */
import { UserError } from '../../../src/engine/index.ts';
import { PHASES } from '../types.ts';
import type { NowbeallContext as Ctx } from './actions.ts';
import { callCounts, editCall, findCall, isPhase, labelOf, listCalls, setPhase, type CallInput } from './calls.ts';
import { callWizard } from './call-wizard.ts';
import { callText } from './format.ts';

const EDITABLE = ['title', 'question', 'themes', 'territories', 'languages', 'opens', 'closes'];

function refuse(ctx: Ctx, sub: string): void {
  ctx.services.log.warn({ pseudonym: ctx.person.pseudonym, command: `nowbeall ${sub}` }, 'nowbeall: manager command refused to a non-manager');
  ctx.say(ctx.t('nowbeall:manager.refused'));
}

/** Every call, with a button to its page, and one to open a new call. */
async function menu(ctx: Ctx): Promise<void> {
  const calls = await listCalls(ctx.services.store);
  const lines = [ctx.t('nowbeall:calls.title'), ...calls.map((c) => ctx.t('nowbeall:calls.line', { id: c.id, title: labelOf(c.title, ctx.lang), phase: ctx.t(`nowbeall:phase.${c.phase}`) }))];
  if (calls.length === 0) lines.push(ctx.t('nowbeall:calls.none'));
  ctx.say(lines.join('\n'), [...calls.map((c) => ctx.button(c.id, 'cshow', c.id)), ctx.button(ctx.t('nowbeall:calls.open'), 'copen')], 2);
}

/** A call's page: its fields and counts, and a button for each later phase. */
export async function showCall(ctx: Ctx, id: string): Promise<void> {
  const call = await findCall(ctx.services.store, id);
  const later = PHASES.slice(PHASES.indexOf(call.phase) + 1);
  ctx.say(callText(ctx.t, ctx.lang, call, await callCounts(ctx.services.store, call.id)), later.map((p) => ctx.button(ctx.t('nowbeall:calls.toPhase', { phase: ctx.t(`nowbeall:phase.${p}`) }), 'cphase', `${call.id}:${p}`)), 1);
}

/** Asks before a phase change: everyone following the call's proposals is told. */
export async function askPhase(ctx: Ctx, arg: string): Promise<void> {
  const [id = '', phase = ''] = arg.split(':');
  const call = await findCall(ctx.services.store, id);
  if (!isPhase(phase)) throw new UserError('common:button.invalid');
  void ctx.data;
  ctx.say(ctx.t('nowbeall:phase.confirm', { call: call.id, from: ctx.t(`nowbeall:phase.${call.phase}`), phase: ctx.t(`nowbeall:phase.${phase}`) }), [ctx.button(ctx.t('nowbeall:phase.yes'), 'cphyes', `${call.id}:${phase}`)], 1);
}

export async function changePhase(ctx: Ctx, id: string, phase: string, force: boolean): Promise<void> {
  const r = await setPhase(ctx.services, id, phase, ctx.person.pseudonym, force);
  ctx.say(ctx.t('nowbeall:phase.done', { call: r.call.id, from: ctx.t(`nowbeall:phase.${r.from}`), phase: ctx.t(`nowbeall:phase.${r.call.phase}`), count: r.notified }));
}

/** `/nowbeall call edit ID FIELD VALUE`: one field in the manager's language. */
async function editFromChat(ctx: Ctx, args: string[]): Promise<void> {
  const [id = '', field = '', ...rest] = args;
  const value = rest.join(' ');
  if (!id || !EDITABLE.includes(field) || !value) throw new UserError('nowbeall:manager.editUsage', { fields: EDITABLE.join('|') });
  const input: CallInput = field === 'title' || field === 'question' ? { [field]: { [ctx.lang]: value } } : field === 'themes' && value.toLowerCase() === 'spiral' ? { themesSpiral: true } : { [field]: value };
  const { call, changed } = await editCall(ctx.services, id, input);
  ctx.say(changed.length ? ctx.t('nowbeall:manager.edited', { id: call.id, fields: changed.join(', ') }) : ctx.t('nowbeall:manager.unchanged'));
}

/** `/nowbeall [call open|list|show ID|phase ID PHASE [force]|edit ID FIELD VALUE]`. */
export async function nowbeallCommand(ctx: Ctx, args: string): Promise<void> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const [first = '', second = '', ...rest] = words.map((w, i) => (i < 2 ? w.toLowerCase() : w));
  const sub = `${first} ${second}`.trim();
  if (!ctx.isManager) return refuse(ctx, sub || 'menu');
  if (!first || sub === 'call list' || first === 'calls') return menu(ctx);
  if (first !== 'call') throw new UserError('nowbeall:manager.usage');
  switch (second) {
    case 'open':
      ctx.start(callWizard);
      return;
    case 'show':
      return showCall(ctx, rest[0] ?? '');
    case 'phase': {
      const [id = '', phase = '', force = ''] = rest;
      if (!id || !phase) throw new UserError('nowbeall:manager.phaseUsage', { phases: PHASES.join('|') });
      return changePhase(ctx, id, phase, force.toLowerCase() === 'force');
    }
    case 'edit':
      return editFromChat(ctx, rest);
    default:
      throw new UserError('nowbeall:manager.usage');
  }
}

/** Manager-only buttons: refused to anyone else (a forwarded message, a stale manager list). */
export function managersOnly(ctx: Ctx): boolean {
  if (ctx.isManager) return true;
  refuse(ctx, 'button');
  return false;
}
