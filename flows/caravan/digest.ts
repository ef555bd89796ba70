import type { DigestSection, DigestView } from '../../src/engine/index.ts';
import { line } from './format.ts';
import { upcomingStops } from './stops.ts';
import type { CaravanData } from './types.ts';

/** The caravan in a weekly digest: stops added since the last digest and still to come, soonest first. */
export async function caravanDigest(view: DigestView<CaravanData>, since: Date): Promise<DigestSection[]> {
  const upcoming = await view.shared('upcoming', () => upcomingStops(view.services.store, view.now));
  const fresh = upcoming.filter((s) => Date.parse(s.createdAt) >= since.getTime());
  return fresh.length === 0 ? [] : [{ title: view.t('caravan:digest.title'), lines: fresh.map((s) => line(s, view.lang)) }];
}
