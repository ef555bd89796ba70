/**
 * Which SPIRAL groups exist, asked of the SPIRAL flow through its public entry point (its
 * groups are records of its own collections now; the older shared document is emptied when
 * they are moved in). Only the existence of a code is asked; nothing here writes.
 */
import { UserError, type Store } from '../../src/engine/index.ts';
import { spiralGroupExists } from '../spiral/index.ts';

/** Refuses a stop's SPIRAL group that no SPIRAL group has; `code` is already normalised. */
export async function requireSpiralGroup(store: Store, code: string): Promise<void> {
  if (!(await spiralGroupExists(store, code))) throw new UserError('caravan:invalid.spiralGroupUnknown', { group: code });
}
