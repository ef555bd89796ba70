import { every, type DigestSection, type DigestView } from '../../src/engine/index.ts';
import { nowbeallRecords } from './records.ts';
import { VISIBLE } from './similar.ts';
import type { Call, NowbeallData, Proposal } from './types.ts';

/** A digest is weekly: proposals of the last eight days cover every reader's "since", whatever their zone. */
const WINDOW_MS = 8 * 24 * 60 * 60 * 1000;

async function recent(view: DigestView<NowbeallData>): Promise<{ proposals: Proposal[]; calls: Map<string, Call> }> {
  const r = nowbeallRecords(view.services.store);
  const from = new Date(view.now.getTime() - WINDOW_MS).toISOString();
  const proposals = await every(r.proposals, { where: { status: [...VISIBLE] }, range: { index: 'createdAt', from }, orderBy: 'createdAt' });
  const calls = new Map((await r.calls.getMany([...new Set(proposals.map((p) => p.call))])).map((c) => [c.id, c]));
  return { proposals, calls };
}

/** Each recent proposal's line in the reader's language, written once per language for every reader of the run. */
async function lines(view: DigestView<NowbeallData>): Promise<{ at: number; line: string }[]> {
  const { proposals, calls } = await view.shared('recent', () => recent(view));
  const themeOf = (p: Proposal) => {
    const label = calls.get(p.call)?.themes.find((th) => th.id === p.theme)?.label;
    return label?.[view.lang] ?? label?.en ?? p.theme;
  };
  return proposals.map((p) => ({ at: Date.parse(p.createdAt), line: view.t('nowbeall:digest.line', { id: p.id, title: p.title, theme: themeOf(p) }) }));
}

/** NOW-BE-ALL in a weekly digest: the proposals published since the last one, oldest first, with their theme. */
export async function nowbeallDigest(view: DigestView<NowbeallData>, since: Date): Promise<DigestSection[]> {
  const fresh = (await view.shared(`lines:${view.lang}`, () => lines(view))).filter((p) => p.at >= since.getTime());
  return fresh.length === 0 ? [] : [{ title: view.t('nowbeall:digest.title'), lines: fresh.map((p) => p.line) }];
}
