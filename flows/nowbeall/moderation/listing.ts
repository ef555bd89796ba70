/**
 * `/proposals`: pages of visible proposals of the calls still open, by theme, newest or most
 * supported, each page one query through the store's indexes (status, call, theme; ordered by
 * `createdAt` or `supports`) and a cursor carried by the "More" button; `/proposals N`: one
 * proposal with its supports, status and what the reader may do with it.
 */
import { every, type Translate } from '../../../src/engine/index.ts';
import type { Choice } from '../../../src/core/types.ts';
import type { Call, Proposal } from '../types.ts';
import { records, VISIBLE } from './ops.ts';

export type Order = 'new' | 'top';

/** What a page shows: order, optional call and theme, and the cursor of the page before. */
export interface ListQuery {
  order: Order;
  call?: string;
  theme?: string;
  after?: string;
}

export const PAGE = 8;
/** A title in a list line, at most (the card shows it whole). */
const LINE_TITLE = 70;

export function encodeQuery(q: ListQuery): string {
  return [q.order, q.call ?? '', q.theme ?? '', q.after ?? ''].join('|');
}

export function decodeQuery(arg: string): ListQuery {
  const [order = 'new', call = '', theme = '', after = ''] = arg.split('|');
  return { order: order === 'top' ? 'top' : 'new', ...(call ? { call } : {}), ...(theme ? { theme } : {}), ...(after ? { after } : {}) };
}

export const label = (labels: Record<string, string> | undefined, lang: string): string => (labels ? (labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '') : '');

/** Calls not closed: a handful, read through the phase index. */
export async function openCalls(services: Parameters<typeof records>[0]): Promise<Call[]> {
  return every(records(services).calls, { where: { phase: ['collecting', 'analysis', 'groups', 'dialogue'] } });
}

export function themeLabel(call: Call | undefined, theme: string, lang: string): string {
  return label(call?.themes.find((t) => t.id === theme)?.label, lang) || theme;
}

export async function listPage(services: Parameters<typeof records>[0], q: ListQuery, calls: Call[]): Promise<{ records: Proposal[]; next?: string }> {
  const callIds = q.call ? [q.call] : calls.map((c) => c.id);
  if (callIds.length === 0) return { records: [] };
  return records(services).proposals.find({
    where: { status: VISIBLE, call: callIds, ...(q.theme ? { theme: q.theme } : {}) },
    orderBy: q.order === 'top' ? 'supports' : 'createdAt',
    desc: true,
    limit: PAGE,
    ...(q.after ? { after: q.after } : {}),
  });
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line of a list: number, title (cut), supports. */
export function line(t: Translate, p: Proposal): string {
  return t('nowbeall-mod:list.line', { id: p.id, title: cut(p.title, LINE_TITLE), count: p.supports });
}

/** The whole proposal, as anyone may read it (the author appears by nothing: proposals are read for what they say). */
export function card(t: Translate, lang: string, p: Proposal, call: Call | undefined): string {
  const lines = [
    t('nowbeall-mod:show.head', { id: p.id, title: p.title }),
    t('nowbeall-mod:show.where', { theme: themeLabel(call, p.theme, lang), call: label(call?.title, lang) || p.call }),
    '',
    p.body,
    '',
    t('nowbeall-mod:show.actor', { actor: p.actor }),
    ...(p.territory ? [t('nowbeall-mod:show.territory', { territory: p.territory })] : []),
    t('nowbeall-mod:show.status', { status: p.status, count: p.supports }),
  ];
  if (p.status === 'merged' && p.mergedInto) lines.push(t('nowbeall-mod:show.mergedInto', { into: p.mergedInto }));
  if (p.status === 'rejected' && p.rejection) lines.push(t('nowbeall-mod:show.rejected', { reason: p.rejection.reason, note: p.rejection.text ? ` “${p.rejection.text}”` : '' }));
  if (p.answer) lines.push(t('nowbeall-mod:show.answer', { answer: p.answer.kind, text: p.answer.text }));
  return lines.join('\n');
}

/** The ordering and theme buttons under a list. */
export function listChoices(t: Translate, q: ListQuery, button: (label: string, name: 'list' | 'themes', arg?: string) => Choice): Choice[] {
  const other: Order = q.order === 'top' ? 'new' : 'top';
  return [button(t(`nowbeall-mod:list.order.${other}`), 'list', encodeQuery({ order: other, call: q.call, theme: q.theme })), button(t('nowbeall-mod:list.byTheme'), 'themes', q.order)];
}
