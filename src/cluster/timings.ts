import { SettingsError } from '../config.ts';
import type { ClusterTimings } from './open-cluster.ts';

const VARIABLES = {
  heartbeatMs: 'TOGETHER_CLUSTER_HEARTBEAT_MS',
  leaseMs: 'TOGETHER_CLUSTER_LEASE_MS',
  aliveMs: 'TOGETHER_CLUSTER_ALIVE_MS',
} as const;

/**
 * The cluster's timings from the environment, each optional (the defaults suit production: a
 * heartbeat every 2 s, leases of 8 s, an instance silent for 6 s is gone). Tests shorten them.
 */
export function clusterTimings(env: NodeJS.ProcessEnv = process.env): ClusterTimings {
  const timings: ClusterTimings = {};
  for (const [field, name] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const value = env[name];
    if (!value) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 10 || n > 600_000) throw new SettingsError(`${name}=${value} is not a duration: use a whole number of milliseconds from 10 to 600000.`);
    timings[field] = n;
  }
  const heartbeat = timings.heartbeatMs ?? 2_000;
  if ((timings.leaseMs ?? 8_000) < 2 * heartbeat) throw new SettingsError(`${VARIABLES.leaseMs} must be at least twice ${VARIABLES.heartbeatMs}: a lease renewed less often runs out.`);
  if ((timings.aliveMs ?? 6_000) < 2 * heartbeat) throw new SettingsError(`${VARIABLES.aliveMs} must be at least twice ${VARIABLES.heartbeatMs}: an instance would look gone between two heartbeats.`);
  return timings;
}
