import type { DigestSection, DigestView } from '../../src/engine/index.ts';
import { line } from './format.ts';
import { upcomingStops } from './stops.ts';
import type { CaravanData } from './types.ts';

/** The caravan in a weekly digest: stops added since the last digest and still to come, soonest first. */
export async function caravanDigest(view: DigestView<CaravanData>, since: Date): Promise<DigestSection[]> {
  // Written once per language for every reader of the run; each keeps those added since their own last digest.
  const stops = await view.shared(`lines:${view.lang}`, async () => (await upcomingStops(view.services.store, view.now)).map((s) => ({ at: Date.parse(s.createdAt), line: line(s, view.lang) })));
  const fresh = stops.filter((s) => s.at >= since.getTime());
  return fresh.length === 0 ? [] : [{ title: view.t('caravan:digest.title'), lines: fresh.map((s) => s.line) }];
}
