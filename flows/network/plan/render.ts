/** The command line's readable answers, in the bot's language (TOGETHER_LANG); `--json` prints the data instead. */
import type { Translate } from '../../../src/engine/index.ts';
import { textIn } from '../types.ts';
import type { Change, Kind } from './changes.ts';
import type { PlanListing } from './list.ts';
import type { Problem } from './problems.ts';

const ORDER: Kind[] = ['phase', 'axis', 'group', 'activity', 'event'];

/** "phases: 4, events: 10" for the changes of one kind of change. */
function counts(t: Translate, changes: Change[]): string {
  return ORDER.map((k) => [k, changes.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${t(`plan-admin:kinds.${k}`)}: ${n}`)
    .join(', ');
}

export function problemLine(t: Translate, p: Problem): string {
  return `${p.at ? `${p.at}: ` : ''}${t(p.key, p.params)}`;
}

export function importText(t: Translate, source: string, changes: Change[], unchanged: number, dryRun: boolean): string {
  const added = changes.filter((c) => !c.before);
  const updated = changes.filter((c) => c.before);
  const parts = [
    added.length ? t('plan-admin:import.added', { list: counts(t, added) }) : '',
    updated.length ? t('plan-admin:import.updated', { list: counts(t, updated) }) : '',
    unchanged ? t('plan-admin:import.unchanged', { count: unchanged }) : '',
  ].filter(Boolean);
  const summary = parts.length ? parts.join('; ') : t('plan-admin:import.nothing');
  return t(dryRun ? 'plan-admin:import.dryRun' : 'plan-admin:import.done', { source, summary });
}

const when = (e: { date: string; time?: string; tz: string }) => `${e.date}${e.time ? ` ${e.time}` : ''} ${e.tz}`;

export function listText(t: Translate, lang: string, l: PlanListing, all: boolean): string {
  const section = (title: string, lines: string[]) => [title, ...(lines.length ? lines : [`  ${t('plan-admin:list.empty')}`])];
  const name = (x: Parameters<typeof textIn>[0]) => textIn(x, lang);
  return [
    ...section(t('plan-admin:list.phases'), l.phases.map((p) => `  ${p.quarter} ${p.year}  ${p.id} — ${name(p.name)} (${p.from} → ${p.to})${Object.entries(p.asks ?? {}).map(([g, a]) => `\n      ${g}: ${name(a)}`).join('')}`)),
    ...section(t('plan-admin:list.axes'), l.axes.map((a) => `  ${a.id} — ${name(a.name)}${a.parts?.length ? `: ${a.parts.map(name).join(', ')}` : ''}`)),
    ...section(t('plan-admin:list.groups'), l.groups.map((g) => `  ${g.id} — ${name(g.name)} [${g.kind}${g.territory ? `, ${g.territory}` : ''}] · ${t('plan-admin:list.members', { count: g.members })}`)),
    ...section(t('plan-admin:list.activities'), l.activities.map((a) => `  ${a.axis} / ${a.id} — ${name(a.title)} [${a.status}]${a.owner ? ` · ${t('plan-admin:list.owner', { group: a.owner })}` : ''}${a.quarter ? ` · ${a.quarter}` : ''}${a.from || a.to ? ` · ${a.from ?? '…'} → ${a.to ?? '…'}` : ''}`)),
    ...section(t(all ? 'plan-admin:list.allEvents' : 'plan-admin:list.events'), l.events.map((e) => {
      const marks = [e.kind, e.status === 'cancelled' ? t('plan-admin:list.cancelled') : '', e.past ? t('plan-admin:list.past') : ''].filter(Boolean).join(', ');
      const where = [e.place, e.link].filter(Boolean).join(' · ');
      return `  ${when(e)}  ${e.id} — ${name(e.title)} [${marks}] v${e.version}${where ? `\n      ${where}` : ''}`;
    })),
  ].join('\n');
}
