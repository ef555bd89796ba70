import type { Services } from '../../../src/engine/index.ts';

/**
 * A manager adds a person, by their platform id (`channel:userId`, as TOGETHER_MANAGERS names
 * people), to a working group from the CLI. The person must have talked to the bot (a document
 * exists); they become a member following that group if they were not one. 'unknown' when no such
 * person, 'added' or 'already'.
 */
export async function addToGroupByManager(_services: Services, _personId: string, _group: string): Promise<'added' | 'already' | 'unknown'> {
  throw new Error('not built yet');
}

/** The reverse; 'removed', 'absent' (not in that group) or 'unknown'. */
export async function removeFromGroupByManager(_services: Services, _personId: string, _group: string): Promise<'removed' | 'absent' | 'unknown'> {
  throw new Error('not built yet');
}
