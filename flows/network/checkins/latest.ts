import type { Store } from '../../../src/engine/index.ts';

/** The last check-in answered by a working group (for the digest), or undefined. No names: pseudonyms never shown to members. */
export interface LastCheckin {
  activity: string;
  /** `YYYY-MM` of the round. */
  period: string;
  at: string;
  progress?: string;
  blocked?: string;
  answered: number;
  asked: number;
}

export async function lastCheckin(_store: Store, _group: string): Promise<LastCheckin | undefined> {
  return undefined; // Stub: the check-ins part fills this in.
}
