/**
 * Keeps the similar-proposal index (flows/nowbeall/similar.ts, flow A's) in step with what
 * moderation makes visible or hides: the index is updated per change, never rebuilt.
 */
import { indexProposal, removeProposal } from '../similar.ts';
import type { Proposal } from '../types.ts';

/** The proposal is visible now (approved, restored): offered as similar. */
export async function showInSimilar(p: Proposal): Promise<void> {
  await indexProposal(p);
}

/** No longer visible (hidden, rejected, merged): never offered as similar again. */
export async function hideFromSimilar(id: string): Promise<void> {
  await removeProposal(id);
}
