import { every, type DigestSection, type DigestView, type Store } from '../../src/engine/index.ts';
import { addDays, isFull, isOpen, JOIN_CODE_DAYS, territoryKey } from './groups.ts';
import { day, profileLabel } from './labels.ts';
import { spiralRecords, type GroupRecord } from './records.ts';
import type { SpiralData } from './types.ts';

/** Homogeneous groups still admitting people: a join code lasts JOIN_CODE_DAYS, so only that many days of groups are read. */
async function openGroups(store: Store, now: Date): Promise<GroupRecord[]> {
  const r = await spiralRecords(store);
  const recent = await every(r.groups, { where: { kind: 'group' }, range: { index: 'createdAt', from: addDays(now, -JOIN_CODE_DAYS) }, orderBy: 'createdAt' });
  return recent.filter((g) => isOpen(g, now) && !isFull(g));
}

/**
 * SPIRAL in a weekly digest: the groups open to join in the reader's territories (a network
 * member's coordination groups), so they can point people there. Nothing when the territories are unknown.
 */
export async function spiralDigest(view: DigestView<SpiralData>): Promise<DigestSection[]> {
  const wanted = new Set((view.territories ?? []).map(territoryKey));
  if (wanted.size === 0) return [];
  // Readers of one language and the same territories share the section.
  return view.shared(`section:${view.lang}:${[...wanted].sort().join('|')}`, async () => {
    const open = await view.shared('open', () => openGroups(view.services.store, view.now));
    const mine = open.filter((g) => wanted.has(territoryKey(g.territory)));
    if (mine.length === 0) return [];
    const t = view.t;
    const territories = [...new Set(mine.map((g) => g.territory))].join(', ');
    return [{ title: t('spiral:digest.title', { territories }), lines: mine.map((g) => t('spiral:digest.group', { group: g.name, code: g.code, territory: g.territory, profile: profileLabel(t, g.profile), until: day(g.expiresAt) })) }];
  });
}
