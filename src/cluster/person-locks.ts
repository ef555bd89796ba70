import { createHash } from 'node:crypto';
import pg from 'pg';
import { CLUSTER_LOCK_NAMESPACE } from '../store/postgres/locks.ts';
import type { PersonOptions } from './types.ts';

/** People's locks take the cluster's advisory-lock namespace, apart from every lock of the store. */
const PERSON_SPACE = CLUSTER_LOCK_NAMESPACE;

/** The 32-bit lock id of a person key: two people sharing one only wait for each other. */
export function personLockId(key: string): number {
  return createHash('sha1').update(key).digest().readInt32BE(0);
}

/**
 * Each person's lock across instances: a transaction holding `pg_advisory_xact_lock` on the
 * person's key around load → turn → save, on a connection of a pool of its own (never the store's:
 * a turn holding a lock connection must still get a store connection). The update dedupe is a row
 * in `cluster_updates` (unique id), read after the lock is held and written in the transaction
 * that releases it, so the next holder sees it. A crash rolls back: no mark, the lock is free.
 */
export class PersonLocks {
  readonly #pool: pg.Pool;

  /** For short reads next to the turns (the pending turns others wait for), never while holding a lock. */
  get pool(): Pick<pg.Pool, 'query'> {
    return this.#pool;
  }

  constructor(
    config: pg.PoolConfig,
    size: number,
    private readonly onMarkFailed?: (e: Error) => void,
  ) {
    this.#pool = new pg.Pool({ ...config, max: size, idleTimeoutMillis: 30_000, connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000 });
    // A connection that breaks while idle in the pool must not crash the process.
    this.#pool.on('error', () => {});
  }

  /** `fn` is also given the lock's own connection, for a read inside its transaction. */
  async run<T>(key: string, fn: (seen: boolean, turns: readonly string[] | undefined, client: Pick<pg.PoolClient, 'query'>) => Promise<T>, options: PersonOptions = {}): Promise<T> {
    const { update } = options;
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    const failed = (e: Error) => {
      broken = e;
    };
    try {
      // One round trip: the lock, then (statements of their own, so a snapshot taken once the
      // lock is held) the dedupe and the person's pending turns (the store's table, migration 002).
      const lock = `BEGIN; SELECT pg_advisory_xact_lock(${PERSON_SPACE}, ${personLockId(key)});`;
      const check = update === undefined ? '' : ` SELECT EXISTS (SELECT 1 FROM cluster_updates WHERE id = ${client.escapeLiteral(update)}) AS seen;`;
      const read = options.turns ? ` SELECT pending FROM people WHERE key = ${client.escapeLiteral(key)};` : '';
      let seen = false;
      let turns: string[] | undefined;
      try {
        const results = (await client.query(lock + check + read)) as unknown as pg.QueryResult[];
        seen = update !== undefined && results[2]?.rows[0]?.seen === true;
        if (options.turns) turns = (results.at(-1)?.rows[0]?.pending as string[] | undefined) ?? [];
      } catch (e) {
        failed(e as Error);
        throw e;
      }
      let result: T;
      try {
        result = await fn(seen, turns, client);
      } catch (e) {
        await client.query('ROLLBACK').catch(failed);
        throw e;
      }
      const mark = update === undefined || seen ? '' : `INSERT INTO cluster_updates (id) VALUES (${client.escapeLiteral(update)}) ON CONFLICT DO NOTHING; `;
      // The turn is saved already: a failed mark only means a redelivery of this update would be handled again.
      await client.query(`${mark}COMMIT`).catch((e: Error) => {
        failed(e);
        this.onMarkFailed?.(e);
      });
      return result;
    } finally {
      // A connection whose transaction may still be open is closed, not reused: the server then drops the lock.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
