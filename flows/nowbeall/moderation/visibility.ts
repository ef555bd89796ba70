/**
 * Keeps the similar-proposal index (flows/nowbeall/similar.ts, flow A's) in step with what
 * moderation makes visible or hides. Loaded at the first use, so moderation works (and is
 * tested) whether or not the index module is present; a failure to update the index is logged
 * by the caller's process, never a reason to undo a moderator's decision.
 */
import type { Proposal } from '../types.ts';

interface SimilarIndex {
  indexProposal(p: Proposal): unknown;
  removeProposal(id: string): unknown;
}

const MODULE = '../similar.ts';
let loading: Promise<SimilarIndex | null> | undefined;

function index(): Promise<SimilarIndex | null> {
  loading ??= (import(/* @vite-ignore */ MODULE) as Promise<SimilarIndex>).then(
    (m) => (typeof m.indexProposal === 'function' && typeof m.removeProposal === 'function' ? m : null),
    () => null,
  );
  return loading;
}

/** The proposal is visible now (approved, restored): offered as similar. */
export async function showInSimilar(p: Proposal): Promise<void> {
  await (await index())?.indexProposal(p);
}

/** No longer visible (hidden, rejected, merged): never offered as similar again. */
export async function hideFromSimilar(id: string): Promise<void> {
  await (await index())?.removeProposal(id);
}
