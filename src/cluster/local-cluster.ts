import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log/logger.ts';
import type { Cluster, ClusterStatus, Lease, Role } from './types.ts';

/**
 * One process on its own (the embedded store): the engine's own queue already keeps each person's
 * events in order, every lease is this process's, and every unsent mark found at start was left
 * by an earlier run of it.
 */
export class LocalCluster implements Cluster {
  readonly instanceId = randomBytes(5).toString('hex');
  readonly shared = false;
  readonly #roles = new Map<string, Role>();
  readonly #claimed = new Set<string>();
  readonly #startedAt = new Date().toISOString();

  constructor(private readonly log?: Logger) {}

  withPerson<T>(_key: string, fn: (seen: boolean, turns?: readonly string[]) => Promise<T>): Promise<T> {
    return fn(false);
  }

  /** Alone, every turn is this process's: the outbox's per-chat order keeps them in order. */
  turnsSent(): Promise<'sent'> {
    return Promise.resolve('sent');
  }

  owns(): boolean {
    return true;
  }

  turnFence(): () => boolean {
    return () => true;
  }

  async takeTurn(): Promise<boolean> {
    return true;
  }

  hold(name: string, role: Role): void {
    if (this.#roles.has(name)) throw new Error(`The role ${name} is already held.`);
    this.#roles.set(name, role);
    role.start().catch((e: unknown) => this.log?.error({ err: e, role: name }, 'a role did not start'));
  }

  async claim(name: string): Promise<Lease | null> {
    if (this.#claimed.has(name)) return null;
    this.#claimed.add(name);
    let held = true;
    return {
      name,
      valid: () => held,
      release: async () => {
        if (held) this.#claimed.delete(name);
        held = false;
      },
    };
  }

  async orphaned(_id: string): Promise<boolean> {
    return true;
  }

  unsentId(): string {
    return randomUUID().slice(0, 8);
  }

  async resign(): Promise<void> {
    const roles = [...this.#roles];
    this.#roles.clear();
    for (const [name, role] of roles) await role.stop().catch((e: unknown) => this.log?.error({ err: e, role: name }, 'a role did not stop cleanly'));
  }

  async status(): Promise<ClusterStatus> {
    const now = new Date().toISOString();
    const holds = [...this.#roles.keys(), ...this.#claimed];
    return {
      instanceId: this.instanceId,
      shared: false,
      instances: [{ id: this.instanceId, kind: 'instance', host: hostname(), pid: process.pid, startedAt: this.#startedAt, heartbeatAt: now, alive: true, holds }],
      leases: holds.map((name) => ({ name, holder: this.instanceId, expiresAt: now })),
    };
  }

  async close(): Promise<void> {
    await this.resign();
    this.#claimed.clear();
  }
}
