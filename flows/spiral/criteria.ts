import type { Choice } from '../../src/core/types.ts';
import type { SpiralContext } from './nav.ts';
import { actionValue } from './actions.ts';
import { FAMILY_CODES, componentsOf, isComponentCode, isFamilyCode, type ComponentCode, type FamilyCode } from './grid/index.ts';
import { parseGroupCode } from './groups.ts';
import { nextSeq, reviewId, spiralRecords } from './records.ts';
import { preview } from './ideas.ts';
import { componentLabel, familyLabel, groupTitle, questionLabel } from './labels.ts';
import { effective, groupToRun, membersOf, numbered, reviewsOf, type GroupCriterion } from './members.ts';
import type { Group, Review } from './types.ts';

type Reviews = Record<string, Review>;

/** "D02 Couple and love (facilitator)" or "? (suggestion: D)". */
function describe(ctx: SpiralContext, reviews: Reviews, gc: GroupCriterion): string {
  const t = ctx.t;
  const c = gc.criterion;
  const e = effective(c, reviews[c.id]);
  if (!e.family) return t('spiral:fac.unclassified', { family: c.suggested ?? '?' });
  const label = e.component ? componentLabel(t, e.component) : familyLabel(t, e.family);
  return `${label} (${t(`spiral:classifiedBy.${e.by}`)})${e.by === 'facilitator' ? ' ✔' : ''}`;
}

/** `/spiral criteria CODE`: every criterion of the group with its classification. */
export async function listCriteria(ctx: SpiralContext, arg: string | undefined): Promise<void> {
  const group = await groupToRun(ctx, arg);
  if (!group) return;
  const t = ctx.t;
  const list = numbered(await membersOf(ctx.services, group, ctx.document()));
  const reviews = await reviewsOf(ctx.services, group.code);
  const lines = [t('spiral:fac.criteriaTitle', { group: groupTitle(t, group), code: group.code, count: list.length })];
  for (const gc of list) lines.push(`${gc.n}. [${questionLabel(t, gc.criterion.question)}] ${gc.criterion.text.replace(/\s*\n\s*/g, ' / ')} — ${describe(ctx, reviews, gc)}`);
  if (list.length > 0) lines.push('', t('spiral:fac.criteriaHint', { code: group.code }));
  const open = list.some((gc) => !reviews[gc.criterion.id]);
  ctx.say(lines.join('\n'), open ? [{ label: t('spiral:fac.reviewButton'), value: actionValue('sfr', group.code) }] : undefined);
}

/** What a facilitator's answer means for one criterion, or null when it means nothing. */
function decide(gc: GroupCriterion, reviews: Reviews, answer: string): Pick<Review, 'family' | 'component'> | 'clear' | null {
  const a = answer.trim().toUpperCase();
  if (a === 'CLEAR') return 'clear';
  if (a === 'OK') {
    const e = effective(gc.criterion, reviews[gc.criterion.id]);
    const family = e.family ?? gc.criterion.suggested;
    return family ? { family, component: e.family ? e.component : undefined } : null;
  }
  if (isFamilyCode(a)) return { family: a };
  if (a.endsWith('*') && isFamilyCode(a.slice(0, -1))) return { family: a.slice(0, -1) as FamilyCode };
  if (isComponentCode(a) && componentsOf(a[0] as FamilyCode).some((c) => c.code === a)) return { family: a[0] as FamilyCode, component: a as ComponentCode };
  return null;
}

async function save(ctx: SpiralContext, group: Group, gc: GroupCriterion, d: Pick<Review, 'family' | 'component'> | 'clear'): Promise<void> {
  const r = await spiralRecords(ctx.services.store);
  const id = reviewId(group.code, gc.criterion.id);
  let review: Review | undefined;
  if (d === 'clear') await r.reviews.delete(id);
  else {
    review = { ...(d.family ? { family: d.family } : {}), ...(d.component ? { component: d.component } : {}), by: ctx.person.pseudonym, at: ctx.now.toISOString() };
    await r.reviews.put({ ...review, id, group: group.code, criterion: gc.criterion.id, seq: nextSeq() });
  }
  ctx.say(ctx.t('spiral:fac.saved', { n: gc.n, text: preview(gc.criterion.text), classification: describe(ctx, review ? { [gc.criterion.id]: review } : {}, gc) }));
}

function find(list: GroupCriterion[], ref: string): GroupCriterion | undefined {
  const n = /^#?\d+$/.test(ref) ? Number(ref.replace('#', '')) : NaN;
  return list.find((gc) => gc.n === n || gc.criterion.id === ref.toLowerCase());
}

/** `/spiral classify [CODE] <number or id> <ok | A–H | A01 | clear>`. */
export async function classifyCommand(ctx: SpiralContext, args: string[]): Promise<void> {
  const t = ctx.t;
  // The code may be left out by someone running one group; a known group code comes first otherwise.
  const first = parseGroupCode(args[0] ?? '');
  const withCode = first !== null && Boolean(await (await spiralRecords(ctx.services.store)).groups.get(first));
  const [codeArg, ref, answer] = withCode ? args : [undefined, args[0], args[1]];
  if (!ref || !answer) {
    ctx.say(t('spiral:fac.classifyUsage'));
    return;
  }
  const group = await groupToRun(ctx, codeArg);
  if (!group) return;
  const list = numbered(await membersOf(ctx.services, group, ctx.document()));
  const gc = find(list, ref);
  if (!gc) {
    ctx.say(t('spiral:fac.noSuchCriterion', { ref: ref.slice(0, 12), count: list.length }));
    return;
  }
  const d = decide(gc, await reviewsOf(ctx.services, group.code), answer);
  if (!d) {
    ctx.say(t('spiral:fac.badClassification', { answer: answer.slice(0, 12) }));
    return;
  }
  await save(ctx, group, gc, d);
}

/** The next criterion without a facilitator review (after `afterId`), with buttons to settle it. */
export async function reviewNext(ctx: SpiralContext, arg: string): Promise<void> {
  const t = ctx.t;
  const [code, afterId] = arg.split(':');
  const group = await groupToRun(ctx, code);
  if (!group) return;
  const list = numbered(await membersOf(ctx.services, group, ctx.document()));
  const reviews = await reviewsOf(ctx.services, group.code);
  const start = afterId ? list.findIndex((gc) => gc.criterion.id === afterId) + 1 : 0;
  const gc = list.slice(start).find((x) => !reviews[x.criterion.id]);
  if (!gc) {
    ctx.say(t('spiral:fac.allReviewed', { group: groupTitle(t, group) }));
    return;
  }
  const c = gc.criterion;
  const choices: Choice[] = [];
  const e = effective(c, undefined);
  const proposal = e.family ?? c.suggested;
  if (proposal) {
    const label = e.component ? componentLabel(t, e.component) : familyLabel(t, proposal);
    choices.push({ label: t('spiral:fac.confirm', { classification: label }), value: actionValue('sfx', `${group.code}:${c.id}:ok`) });
  }
  for (const f of FAMILY_CODES) choices.push({ label: familyLabel(t, f), value: actionValue('sfx', `${group.code}:${c.id}:${f}`) });
  choices.push({ label: t('spiral:fac.skip'), value: actionValue('sfr', `${group.code}:${c.id}`) });
  ctx.say(t('spiral:fac.reviewItem', { n: gc.n, total: list.length, question: questionLabel(t, c.question), text: c.text, current: describe(ctx, reviews, gc) }), choices, 1);
}

/** A button of the review: confirm, a family (then its components), a component, or the family alone. */
export async function reviewAnswer(ctx: SpiralContext, arg: string): Promise<void> {
  const t = ctx.t;
  const [code = '', id = '', answer = ''] = arg.split(':');
  const group = await groupToRun(ctx, code);
  if (!group) return;
  const list = numbered(await membersOf(ctx.services, group, ctx.document()));
  const gc = list.find((x) => x.criterion.id === id);
  if (!gc) {
    ctx.say(t('spiral:fac.noSuchCriterion', { ref: id, count: list.length }));
    return;
  }
  if (isFamilyCode(answer)) {
    const choices: Choice[] = componentsOf(answer).map((c) => ({ label: componentLabel(t, c.code), value: actionValue('sfx', `${group.code}:${id}:${c.code}`) }));
    choices.push({ label: t('spiral:fac.familyOnly', { family: answer }), value: actionValue('sfx', `${group.code}:${id}:${answer}*`) });
    ctx.say(t('spiral:fac.pickComponent', { text: preview(gc.criterion.text), family: familyLabel(t, answer) }), choices, 1);
    return;
  }
  const d = decide(gc, await reviewsOf(ctx.services, group.code), answer);
  if (!d) {
    ctx.say(t('common:button.invalid'));
    return;
  }
  await save(ctx, group, gc, d);
  await reviewNext(ctx, `${group.code}:${id}`);
}
