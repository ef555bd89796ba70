import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';
import { acquire, aliveIds, heartbeat, leave, pruneInstances, pruneUpdates, readMembers, release, renew } from './cluster-sql.ts';
import { PersonLocks } from './person-locks.ts';
import { TurnWaits, type WaitOutcome } from './turn-waits.ts';
import { maySend, ownerOf, takeTurn } from './turn-sql.ts';
import type { Cluster, ClusterStatus, Lease, MemberKind, PersonOptions, QueueSizes, Role } from './types.ts';

export interface PostgresClusterOptions {
  /** How to reach the database: the store pool's settings (the cluster opens small pools of its own). */
  connection: pg.PoolConfig;
  log: Logger;
  /** How often the heartbeat is written and the leases renewed (default 2 s). */
  heartbeatMs?: number;
  /** A lease's time to live: a dead holder's role is taken over within this and one heartbeat (default 8 s). */
  leaseMs?: number;
  /** An instance whose heartbeat is older than this is gone (default 6 s). */
  aliveMs?: number;
  /** Connections holding people's locks at once: as many people handled at the same moment (default 16). */
  lockConnections?: number;
  /** The queue sizes `status()` shows (the store's). */
  queues?: () => Promise<QueueSizes>;
  /** 'command' for a command-line session (default 'instance'): listed apart, never counted as an instance alive. */
  member?: MemberKind;
  /** How long a turn's replies wait at most for another instance's earlier turn of the same person (default 60 s). */
  turnWaitMs?: number;
}

/** The statements that tell a database without the cluster's tables. */
export class ClusterSchemaError extends Error {
  readonly code = 'CLUSTER_SCHEMA';
}

interface HeldLease {
  readonly name: string;
  /** performance.now() up to which the lease is surely ours. */
  validUntil: number;
  lost: boolean;
}

interface HeldRole {
  readonly role: Role;
  lease: HeldLease | null;
  running: boolean;
  /** Start and stop run one after the other. */
  work: Promise<void>;
  /** performance.now() before which a role that failed to start is not tried again. */
  retryAt: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Several `together start` processes sharing one PostgreSQL database. Each instance writes a
 * heartbeat; what must run once is a lease (name, holder, expiry) renewed with the heartbeat and
 * taken over by another instance once it runs out; each person's events go through a lock held
 * across instances (see PersonLocks). A lease that could not be renewed in time counts as lost
 * here before it runs out in the database, so two instances never run one role at once.
 */
export class PostgresCluster implements Cluster {
  readonly instanceId = randomBytes(5).toString('hex');
  readonly shared = true;
  readonly #db: pg.Pool;
  readonly #locks: PersonLocks;
  readonly #waits: TurnWaits;
  readonly #member: MemberKind;
  readonly #roles = new Map<string, HeldRole>();
  readonly #claims = new Map<string, HeldLease>();
  readonly #heartbeatMs: number;
  readonly #leaseMs: number;
  readonly #aliveMs: number;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #again = false;
  #resigned = false;
  #closed = false;
  #prunedAt = 0;
  #alive: { at: number; ids: Set<string> } | null = null;
  #failing = false;
  /** performance.now() up to which no other instance can judge this one gone: its heartbeat is recent. */
  #aliveUntil = 0;
  /** Counts the times that assurance ran out before a heartbeat renewed it (another instance may have judged this one gone). */
  #lapses = 0;

  private constructor(private readonly options: PostgresClusterOptions) {
    this.#heartbeatMs = options.heartbeatMs ?? 2_000;
    this.#leaseMs = options.leaseMs ?? 8_000;
    this.#aliveMs = options.aliveMs ?? 6_000;
    const { connection } = options;
    this.#db = new pg.Pool({ ...connection, max: 3, connectionTimeoutMillis: Math.min(this.#leaseMs, 5_000), query_timeout: this.#leaseMs });
    this.#db.on('error', () => {});
    this.#locks = new PersonLocks(connection, options.lockConnections ?? 16, (e) => options.log.warn({ err: e }, 'an update was handled but could not be marked as handled; a redelivery of it would be handled again'));
    this.#waits = new TurnWaits(this.#locks.pool, options.log, 50, options.turnWaitMs);
    this.#member = options.member ?? 'instance';
  }

  /** Joins the cluster: the instance is recorded and its heartbeat begins. */
  static async start(options: PostgresClusterOptions): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(options);
    try {
      const found = await cluster.#db.query<{ t: string | null }>(`SELECT to_regclass('cluster_leases')::text AS t`);
      if (!found.rows[0]?.t) throw new ClusterSchemaError('The database has no cluster tables (migration 101): start the bot once with this version so it migrates the database.');
      const sent = performance.now();
      await heartbeat(cluster.#db, cluster.instanceId, hostname(), process.pid, cluster.#member);
      cluster.#renewed(sent);
      await pruneInstances(cluster.#db);
    } catch (e) {
      await cluster.#end();
      throw e;
    }
    cluster.#timer = setInterval(() => void cluster.#tick(), cluster.#heartbeatMs);
    cluster.#timer.unref();
    options.log.info({ instance: cluster.instanceId, member: cluster.#member }, 'joined the cluster');
    return cluster;
  }

  withPerson<T>(key: string, fn: (seen: boolean, turns?: readonly string[]) => Promise<T>, options?: PersonOptions): Promise<T> {
    return this.#locks.run(key, fn, options);
  }

  turnsSent(key: string, ids: readonly string[]): Promise<WaitOutcome> {
    return this.#waits.wait(key, ids);
  }

  owns(id: string): boolean {
    return id.startsWith(`${this.instanceId}.`);
  }

  hold(name: string, role: Role): void {
    if (this.#roles.has(name)) throw new Error(`The role ${name} is already held.`);
    if (this.#resigned) return;
    this.#roles.set(name, { role, lease: null, running: false, work: Promise.resolve(), retryAt: 0 });
    void this.#tick();
  }

  async claim(name: string): Promise<Lease | null> {
    if (this.#claims.has(name) || this.#closed) return null;
    const started = performance.now();
    if (!(await acquire(this.#db, name, this.instanceId, this.#leaseMs))) return null;
    const held: HeldLease = { name, validUntil: this.#validFrom(started), lost: false };
    this.#claims.set(name, held);
    return {
      name,
      valid: () => this.#valid(held),
      release: async () => {
        if (this.#claims.get(name) !== held) return;
        this.#claims.delete(name);
        held.lost = true;
        await release(this.#db, this.instanceId, [name]).catch((e: unknown) => this.options.log.warn({ err: e, lease: name }, 'a lease could not be given up; it runs out on its own'));
      },
    };
  }

  /** A mark's instance is gone once silent for longer than it trusts its own heartbeat and a lease's time (see turnFence). */
  async orphaned(id: string): Promise<boolean> {
    const owner = ownerOf(id);
    // A mark without an owner was written by one process on its own (the embedded store, before a move).
    if (owner === '') return true;
    if (owner === this.instanceId) return false;
    if (!this.#alive || performance.now() - this.#alive.at > this.#heartbeatMs) {
      this.#alive = { at: performance.now(), ids: await aliveIds(this.#db, this.#goneMs) };
    }
    return !this.#alive.ids.has(owner);
  }

  get #goneMs(): number {
    return this.#aliveMs + this.#leaseMs;
  }

  /**
   * Before each platform call of a turn's replies: nothing to ask while this instance has stayed
   * surely alive since the turn was saved (nobody can have judged it gone: that takes `#goneMs`
   * of silence). Otherwise its heartbeat is renewed first and, under the person's lock, the turn
   * is checked: still pending, and not taken over by a live instance (then that one sends it).
   */
  turnFence(key: string, id: string): (signal: AbortSignal) => boolean | Promise<boolean> {
    let lapses = this.#lapses;
    return (signal) => {
      if (lapses === this.#lapses && performance.now() < this.#aliveUntil) return true;
      return this.#reclaim(key, id, signal).then((ok) => {
        if (ok) lapses = this.#lapses;
        return ok;
      });
    };
  }

  async #reclaim(key: string, id: string, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted && !this.#closed) {
      try {
        await this.#tick();
        if (performance.now() < this.#aliveUntil) {
          const ok = await this.#locks.run(key, (_seen, _turns, client) => maySend(client, key, id, this.instanceId, this.#goneMs));
          // Decided while surely alive: no take can come between this answer and the call.
          if (performance.now() < this.#aliveUntil) return ok;
        }
      } catch {
        // The database is away: keep the reply until it can be decided (or the stop sets it aside).
      }
      await new Promise((r) => setTimeout(r, this.#heartbeatMs));
    }
    return false;
  }

  /** Under the person's lock (the recover role): takes over a gone instance's pending turn; true when this instance sends it now. */
  takeTurn(key: string, id: string): Promise<boolean> {
    // Its own connection (the caller holds the lock's), committed before the replies go.
    return takeTurn(this.#db, key, id, this.instanceId, this.#goneMs);
  }

  /** A heartbeat sent at `sent` went through: the assurance runs from then; a gap before it is a lapse. */
  #renewed(sent: number): void {
    if (performance.now() >= this.#aliveUntil) this.#lapses++;
    this.#aliveUntil = sent + this.#aliveMs - Math.min(this.#aliveMs / 4, 2_000);
  }

  unsentId(): string {
    return `${this.instanceId}.${randomBytes(4).toString('hex')}`;
  }

  async resign(): Promise<void> {
    this.#resigned = true;
    // A heartbeat under way may be taking a role: it sees the flag once done.
    await this.#ticking;
    const names = [...this.#roles.keys()];
    await Promise.all(names.map((name) => this.#stopRole(name, 'the instance is stopping')));
    await release(this.#db, this.instanceId, names).catch(() => {});
  }

  async status(options: { queues?: boolean } = {}): Promise<ClusterStatus> {
    const members = await readMembers(this.#db, this.#aliveMs);
    const queues = options.queues === false ? undefined : await this.options.queues?.();
    return { instanceId: this.instanceId, shared: true, ...members, ...(queues ? { queues } : {}) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.resign();
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#ticking;
    for (const held of this.#claims.values()) held.lost = true;
    this.#claims.clear();
    await leave(this.#db, this.instanceId).catch((e: unknown) => this.options.log.warn({ err: e }, 'could not leave the cluster cleanly; its leases run out on their own'));
    await this.#end();
  }

  async #end(): Promise<void> {
    this.#waits.close();
    await Promise.all([this.#db.end().catch(() => {}), this.#locks.close().catch(() => {})]);
  }

  /** A lease renewed from a request sent at `sent` is surely ours until then, less a margin for clock drift. */
  #validFrom(sent: number): number {
    return sent + this.#leaseMs - Math.min(this.#leaseMs / 4, 2_000);
  }

  #valid(held: HeldLease): boolean {
    return !held.lost && performance.now() < held.validUntil;
  }

  /** One heartbeat: renew what is held, notice what is lost, take the roles that are free. Never two at once. */
  #tick(): Promise<void> {
    if (this.#ticking) {
      this.#again = true;
      this.#expire();
      return this.#ticking;
    }
    this.#ticking = (async () => {
      do {
        this.#again = false;
        await this.#beat();
      } while (this.#again && !this.#closed);
    })().finally(() => (this.#ticking = null));
    return this.#ticking;
  }

  async #beat(): Promise<void> {
    if (this.#closed) return;
    try {
      const beatSent = performance.now();
      await heartbeat(this.#db, this.instanceId, hostname(), process.pid, this.#member);
      this.#renewed(beatSent);
      const held = [...this.#claims.values(), ...[...this.#roles.values()].flatMap((r) => (r.lease ? [r.lease] : []))];
      const sent = performance.now();
      const kept = await renew(this.#db, this.instanceId, held.map((h) => h.name), this.#leaseMs);
      for (const h of held) {
        if (kept.has(h.name)) h.validUntil = this.#validFrom(sent);
        else h.lost = true;
      }
      this.#expire();
      if (!this.#resigned) for (const name of this.#roles.keys()) await this.#take(name);
      if (performance.now() - this.#prunedAt > PRUNE_EVERY_MS) {
        this.#prunedAt = performance.now();
        await pruneUpdates(this.#db);
      }
      if (this.#failing) this.options.log.info('the cluster reaches its database again');
      this.#failing = false;
    } catch (e) {
      // Said once per outage; leases not renewed in time are given up by #expire.
      if (!this.#failing) this.options.log.error({ err: e }, 'the cluster cannot reach its database; roles stop when their leases run out');
      this.#failing = true;
      this.#expire();
    }
  }

  /** Stops the roles whose lease is lost or no longer surely ours. */
  #expire(): void {
    for (const [name, held] of this.#roles) {
      if (held.lease && !this.#valid(held.lease)) void this.#stopRole(name, 'its lease was lost');
    }
  }

  async #take(name: string): Promise<void> {
    const held = this.#roles.get(name);
    if (!held || held.lease || performance.now() < held.retryAt) return;
    const sent = performance.now();
    if (!(await acquire(this.#db, name, this.instanceId, this.#leaseMs))) return;
    const lease: HeldLease = { name, validUntil: this.#validFrom(sent), lost: false };
    held.lease = lease;
    held.work = held.work.then(async () => {
      if (held.lease !== lease || !this.#valid(lease) || this.#resigned) {
        if (held.lease === lease) held.lease = null;
        await release(this.#db, this.instanceId, [name]).catch(() => {});
        return;
      }
      this.options.log.info({ role: name, instance: this.instanceId }, 'took a role');
      try {
        await held.role.start();
        held.running = true;
      } catch (e) {
        this.options.log.error({ err: e, role: name }, 'a role did not start; another instance or a later try takes it');
        held.lease = null;
        held.retryAt = performance.now() + this.#leaseMs;
        await release(this.#db, this.instanceId, [name]).catch(() => {});
      }
    });
  }

  #stopRole(name: string, why: string): Promise<void> {
    const held = this.#roles.get(name);
    if (!held) return Promise.resolve();
    const lease = held.lease;
    held.lease = null;
    if (lease) lease.lost = true;
    held.work = held.work.then(async () => {
      if (!held.running) return;
      held.running = false;
      if (lease && !this.#resigned) this.options.log.warn({ role: name, instance: this.instanceId }, `a role stops: ${why}`);
      await held.role.stop().catch((e: unknown) => this.options.log.error({ err: e, role: name }, 'a role did not stop cleanly'));
    });
    return held.work;
  }
}
