import pg from 'pg';
import type { Logger } from '../../log/logger.ts';
import { StoreWriteError } from '../errors.ts';
import { DatabaseConnectError, DatabaseUnavailableError, DatabaseUrlError, describeDatabase } from './errors.ts';

export interface DatabaseOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long an operation keeps retrying while the server is unreachable (default 60 s: a restart or a fail-over). */
  retryMs?: number;
  /** How long the start waits for a server that refuses connections (default 10 s: it may be starting too). */
  startWaitMs?: number;
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections: the server is restarting or full. */
const SERVER_GOING_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** True for an error that says the server went away or cannot be reached right now (worth retrying), not a refusal of the request. */
export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_GOING_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|the database system is (starting up|shutting down|in recovery)/i.test(e.message);
}

/** A transaction lost to another (serialization failure, deadlock): nothing of it was applied, so it can run again. */
const isTransactionConflict = (e: unknown): boolean => ['40001', '40P01'].includes((e as { code?: unknown })?.code as string);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown inside a transaction's retry loop when COMMIT's answer was lost: the write may or may not have landed. */
class UnconfirmedCommit extends Error {}

/**
 * The store's connection pool, with the retry rule in one place: while the server is unreachable
 * (restart, fail-over, network cut) an operation waits and tries again with backoff, up to
 * `retryMs`; an error that is an answer (a constraint, bad SQL) is not retried. A transaction
 * whose COMMIT got no answer is never retried nor reported done: the caller is told the write
 * was not confirmed.
 */
export class Database {
  readonly pool: pg.Pool;
  /** user@host:port/database, for messages (never the password). */
  readonly where: string;
  readonly #retryMs: number;
  readonly #startWaitMs: number;
  readonly #log: Logger;
  #down: { since: number } | null = null;
  #closed = false;

  constructor(url: string, log: Logger, options: DatabaseOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseUrlError('is not a URL');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new DatabaseUrlError(`starts with ${parsed.protocol}// instead of postgres://`);
    this.where = describeDatabase(url);
    this.#log = log;
    this.#retryMs = options.retryMs ?? 60_000;
    this.#startWaitMs = options.startWaitMs ?? 10_000;
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      // A pool that cannot hand out a connection says so (and the operation is retried) instead of waiting forever.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: 'together-bot',
      // Durable before resolving, whatever the server's default: a confirmed write survives a crash of the server.
      options: '-c synchronous_commit=on',
    });
    // An idle connection the server dropped: the pool discards it; without a listener Node would crash.
    this.pool.on('error', (err) => this.#log.warn({ err: { message: err.message, code: (err as { code?: string }).code }, db: this.where }, 'a PostgreSQL connection was lost (it is replaced on next use)'));
    // A checked-out connection that breaks fails its query; this listener keeps the 'error' event from crashing the process.
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /** Checks at start that the server answers and accepts the login; a clear error when it does not. */
  async checkReachable(): Promise<void> {
    const until = Date.now() + this.#startWaitMs;
    for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        await this.pool.query('SELECT 1');
        return;
      } catch (e) {
        const refusal = startRefusal(e);
        if (refusal) throw new DatabaseConnectError(this.where, refusal.reason, refusal.advice, e);
        if (!isConnectionError(e) || Date.now() + delay > until) {
          throw new DatabaseConnectError(
            this.where,
            `no answer (${(e as Error).message || (e as { code?: string }).code})`,
            'Check the host and port in TOGETHER_DATABASE_URL and that the PostgreSQL server runs and accepts connections from here.',
            e,
          );
        }
        await sleep(delay);
      }
    }
  }

  /** A statement, retried while the server is unreachable (statements given here are safe to run twice). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.#retrying(() => this.pool.query<R>(sql, params));
  }

  /**
   * Runs `fn` in a transaction. Lost connections before COMMIT and conflicts with another
   * transaction run it again (nothing of the failed try was applied); a COMMIT without an
   * answer throws StoreWriteError (`what` names the data) without trying again.
   */
  async transaction<T>(what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await this.#retrying(async () => {
        const client = await this.pool.connect();
        let broken: unknown;
        try {
          await client.query('BEGIN');
          const result = await fn(client);
          try {
            await client.query('COMMIT');
          } catch (e) {
            broken = e;
            if (isConnectionError(e)) throw new UnconfirmedCommit((e as Error).message);
            throw e;
          }
          return result;
        } catch (e) {
          if (!broken) {
            broken = isConnectionError(e) ? e : undefined;
            if (!broken) await client.query('ROLLBACK').catch((r: unknown) => (broken = r));
          }
          throw e;
        } finally {
          client.release(broken instanceof Error ? broken : undefined);
        }
      }, true);
    } catch (e) {
      if (e instanceof UnconfirmedCommit) {
        throw new StoreWriteError(what, new Error(`the connection to ${this.where} broke while the write was committed, so it is not confirmed (${e.message})`));
      }
      throw e;
    }
  }

  async #retrying<T>(op: () => Promise<T>, conflictsToo = false): Promise<T> {
    const started = Date.now();
    for (let attempt = 0, delay = 100; ; attempt++, delay = Math.min(delay * 2, 2_000)) {
      if (this.#closed) throw new Error(`The store on ${this.where} is closed.`);
      try {
        const result = await op();
        this.#up();
        return result;
      } catch (e) {
        const retry = isConnectionError(e) || (conflictsToo && isTransactionConflict(e));
        if (!retry || e instanceof UnconfirmedCommit) throw e;
        if (isConnectionError(e)) this.#wentDown(e);
        const waited = Date.now() - started;
        if (waited + delay > this.#retryMs) throw new DatabaseUnavailableError(this.where, waited, e);
        // Jitter: instances that lost the server together do not all knock at the same instant.
        await sleep(delay / 2 + Math.random() * (delay / 2));
      }
    }
  }

  #wentDown(e: unknown): void {
    if (this.#down) return;
    this.#down = { since: Date.now() };
    this.#log.warn({ db: this.where, err: { message: (e as Error).message, code: (e as { code?: string }).code } }, 'PostgreSQL is unreachable: operations wait and retry');
  }

  #up(): void {
    if (!this.#down) return;
    this.#log.info({ db: this.where, downMs: Date.now() - this.#down.since }, 'PostgreSQL answers again');
    this.#down = null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }
}

/** A refusal at start that waiting will not fix, explained; null for anything else. */
function startRefusal(e: unknown): { reason: string; advice: string } | null {
  const code = (e as { code?: unknown })?.code;
  if (code === '28P01' || code === '28000') {
    return { reason: `the server refused the login (${(e as Error).message})`, advice: 'Check the user name and password in TOGETHER_DATABASE_URL, and the server\'s pg_hba.conf.' };
  }
  if (code === '3D000') return { reason: 'that database does not exist', advice: 'Create it (createdb), or fix the database name at the end of TOGETHER_DATABASE_URL.' };
  if (code === 'ENOTFOUND') return { reason: 'the host name is unknown', advice: 'Check the host in TOGETHER_DATABASE_URL.' };
  if (code === '42501') return { reason: `the user may not connect (${(e as Error).message})`, advice: 'Grant it CONNECT on the database, or use another user.' };
  return null;
}
