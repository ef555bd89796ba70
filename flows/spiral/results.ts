import type { SpiralContext } from './nav.ts';
import { renderChart, type Bar, type BarChart } from './chart.ts';
import { FAMILY_CODES } from './grid/index.ts';
import { familyLabel, familyName, groupTitle, profileLabel, questionLabel } from './labels.ts';
import { groupToRun, membersOf, reviewsOf } from './members.ts';
import { questionsOf } from './questions.ts';
import { groupStats, total, type GroupStats, type Mean } from './stats.ts';
import type { Group } from './types.ts';
import { DamagedFiles } from './damaged.ts';

const mean = (ctx: SpiralContext, m: Mean) => (m.average === null ? '' : ctx.t('spiral:results.mean', { average: m.average.toFixed(1), count: m.count }));

/** The facilitator's text: participation, ideas per question and family, average ratings. */
export function resultsText(ctx: SpiralContext, group: Group, s: GroupStats): string {
  const t = ctx.t;
  const qs = questionsOf(group);
  const lines = [
    t('spiral:results.title', { group: groupTitle(t, group), code: group.code }),
    `${group.territory} · ${profileLabel(t, group.profile)} · ${group.cycle}`,
    t('spiral:results.participation', { participants: s.participants, finished: s.finished }),
    t('spiral:results.ideas', { count: s.ideas }),
  ];
  for (const q of qs) lines.push(`• ${questionLabel(t, q)}: ${s.perQuestion[q]}${s.ratingPerQuestion[q].average === null ? '' : ` ${mean(ctx, s.ratingPerQuestion[q])}`}`);
  lines.push('', t('spiral:results.byFamily'));
  for (const f of FAMILY_CODES) {
    const n = total(s.perFamily[f]);
    const m = s.ratingPerFamily[f];
    if (n > 0 || m.count > 0) lines.push(`• ${familyLabel(t, f)}: ${n}${m.average === null ? '' : ` ${mean(ctx, m)}`}`);
  }
  const none = total(s.perFamily.none);
  if (none > 0) lines.push(`• ${t('spiral:results.unclassified')}: ${none}`);
  lines.push('', s.ratings.average === null ? t('spiral:results.noRatings') : t('spiral:results.ratings', { average: s.ratings.average.toFixed(1), count: s.ratings.count }));
  return lines.join('\n');
}

/** Bars per family, stacked by question, with the family's average rating under each bar. */
export function resultsChart(ctx: SpiralContext, group: Group, s: GroupStats): Uint8Array {
  const t = ctx.t;
  const qs = questionsOf(group);
  const bars: Bar[] = FAMILY_CODES.map((f) => ({
    label: f,
    name: familyName(t, f),
    values: qs.map((q) => s.perFamily[f][q]),
    note: s.ratingPerFamily[f].average === null ? undefined : `★ ${s.ratingPerFamily[f].average!.toFixed(1)}`,
  }));
  if (total(s.perFamily.none) > 0) bars.push({ label: '?', name: t('spiral:results.unclassified'), values: qs.map((q) => s.perFamily.none[q]), note: undefined });
  const chart: BarChart = {
    title: groupTitle(t, group),
    subtitle: t('spiral:results.chartSubtitle', { code: group.code, ideas: s.ideas, participants: s.participants, territory: group.territory, cycle: group.cycle }),
    series: qs.map((q) => questionLabel(t, q)),
    bars,
    footnote: s.ratings.count > 0 ? t('spiral:results.chartFootnote') : undefined,
  };
  return renderChart(chart);
}

/** `/spiral results CODE`: text, then the chart as an image. */
export async function resultsCommand(ctx: SpiralContext, arg: string | undefined): Promise<void> {
  const group = await groupToRun(ctx, arg);
  if (!group) return;
  const damaged = new DamagedFiles(ctx.services);
  const s = groupStats(await reviewsOf(ctx.services, group.code), await membersOf(ctx.services, group, ctx.document(), damaged));
  ctx.say(resultsText(ctx, group, s));
  if (damaged.files.length > 0) ctx.say(ctx.t('spiral:damaged.leftOut', { count: damaged.files.length }));
  ctx.image(resultsChart(ctx, group, s), `spiral-${group.code}.png`, ctx.t('spiral:results.chartCaption', { group: groupTitle(ctx.t, group) }));
}
