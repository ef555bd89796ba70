import type pg from 'pg';
import type { InstanceInfo, LeaseInfo, MemberKind } from './types.ts';

/**
 * The cluster's statements (tables of migration 101). Every time is the database's clock: instances
 * on machines whose clocks differ still agree on who is alive and which lease has run out.
 */

type Queryable = Pick<pg.Pool, 'query'>;

const ttl = (ms: number) => `now() + ${Math.max(1, Math.round(ms))} * interval '1 millisecond'`;

/** Records this instance (again, after an outage that pruned it) with a fresh heartbeat. */
export async function heartbeat(db: Queryable, id: string, host: string, pid: number, kind: MemberKind = 'instance'): Promise<void> {
  await db.query(
    `INSERT INTO cluster_instances (id, host, pid, kind) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
    [id, host, pid, kind],
  );
}

/** Instances silent for a day are history, not news. */
export async function pruneInstances(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM cluster_instances WHERE heartbeat_at < now() - interval '1 day'`);
}

/** Handled updates are kept two days: platforms redeliver within hours (Telegram 24 h at most). */
export async function pruneUpdates(db: Queryable): Promise<number> {
  const r = await db.query(`DELETE FROM cluster_updates WHERE handled_at < now() - interval '2 days'`);
  return r.rowCount ?? 0;
}

/** A graceful stop: its leases are free at once, and it no longer counts as an instance. */
export async function leave(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM cluster_leases WHERE holder = $1', [id]);
  await db.query('DELETE FROM cluster_instances WHERE id = $1', [id]);
}

/** Takes (or keeps) the lease when it is free, ours, or run out; true when it is ours now. */
export async function acquire(db: Queryable, name: string, holder: string, ms: number): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO cluster_leases AS l (name, holder, expires_at) VALUES ($1, $2, ${ttl(ms)})
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
       acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE now() END
     WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
     RETURNING name`,
    [name, holder],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Extends the leases still ours; resolves with their names (one missing was taken over: lost). */
export async function renew(db: Queryable, holder: string, names: string[], ms: number): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const r = await db.query<{ name: string }>(`UPDATE cluster_leases SET expires_at = ${ttl(ms)} WHERE holder = $1 AND name = ANY($2::text[]) RETURNING name`, [holder, names]);
  return new Set(r.rows.map((row) => row.name));
}

export async function release(db: Queryable, holder: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.query('DELETE FROM cluster_leases WHERE holder = $1 AND name = ANY($2::text[])', [holder, names]);
}

/** The ids of the instances whose heartbeat is recent. */
export async function aliveIds(db: Queryable, aliveMs: number): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(`SELECT id FROM cluster_instances WHERE heartbeat_at > now() - ${Math.round(aliveMs)} * interval '1 millisecond'`);
  return new Set(r.rows.map((row) => row.id));
}

/** Every instance recorded (alive or not) with the leases it holds, and every lease not run out. */
export async function readMembers(db: Queryable, aliveMs: number): Promise<{ instances: InstanceInfo[]; leases: LeaseInfo[] }> {
  const leases = await db.query<{ name: string; holder: string; expires_at: Date }>('SELECT name, holder, expires_at FROM cluster_leases WHERE expires_at > now() ORDER BY name');
  const rows = await db.query<{ id: string; kind: MemberKind; host: string; pid: number; started_at: Date; heartbeat_at: Date; alive: boolean }>(
    `SELECT id, kind, host, pid, started_at, heartbeat_at, heartbeat_at > now() - ${Math.round(aliveMs)} * interval '1 millisecond' AS alive
     FROM cluster_instances ORDER BY alive DESC, started_at`,
  );
  const held = new Map<string, string[]>();
  for (const l of leases.rows) held.set(l.holder, [...(held.get(l.holder) ?? []), l.name]);
  return {
    instances: rows.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      host: r.host,
      pid: r.pid,
      startedAt: r.started_at.toISOString(),
      heartbeatAt: r.heartbeat_at.toISOString(),
      alive: r.alive,
      holds: held.get(r.id) ?? [],
    })),
    leases: leases.rows.map((l) => ({ name: l.name, holder: l.holder, expiresAt: l.expires_at.toISOString() })),
  };
}
