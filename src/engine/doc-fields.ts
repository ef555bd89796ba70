/**
 * The fields the engine keeps in a person's document and session, besides the store's own.
 * Declared here (module augmentation) so the store's contract stays the store engineer's file;
 * every field is optional plain JSON, so documents written before them still load.
 */
import type { Address } from '../core/types.ts';

/** A reply as stored in JSON: images and files carry their bytes as base64. */
export type StoredReply = Record<string, unknown> & { kind: string };

/** One turn's replies kept until the outbox has handed them over. */
export interface UnsentTurn {
  id: string;
  address: Address;
  replies: StoredReply[];
}

declare module '../store/types.ts' {
  interface Session {
    /** A typed flow's state (defineFlow); absent for old-style flows and sessions saved before v2. */
    state?: unknown;
    /** The frames waiting for this sub-flow to return, outermost first. */
    parents?: Session[];
  }
  interface UserDoc {
    /**
     * The replies of the last saved turn, written in the same atomic write as the state they
     * confirm; the reply journal says whether they still await delivery (see journal.ts).
     */
    /**
     * The replies of this person's turns that may not have gone out yet, oldest first (one turn
     * per entry; a single entry in documents written before several were kept).
     */
    outbox?: UnsentTurn | UnsentTurn[];
    /** Button arguments too long for a channel's token, by short reference (see tokens.ts). */
    tokens?: { next: number; values: Record<string, string> };
  }
}

export {};
