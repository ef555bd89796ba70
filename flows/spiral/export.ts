import { toCsv, withColumns } from '../../src/engine/index.ts';
import { DamagedFiles } from './damaged.ts';
import type { ExportOptions, ReadServices } from '../../src/engine/index.ts';
import type { SpiralContext } from './nav.ts';
import { allGroups, parseGroupCode } from './groups.ts';
import { groupToRun, effective, membersOf, reviewsOf } from './members.ts';
import { spiralRecords } from './records.ts';

/**
 * One row per criterion, for wikispiral: the group's context, the criterion, its
 * classification and rating, and the participant's pseudonym — never a platform id or name.
 */
export function spiralRows(services: ReadServices, options: ExportOptions): Promise<Record<string, unknown>[]> {
  return collectRows(services, options, new DamagedFiles(services));
}

/** The columns of the SPIRAL export, in order: written as the CSV header even when no row exists. */
export const SPIRAL_COLUMNS = [
  'group', 'groupName', 'groupKind', 'territory', 'profile', 'groupLanguage', 'cycle', 'participant', 'origin',
  'criterion', 'question', 'text', 'language', 'family', 'component', 'classifiedBy', 'suggestedFamily',
  'leftToFacilitator', 'rating', 'ratedAt', 'createdAt', 'updatedAt', 'classifiedAt',
] as const;

async function collectRows(services: ReadServices, options: ExportOptions, damaged: DamagedFiles): Promise<Record<string, unknown>[]> {
  const r = await spiralRecords(services.store);
  const want = options.group ? parseGroupCode(options.group) : null;
  const one = want ? await r.groups.get(want) : undefined;
  if (options.group && !one) throw new Error(`Unknown SPIRAL group code: ${options.group}`);
  const rows: Record<string, unknown>[] = [];
  // Group by group, through the members index: only the people of these groups are read.
  for (const g of one ? [one] : await allGroups(r)) {
    const code = g.code;
    const reviews = await reviewsOf(services, code);
    for (const { pseudonym, p } of await membersOf(services, g, undefined, damaged)) {
      for (const [index, c] of p.criteria.entries()) {
        const review = reviews[c.id];
        const e = effective(c, review);
        const rating = p.ratings[c.id] ?? (e.component ? p.ratings[e.component] : undefined);
        rows.push({
          group: code,
          groupName: g?.kind === 'group' ? g.name : null,
          groupKind: g?.kind ?? null,
          territory: g?.territory ?? null,
          profile: g?.profile ?? null,
          groupLanguage: g?.lang || null,
          cycle: g?.cycle ?? null,
          participant: pseudonym,
          origin: p.origin ?? null,
          criterion: c.id,
          question: c.question,
          text: c.text,
          language: c.lang,
          family: e.family ?? null,
          component: e.component ?? null,
          classifiedBy: e.by ?? null,
          suggestedFamily: c.suggested ?? null,
          leftToFacilitator: c.unsure === true,
          rating: rating?.value ?? null,
          ratedAt: rating?.at ?? null,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt ?? null,
          classifiedAt: review?.at ?? c.classifiedAt ?? null,
          [ORDER]: index,
        });
      }
    }
  }
  // Stable order: group, time, then each participant's own order (ties happen within one minute).
  rows.sort((a, b) => cmp(a.group, b.group) || cmp(a.createdAt, b.createdAt) || cmp(a.participant, b.participant) || Number(a[ORDER]) - Number(b[ORDER]));
  for (const r of rows) delete r[ORDER];
  return withColumns(rows, SPIRAL_COLUMNS);
}

const ORDER = '#order';

/** The formats `/spiral export` writes. */
export const EXPORT_FORMATS = ['csv', 'json'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const cmp = (a: unknown, b: unknown) => String(a).localeCompare(String(b));

/** `/spiral export [CODE|all] [csv|json]`: the export as a file, for the group's facilitators and for managers. */
export async function exportCommand(ctx: SpiralContext, args: string[]): Promise<void> {
  const isFormat = (a: string) => (EXPORT_FORMATS as readonly string[]).includes(a.toLowerCase());
  const format = (args.find(isFormat)?.toLowerCase() ?? 'csv') as ExportFormat;
  const others = args.filter((a) => !isFormat(a));
  // A short word that cannot be a group code ("xml", "pdf") was meant as a format: say which exist.
  const wrongFormat = others.find((a) => /^[a-z]{2,5}$/i.test(a) && a.toLowerCase() !== 'all' && !parseGroupCode(a));
  if (wrongFormat) {
    ctx.say(ctx.t('spiral:export.unknownFormat', { format: wrongFormat.slice(0, 12), formats: EXPORT_FORMATS.join(', ') }));
    return;
  }
  if (others.length > 1) {
    ctx.say(ctx.t('spiral:export.usage', { formats: EXPORT_FORMATS.join('|') }));
    return;
  }
  const target = others[0];
  let code: string | undefined;
  if (target?.toLowerCase() === 'all' || (!target && ctx.isManager)) {
    if (!ctx.isManager) {
      ctx.say(ctx.t('spiral:fac.managersOnly'));
      return;
    }
  } else {
    const group = await groupToRun(ctx, target);
    if (!group) return;
    code = group.code;
  }
  const damaged = new DamagedFiles(ctx.services);
  const rows = await collectRows(ctx.services, { group: code }, damaged);
  const stamp = ctx.now.toISOString().slice(0, 10);
  const name = `spiral-${code ?? 'all'}-${stamp}.${format}`;
  const caption = ctx.t('spiral:export.caption', { count: rows.length });
  if (damaged.files.length > 0) ctx.say(ctx.t('spiral:damaged.leftOut', { count: damaged.files.length }));
  if (format === 'json') ctx.file(name, 'application/json', `${JSON.stringify(rows, null, 2)}\n`, caption);
  else ctx.file(name, 'text/csv', toCsv(rows), caption);
}

