import { jobsAbout, type HomeSection } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { groupTitle } from './labels.ts';
import { NUDGE_JOB } from './nudge.ts';
import { spiralDataOf } from './participant.ts';
import { questionsOf } from './questions.ts';
import { spiralRecords } from './records.ts';
import type { Group, Participation } from './types.ts';

/** Groups shown on the home screen at most (the most recently active first); /spiral lists them all. */
const SHOWN = 8;

/** Where the person stands in a group's questionnaire, in words. */
function stage(ctx: SpiralContext, p: Participation, group: Group): string {
  const t = ctx.t;
  if (p.finishedAt) return t('spiral:home.stage.finished');
  const step = p.resume?.step;
  if (step === 'classify' || step === 'family' || step === 'component') return t('spiral:home.stage.classify');
  if (step === 'rate') return t('spiral:home.stage.rate');
  const qs = questionsOf(group);
  return t('spiral:home.stage.questions', { answered: qs.filter((q) => p.criteria.some((c) => c.question === q)).length, total: qs.length });
}

/**
 * SPIRAL on the person's home screen: their groups with where they stand, the reminder planned
 * for an unfinished one, and a button back into each; someone in no group gets the way to begin.
 */
export async function spiralHome(ctx: SpiralContext): Promise<HomeSection[]> {
  const t = ctx.t;
  const data = spiralDataOf(ctx.document());
  const parts = Object.values(data?.groups ?? {}).sort((a, b) => Number(Boolean(a.finishedAt)) - Number(Boolean(b.finishedAt)) || b.lastActiveAt.localeCompare(a.lastActiveAt));
  if (parts.length === 0) return [{ text: [t('spiral:home.title'), t('spiral:overview.none'), t('spiral:overview.join')].join('\n'), buttons: [ctx.button(t('spiral:overview.alone'), 'salone')] }];

  const r = await spiralRecords(ctx.services.store);
  const shown = parts.slice(0, SHOWN);
  const groups = new Map((await r.groups.getMany(shown.map((p) => p.group))).map((g) => [g.code, g]));
  const nudges = new Map<string, string>();
  for (const job of await jobsAbout(ctx.services.store, ctx.person.key)) {
    const group = (job.payload as { group?: unknown } | undefined)?.group;
    if (job.kind === NUDGE_JOB && job.at && typeof group === 'string') nudges.set(group, job.at);
  }
  const lines = [t('spiral:home.title')];
  const buttons = [];
  for (const p of shown) {
    const g = groups.get(p.group);
    if (!g) continue;
    const title = groupTitle(t, g);
    lines.push(t('spiral:home.group', { group: title, code: g.code, stage: stage(ctx, p, g), ideas: p.criteria.length }));
    // The nudge goes only to an unfinished questionnaire, once, to someone who did not turn reminders off.
    const nudge = nudges.get(p.group);
    if (nudge && !p.finishedAt && !p.nudgedAt && data?.nudges !== false) lines.push(t('spiral:home.reminder', { when: ctx.localTime(new Date(nudge)) }));
    buttons.push(ctx.button(t(p.finishedAt ? 'spiral:home.open' : 'spiral:home.continue', { group: title }), 'sgo', g.code));
  }
  if (parts.length > shown.length) lines.push(t('spiral:home.more', { extra: parts.length - shown.length }));
  return [{ text: lines.join('\n'), buttons }];
}
