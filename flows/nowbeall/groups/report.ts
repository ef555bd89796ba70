/**
 * `together nowbeall report --call C --format md`: the seminar's dossier of one call. Per theme,
 * its proposals with their supports and status, the duplicates merged into others, and the
 * theme groups with each proposal's elaborated version, its stances and its official answer.
 * Written in one language (the bot's, or `lang`); every citizen's text is escaped (markdown.ts).
 */
import { every, type ReadServices, type Translate } from '../../../src/engine/index.ts';
import { nowbeallRecords, type NowbeallRecords } from '../records.ts';
import type { Call, Proposal, ThemeGroup } from '../types.ts';
import { mdInline, mdQuote, mdRow } from './markdown.ts';
import { stanceCounts } from './ops.ts';
import { proposalsOf } from './export.ts';

/** Proposals a seminar discusses; pending, rejected, withdrawn and hidden ones are only counted. */
const SHOWN: readonly Proposal['status'][] = ['published', 'grouped', 'elaborated', 'answered'];

const label = (labels: Record<string, string>, lang: string): string => labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '';

function answerLine(t: Translate, p: Proposal): string | undefined {
  if (!p.answer) return undefined;
  return t('nowbeall-groups:report.answer', {
    kind: t(`nowbeall-groups:answerKind.${p.answer.kind}`),
    authority: p.answer.authority ? ` (${mdInline(p.answer.authority)})` : '',
    text: mdInline(p.answer.text),
  });
}

async function groupSection(r: NowbeallRecords, t: Translate, g: ThemeGroup, byId: Map<string, Proposal>): Promise<string[]> {
  const out = ['', `### ${t('nowbeall-groups:report.group', { group: g.id, title: mdInline(g.title) })}`, ''];
  out.push(t('nowbeall-groups:report.groupMeta', { members: await r.members.count({ group: g.id }), deadline: g.deadline?.slice(0, 10) ?? '—', count: g.proposals.length }));
  for (const id of g.proposals) {
    const p = byId.get(id) ?? (await r.proposals.get(id));
    if (!p) continue;
    out.push('', `#### ${mdInline(`#${p.id} ${p.title}`)}`, '');
    const contributions = await every(r.contributions, { where: { proposal: p.id } });
    out.push(t('nowbeall-groups:report.contributions', { count: contributions.length, amendments: contributions.filter((c) => c.kind === 'amendment').length }));
    const elaborated = await r.elaborated.get(p.id);
    if (elaborated) {
      const s = await stanceCounts(r, p.id);
      out.push('', t('nowbeall-groups:report.elaborated'), '', mdQuote(elaborated.text), '', t('nowbeall-groups:report.stances', { support: s.support, object: s.object }));
    } else out.push('', t('nowbeall-groups:report.noElaborated'));
    const answer = answerLine(t, p);
    if (answer) out.push('', answer);
  }
  return out;
}

function themeTable(t: Translate, proposals: Proposal[]): string[] {
  const head = ['number', 'title', 'supports', 'status', 'group', 'answer'].map((c) => t(`nowbeall-groups:report.columns.${c}`));
  const rows = proposals.map((p) =>
    mdRow([p.id, mdInline(p.title), p.supports, t(`nowbeall-groups:status.${p.status}`), p.group ?? '—', p.answer ? t(`nowbeall-groups:answerKind.${p.answer.kind}`) : '—']),
  );
  return [mdRow(head.map(mdInline)), '| ---: | --- | ---: | --- | --- | --- |', ...rows];
}

/** The dossier as Markdown. */
export async function seminarReport(services: ReadServices, callId: string, lang = services.config.lang, now = new Date()): Promise<string> {
  const r = nowbeallRecords(services.store);
  const call: Call | undefined = await r.calls.get(callId);
  if (!call) throw new Error(`Unknown call: ${callId}`);
  const t = services.i18n.translator(lang);
  const proposals = await proposalsOf(services, call.id);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const groups = (await every(r.groups, { where: { call: call.id } })).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const out = [
    `# ${t('nowbeall-groups:report.title', { title: mdInline(label(call.title, lang)) })}`,
    '',
    mdInline(label(call.question, lang)),
    '',
    t('nowbeall-groups:report.meta', { call: call.id, phase: t(`nowbeall-groups:phase.${call.phase}`), date: now.toISOString().slice(0, 10) }),
    t('nowbeall-groups:report.totals', {
      proposals: proposals.filter((p) => SHOWN.includes(p.status)).length,
      supports: proposals.reduce((n, p) => n + (SHOWN.includes(p.status) ? p.supports : 0), 0),
      groups: groups.length,
      answers: proposals.filter((p) => p.answer).length,
    }),
  ];
  const themes = [...call.themes.map((th) => ({ id: th.id, name: label(th.label, lang) }))];
  for (const id of new Set(proposals.map((p) => p.theme))) if (!themes.some((th) => th.id === id)) themes.push({ id, name: id });
  for (const theme of themes) {
    const mine = proposals.filter((p) => p.theme === theme.id);
    const shown = mine.filter((p) => SHOWN.includes(p.status)).sort((a, b) => b.supports - a.supports || Number(a.id) - Number(b.id));
    const merged = mine.filter((p) => p.status === 'merged');
    const others = mine.length - shown.length - merged.length;
    out.push('', `## ${t('nowbeall-groups:report.theme', { theme: mdInline(theme.name), count: shown.length })}`, '');
    out.push(...(shown.length > 0 ? themeTable(t, shown) : [t('nowbeall-groups:report.noProposals')]));
    if (merged.length > 0) {
      out.push('', t('nowbeall-groups:report.merged'), '');
      for (const p of merged) out.push(`- ${t('nowbeall-groups:report.mergedLine', { id: p.id, title: mdInline(p.title), into: p.mergedInto ?? '?' })}`);
    }
    if (others > 0) out.push('', t('nowbeall-groups:report.notShown', { count: others }));
    for (const g of groups.filter((x) => x.theme === theme.id)) out.push(...(await groupSection(r, t, g, byId)));
  }
  return `${out.join('\n')}\n`;
}
