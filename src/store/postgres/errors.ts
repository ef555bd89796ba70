/** Errors of the PostgreSQL store that an operator reads: each says what is wrong and what to do. */

/** Where a database URL points, without its password (messages and logs never carry it). */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}/${db}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/** TOGETHER_DATABASE_URL that cannot be used as written. */
export class DatabaseUrlError extends Error {
  readonly code = 'DATABASE_URL';
  constructor(problem: string) {
    super(`TOGETHER_DATABASE_URL ${problem}: write it as postgres://user:password@host:5432/database.`);
  }
}

/** The server could not be reached, or refused the login, at start: the bot does not start. */
export class DatabaseConnectError extends Error {
  readonly code = 'DATABASE_CONNECT';
  constructor(readonly where: string, reason: string, advice: string, cause?: unknown) {
    super(`Could not open the PostgreSQL database ${where}: ${reason}. ${advice}`, { cause });
  }
}

/** The database was upgraded by a newer together-bot: this one must not write to it. */
export class SchemaTooNewError extends Error {
  readonly code = 'SCHEMA_TOO_NEW';
  constructor(readonly where: string, readonly series: string, readonly found: number, readonly known: number) {
    super(
      `The database ${where} has ${series} schema version ${found}, newer than this together-bot knows (${known}): a newer version upgraded it. ` +
        'Run that newer version (or a later one), or restore a backup taken before the upgrade. Nothing was changed.',
    );
  }
}

/** A read-only opening (export, stats, check) of a database whose schema is not this version's. */
export class SchemaNotReadyError extends Error {
  readonly code = 'SCHEMA_NOT_READY';
  constructor(readonly where: string, appliedCount: number, missing: number[]) {
    super(
      appliedCount === 0
        ? `The database ${where} holds no together-bot data yet: start the bot once (\`together start\`) or copy a data folder into it (\`together migrate --from ./data\`).`
        : `The database ${where} lacks schema migration(s) ${missing.join(', ')} of this together-bot version: start the bot once (\`together start\`) to upgrade it, then run this command again.`,
    );
  }
}

/** The server stayed unreachable longer than the store waits: the operation did not happen (or, for a write, may not have). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(readonly where: string, waitedMs: number, cause: unknown) {
    super(
      `PostgreSQL at ${where} did not answer for ${Math.round(waitedMs / 1000)} s (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Check that the server runs and is reachable; the bot keeps retrying for later operations.',
      { cause },
    );
  }
}
