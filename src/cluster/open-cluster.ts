import type pg from 'pg';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/types.ts';
import { LocalCluster } from './local-cluster.ts';
import { queueSizes } from './queues.ts';
import type { Cluster, MemberKind } from './types.ts';

/** How often instances beat and how long a lease lives (short in tests; the defaults otherwise). */
export interface ClusterTimings {
  heartbeatMs?: number;
  leaseMs?: number;
  aliveMs?: number;
  lockConnections?: number;
}

/**
 * The cluster a store calls for: PostgreSQL's instances share it through the database; any other
 * store is one process's own. The PostgreSQL client is loaded only when chosen.
 */
export async function openCluster(store: Store, log: Logger, options: ClusterTimings & { now?: () => Date; member?: MemberKind } = {}): Promise<Cluster> {
  const pool = (store as { kind?: string; pool?: pg.Pool }).kind === 'postgres' ? (store as { pool?: pg.Pool }).pool : undefined;
  if (!pool) return new LocalCluster(log);
  const { PostgresCluster } = await import('./postgres-cluster.ts');
  const now = options.now ?? (() => new Date());
  return PostgresCluster.start({ connection: pool.options, log, ...options, queues: () => queueSizes(store, now()) });
}
