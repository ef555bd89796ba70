/**
 * What a reader does in the chat: `/proposals` pages, a theme picker, `/proposals N` with the
 * buttons that apply to this reader (support or take back, report, and a moderator's decisions),
 * supporting, reporting after a confirmation, and the off switch of status messages.
 */
import { UserError, type Context } from '../../../src/engine/index.ts';
import type { Choice } from '../../../src/core/types.ts';
import { isModerator } from '../moderators.ts';
import type { NowbeallData, Proposal } from '../types.ts';
import { card, decodeQuery, encodeQuery, label, line, listChoices, listPage, openCalls, themeLabel, type ListQuery, type Order } from './listing.ts';
import { parseNumber, records, report, support, unsupport, VISIBLE } from './ops.ts';

export type ModAction = 'list' | 'themes' | 'show' | 'sup' | 'unsup' | 'rep' | 'repyes' | 'appr' | 'rej' | 'mrg' | 'rest' | 'notices' | 'queue';
export type Ctx = Context<NowbeallData, ModAction, ModInput>;
export interface ModInput {
  act: 'reject' | 'merge';
  proposal: string;
}

const who = (ctx: Ctx) => ({ pseudonym: ctx.person.pseudonym, key: ctx.person.key });
export const actor = (ctx: Ctx) => ({ pseudonym: ctx.person.pseudonym, isManager: ctx.isManager });

export async function list(ctx: Ctx, q: ListQuery): Promise<void> {
  const calls = await openCalls(ctx.services);
  if (calls.length === 0) return ctx.say(ctx.t('nowbeall-mod:list.noCall'));
  const page = await listPage(ctx.services, q, calls);
  const call = q.call ? calls.find((c) => c.id === q.call) : undefined;
  const heading = q.theme
    ? ctx.t(`nowbeall-mod:list.headTheme.${q.order}`, { theme: themeLabel(call, q.theme, ctx.lang) })
    : ctx.t(`nowbeall-mod:list.head.${q.order}`);
  if (page.records.length === 0) {
    return ctx.say(`${heading}\n${ctx.t(q.after ? 'nowbeall-mod:list.noMore' : 'nowbeall-mod:list.empty')}`, listChoices(ctx.t, q, ctx.button));
  }
  const opens = page.records.map((p) => ctx.button(`#${p.id}`, 'show', p.id));
  const more = page.next ? [ctx.button(ctx.t('common:nav.more'), 'list', encodeQuery({ ...q, after: page.next }))] : [];
  ctx.say([heading, ...page.records.map((p) => line(ctx.t, p)), '', ctx.t('nowbeall-mod:list.open')].join('\n'), [...opens, ...more, ...listChoices(ctx.t, q, ctx.button)], 4);
}

/** The themes of the open calls, one button each (the call named when several are open). */
export async function themes(ctx: Ctx, order: Order): Promise<void> {
  const calls = await openCalls(ctx.services);
  if (calls.length === 0) return ctx.say(ctx.t('nowbeall-mod:list.noCall'));
  const choices: Choice[] = [];
  for (const c of calls) {
    for (const th of c.themes) {
      const name = themeLabel(c, th.id, ctx.lang);
      choices.push(ctx.button(calls.length > 1 ? `${name} · ${label(c.title, ctx.lang) || c.id}` : name, 'list', encodeQuery({ order, call: c.id, theme: th.id })));
    }
  }
  ctx.say(ctx.t('nowbeall-mod:list.pickTheme'), choices, 1);
}

/**
 * A proposal as this reader may see it: a visible one (or a merged one, pointing to where it
 * went) for anyone; pending, hidden, rejected or withdrawn ones only for their author and
 * moderators. Others get the same answer as for a number that does not exist.
 */
export async function show(ctx: Ctx, id: string): Promise<void> {
  const r = records(ctx.services);
  const p = await r.proposals.get(id);
  const mine = Boolean(p?.author) && p?.author === ctx.person.pseudonym;
  const mod = await isModerator(ctx.services, actor(ctx));
  if (!p || !(VISIBLE.includes(p.status) || p.status === 'merged' || mine || mod)) throw new UserError('nowbeall-mod:error.unknown', { id: id.slice(0, 12) });
  const call = await r.calls.get(p.call);
  const choices: Choice[] = [];
  if ((p.status === 'published' || p.status === 'grouped') && !mine) {
    const supported = (await r.supports.get(`${p.id}:${ctx.person.pseudonym}`)) !== undefined;
    choices.push(supported ? ctx.button(ctx.t('nowbeall-mod:support.takeBack'), 'unsup', p.id) : ctx.button(ctx.t('nowbeall-mod:support.button'), 'sup', p.id));
    if (!(await r.reports.get(`${p.id}:${ctx.person.pseudonym}`))) choices.push(ctx.button(ctx.t('nowbeall-mod:report.button'), 'rep', p.id));
  }
  if (p.status === 'merged' && p.mergedInto) choices.push(ctx.button(`#${p.mergedInto}`, 'show', p.mergedInto));
  if (mod) choices.push(...moderatorChoices(ctx, p));
  const text = card(ctx.t, ctx.lang, p, call);
  ctx.say(mod ? `${text}\n${ctx.t('nowbeall-mod:show.byline', { author: p.author || '—', reports: p.reports })}` : text, choices, 2);
}

function moderatorChoices(ctx: Ctx, p: Proposal): Choice[] {
  const b = (key: string, name: ModAction) => ctx.button(ctx.t(`nowbeall-mod:mod.${key}`), name, p.id);
  if (p.status === 'pending') return [b('approve', 'appr'), b('reject', 'rej'), b('merge', 'mrg')];
  if (p.status === 'hidden') return [b('restore', 'rest'), b('reject', 'rej'), b('merge', 'mrg')];
  if (p.status === 'published') return [b('reject', 'rej'), b('merge', 'mrg')];
  return [];
}

export async function supportIt(ctx: Ctx, id: string): Promise<void> {
  const p = await support(ctx.services, who(ctx), id);
  ctx.say(ctx.t('nowbeall-mod:support.done', { id, count: p.supports }), [ctx.button(ctx.t('nowbeall-mod:support.takeBack'), 'unsup', id)]);
}

export async function takeBack(ctx: Ctx, id: string): Promise<void> {
  const p = await unsupport(ctx.services, who(ctx), id);
  ctx.say(ctx.t('nowbeall-mod:support.takenBack', { id, count: p.supports }));
}

export async function askReport(ctx: Ctx, id: string): Promise<void> {
  const p = await records(ctx.services).proposals.get(id);
  if (!p || !VISIBLE.includes(p.status)) throw new UserError('nowbeall-mod:error.unknown', { id: id.slice(0, 12) });
  ctx.say(ctx.t('nowbeall-mod:report.confirm', { id, title: p.title }), [ctx.button(ctx.t('nowbeall-mod:report.yes'), 'repyes', id)]);
}

export async function reportIt(ctx: Ctx, id: string): Promise<void> {
  await report(ctx.services, who(ctx), id);
  // The reporter is not told whether it is hidden now: that would tell them how many others reported it.
  ctx.say(ctx.t('nowbeall-mod:report.done', { id }));
}

export function notices(ctx: Ctx, arg: string): void {
  const off = arg === 'off';
  if (off) ctx.data.quiet = true;
  else delete ctx.data.quiet;
  ctx.say(ctx.t(off ? 'nowbeall-mod:notices.off' : 'nowbeall-mod:notices.on'), [ctx.button(ctx.t(off ? 'nowbeall-mod:notices.turnOn' : 'nowbeall-mod:notices.turnOff'), 'notices', off ? 'on' : 'off')]);
}

/** `/proposals`, `/proposals top`, `/proposals themes`, `/proposals 12`, `/proposals notices off|on`. */
export async function proposalsCommand(ctx: Ctx, args: string): Promise<void> {
  const [first = '', second = ''] = args.trim().toLowerCase().split(/\s+/);
  if (first === '' || first === 'new' || first === 'top') return list(ctx, { order: first === 'top' ? 'top' : 'new' });
  if (first === 'themes') return themes(ctx, second === 'top' ? 'top' : 'new');
  if (first === 'notices' && (second === 'on' || second === 'off')) return notices(ctx, second);
  const id = parseNumber(first);
  if (!id) throw new UserError('nowbeall-mod:error.usage', { text: args.slice(0, 40) });
  return show(ctx, id);
}

export { decodeQuery };
