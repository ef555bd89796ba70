/**
 * Advisory lock keys the PostgreSQL store takes, in the two-key form (namespace, key). The two-key
 * space does not overlap the one-key (bigint) space, and each user of advisory locks keeps to its
 * own namespace here, so a hash collision can never make two unrelated locks wait on each other.
 */

/** Applying migrations (every series): one instance at a time. */
export const MIGRATION_LOCK: [number, number] = [0x7467_0001, 1];

/** Namespace of per-record locks taken by `Collection.update` (key: hashtext(collection || ':' || id)). */
export const RECORD_LOCK_NAMESPACE = 0x7467_0002;

/** Namespace of per-collection locks taken while creating a collection's indexes. */
export const INDEX_LOCK_NAMESPACE = 0x7467_0003;

/** Namespace of per-shared-document locks (a document not created yet has no row to lock). */
export const SHARED_LOCK_NAMESPACE = 0x7467_0004;

/** Namespace reserved for the cluster (src/cluster): its own keys, never the store's. */
export const CLUSTER_LOCK_NAMESPACE = 0x7467_0100;

/** `together migrate --from`: one copy at a time. */
export const IMPORT_LOCK: [number, number] = [0x7467_0001, 2];
