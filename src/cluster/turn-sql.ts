import type pg from 'pg';

/**
 * The statements on a person's pending turns (the store's `people.pending` and `people.taken`,
 * migration 002) that decide who sends a turn's replies: its own instance, or the one that took
 * it over because its instance seemed gone. Both run under the person's lock, so a take and the
 * owner's check never cross. "Gone" here is silent for `goneMs` (alive + a lease's time): longer
 * than an instance trusts its own heartbeat before it checks again.
 */

type Queryable = Pick<pg.Pool, 'query'>;

/** The instance that wrote a turn id (`<instance>.<random>`); '' for one written by a single process (the embedded store). */
export const ownerOf = (id: string): string => {
  const dot = id.indexOf('.');
  return dot < 0 ? '' : id.slice(0, dot);
};

const ms = (n: number) => `${Math.max(1, Math.round(n))} * interval '1 millisecond'`;

/** Whether `me` may send turn `id` now: it is still pending and either `me` took it last, or it is `me`'s and no live instance took it. */
export async function maySend(db: Queryable, key: string, id: string, me: string, goneMs: number): Promise<boolean> {
  const r = await db.query<{ pending: boolean; latest: string | null; live_taker: boolean }>(
    `SELECT $2 = ANY(pending) AS pending,
       (SELECT split_part(t, '>', 2) FROM unnest(taken) WITH ORDINALITY AS u(t, n) WHERE split_part(t, '>', 1) = $2 ORDER BY n DESC LIMIT 1) AS latest,
       EXISTS (SELECT 1 FROM unnest(taken) AS t JOIN cluster_instances i ON i.id = split_part(t, '>', 2)
               WHERE split_part(t, '>', 1) = $2 AND i.heartbeat_at > now() - ${ms(goneMs)}) AS live_taker
     FROM people WHERE key = $1`,
    [key, id],
  );
  const row = r.rows[0];
  if (!row?.pending) return false;
  return row.latest === me || (ownerOf(id) === me && !row.live_taker);
}

/** Takes turn `id` over for `me` when it is pending, its instance is gone and no live instance took it already; true when taken. */
export async function takeTurn(db: Queryable, key: string, id: string, me: string, goneMs: number): Promise<boolean> {
  const r = await db.query(
    `UPDATE people SET taken = array_append(taken, $2 || '>' || $4)
     WHERE key = $1 AND $2 = ANY(pending)
       AND NOT EXISTS (SELECT 1 FROM cluster_instances WHERE id = $3 AND heartbeat_at > now() - ${ms(goneMs)})
       AND NOT EXISTS (SELECT 1 FROM unnest(taken) AS t JOIN cluster_instances i ON i.id = split_part(t, '>', 2)
                       WHERE split_part(t, '>', 1) = $2 AND i.id <> $4 AND i.heartbeat_at > now() - ${ms(goneMs)})
     RETURNING key`,
    [key, id, ownerOf(id), me],
  );
  return (r.rowCount ?? 0) > 0;
}
