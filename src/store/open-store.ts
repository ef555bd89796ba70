import type { Logger } from '../log/logger.ts';
import type { Store } from './types.ts';
import { LowdbStore } from './lowdb-store.ts';

export interface OpenStoreOptions {
  /** The embedded store's data folder (used when no database URL is given). */
  dataDir: string;
  /** TOGETHER_DATABASE_URL: the PostgreSQL store, for several instances sharing one database. */
  databaseUrl?: string;
  /** Export, stats, check: never writes (no migration either). */
  readOnly?: boolean;
  log: Logger;
}

/** Opens the store the settings choose: PostgreSQL when a database URL is set, else the embedded lowdb folder. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    // Loaded only when chosen: a single-machine bot never loads the PostgreSQL client.
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return PostgresStore.open(options.databaseUrl, { log: options.log, readOnly: options.readOnly });
  }
  return LowdbStore.open(options.dataDir, { readOnly: options.readOnly });
}
