import type { Store } from '../../src/store/types.ts';

/**
 * True when someone has this pseudonym. The store has no index by pseudonym yet, so this reads
 * the person files once; it serves a rare manager command (naming a facilitator), never a
 * citizen's turn. Damaged files are passed over: they cannot be the person named.
 */
export async function pseudonymExists(store: Store, pseudonym: string): Promise<boolean> {
  for await (const user of store.eachUser(() => {})) if (user.pseudonym === pseudonym) return true;
  return false;
}
