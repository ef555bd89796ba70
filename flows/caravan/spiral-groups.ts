/**
 * Which SPIRAL groups exist, read from the SPIRAL flow's shared document by its name, so the
 * caravan depends on the stored data and not on the SPIRAL flow's code. Only group codes are
 * read; nothing here writes the document.
 */
import type { Store } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';

/** The SPIRAL flow's shared document (flows/spiral/groups.ts, `GROUPS_DOC`). */
const SPIRAL_GROUPS_DOC = 'spiral-groups';

interface SpiralGroupsView {
  groups?: Record<string, { code?: string; kind?: string }>;
}

/** Refuses a stop's SPIRAL group that no SPIRAL group has; `code` is already normalised. */
export async function requireSpiralGroup(store: Store, code: string): Promise<void> {
  const doc = await store.shared<SpiralGroupsView>(SPIRAL_GROUPS_DOC, () => ({ groups: {} }));
  if (!doc.data.groups?.[code]) throw new UserError('caravan:invalid.spiralGroupUnknown', { group: code });
}
