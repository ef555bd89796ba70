/**
 * `together export proposals [--call C]`: one row per proposal, people by pseudonym only (the
 * author's; '' once forgotten), never a platform id, name or person key. And the NOW-BE-ALL
 * figures of `together stats`.
 */
import { every, withColumns, type ExportOptions, type ReadServices } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import { PHASES, type Proposal, type ProposalStatus } from '../types.ts';
import { ANSWER_KINDS } from './parse.ts';
import { stanceCounts } from './ops.ts';

/** The columns, in order: the CSV header even when no row exists. */
export const PROPOSAL_COLUMNS = [
  'id', 'call', 'theme', 'title', 'status', 'supports', 'group', 'answerKind', 'answerText', 'answerAuthority', 'answeredAt',
  'spiralFamily', 'author', 'createdAt', 'updatedAt', 'mergedInto', 'actor', 'territory', 'language', 'body',
  'elaborated', 'elaboratedSupports', 'elaboratedObjections',
] as const;

const STATUSES: readonly ProposalStatus[] = ['pending', 'published', 'hidden', 'rejected', 'merged', 'withdrawn', 'grouped', 'elaborated', 'answered'];

/** The proposals of one call (or all), by number. */
export async function proposalsOf(services: ReadServices, call?: string): Promise<Proposal[]> {
  const r = nowbeallRecords(services.store);
  if (call && !(await r.calls.get(call))) throw new Error(`Unknown call: ${call}`);
  const all = await every(r.proposals, call ? { where: { call } } : {});
  return all.sort((a, b) => Number(a.id) - Number(b.id));
}

export async function proposalRows(services: ReadServices, options: ExportOptions): Promise<Record<string, unknown>[]> {
  const r = nowbeallRecords(services.store);
  const rows: Record<string, unknown>[] = [];
  for (const p of await proposalsOf(services, options.call)) {
    const elaborated = p.group ? await r.elaborated.get(p.id) : undefined;
    const stances = elaborated ? await stanceCounts(r, p.id) : undefined;
    rows.push({
      id: p.id,
      call: p.call,
      theme: p.theme,
      title: p.title,
      status: p.status,
      supports: p.supports,
      group: p.group ?? null,
      answerKind: p.answer?.kind ?? null,
      answerText: p.answer?.text ?? null,
      answerAuthority: p.answer?.authority ?? null,
      answeredAt: p.answer?.at ?? null,
      spiralFamily: p.spiral?.family ?? null,
      author: p.author,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      mergedInto: p.mergedInto ?? null,
      actor: p.actor,
      territory: p.territory ?? null,
      language: p.lang,
      body: p.body,
      elaborated: elaborated?.text ?? null,
      elaboratedSupports: stances?.support ?? null,
      elaboratedObjections: stances?.object ?? null,
    });
  }
  return withColumns(rows, PROPOSAL_COLUMNS);
}

/** Figures for `together stats` (prefixed with the flow id by the CLI), each from an index count. */
export async function groupStats(services: ReadServices): Promise<Record<string, number>> {
  const r = nowbeallRecords(services.store);
  const s: Record<string, number> = { calls: await r.calls.count() };
  for (const phase of PHASES) s[`calls.${phase}`] = await r.calls.count({ phase });
  s.proposals = await r.proposals.count();
  for (const status of STATUSES) s[`proposals.${status}`] = await r.proposals.count({ status });
  s.supports = await r.supports.count();
  s.groups = await r.groups.count();
  s.members = await r.members.count();
  s.contributions = await r.contributions.count();
  s.elaborated = await r.elaborated.count();
  s.stances = await r.stances.count();
  const answered = await every(r.proposals, { where: { status: 'answered' } });
  s.answers = answered.length;
  for (const kind of ANSWER_KINDS) s[`answers.${kind}`] = answered.filter((p) => p.answer?.kind === kind).length;
  return s;
}
