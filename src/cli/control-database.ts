import type pg from 'pg';
import { createCore, type Core } from '../app.ts';
import type { Settings } from '../config.ts';
import { readMembers } from '../cluster/cluster-sql.ts';
import { openCluster } from '../cluster/open-cluster.ts';
import { clusterTimings } from '../cluster/timings.ts';
import type { ControlHandler, Flow } from '../engine/flow.ts';
import { createLogger } from '../log/logger.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/types.ts';
import type { ControlOptions } from './control-command.ts';

const say = (line: string): void => void process.stderr.write(`together: ${line}\n`);

/** Bot instances alive: command-line sessions (this one, or another command running) never send. */
async function aliveInstances(store: Store, aliveMs: number): Promise<number> {
  const pool = (store as { pool?: pg.Pool }).pool;
  if (!pool) return 0;
  const { instances } = await readMembers(pool, aliveMs);
  return instances.filter((i) => i.alive && i.kind !== 'command').length;
}

/** The broadcast a command's result reports while it is still being sent (caravan announce returns its report). */
function runningBroadcast(result: unknown): string | null {
  const r = result as { id?: unknown; status?: unknown; counts?: unknown } | null;
  return r && typeof r === 'object' && typeof r.id === 'string' && r.status === 'running' && typeof r.counts === 'object' ? r.id : null;
}

/**
 * With PostgreSQL the command runs in this process against the database, next to the running
 * instances: no control socket, no data folder. This process joins the cluster while the command
 * runs (person locks and broadcast leases are the instances' own) but holds no role and starts no
 * channel: a broadcast it creates waits in the database and the instances' sweep sends it; the
 * command then follows it there until it is sent or held.
 */
export async function runOnDatabase(flows: Flow[], settings: Settings, handler: ControlHandler, args: Record<string, unknown>, options: ControlOptions): Promise<unknown> {
  // Joining and leaving the cluster are info lines: noise at a terminal unless LOG_LEVEL asks for them.
  const log = createLogger(settings.logLevel === 'info' && !settings.logLevelGiven ? 'warn' : settings.logLevel);
  const timings = clusterTimings();
  const aliveMs = timings.aliveMs ?? 6_000;
  const store = await openStore({ dataDir: settings.core.dataDir, databaseUrl: settings.core.databaseUrl, log });
  let core: Core | null = null;
  try {
    if (options.needsRunningBot && (await aliveInstances(store, aliveMs)) === 0) {
      throw new Error('No bot instance is running on this database (`together status` shows none alive): start one with `together start`, then run this command again.');
    }
    // Joined as a command-line session: `together status` lists it apart, never as an instance alive.
    const cluster = await openCluster(store, log, { ...timings, member: 'command' });
    try {
      core = await createCore({ config: settings.core, flows, channels: [], log, store, control: false, cluster, clusterTimings: timings });
    } catch (e) {
      await cluster.close().catch(() => {});
      throw e;
    }
    const result = await handler(core.services, args, options.onProgress ?? (() => {}));
    const id = options.needsRunningBot ? runningBroadcast(result) : null;
    return id ? { ...(result as object), ...(await follow(core, id, aliveMs, options)) } : result;
  } finally {
    if (core) await core.stop();
    else await store.close();
  }
}

/** Reads the broadcast's ledger in the database until the instances have sent it, it is held, or nobody is left to send it. */
async function follow(core: Core, id: string, aliveMs: number, options: ControlOptions): Promise<object> {
  const every = options.followEveryMs ?? 1_000;
  let interrupted = false;
  let wake: () => void = () => {};
  const onSignal = () => {
    interrupted = true;
    wake();
  };
  process.once('SIGINT', onSignal);
  try {
    let report = await core.broadcasts.report(id);
    while (report && report.status === 'running' && !interrupted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, every);
        wake = () => (clearTimeout(timer), resolve());
      });
      report = await core.broadcasts.report(id);
      if (report) options.onProgress?.(report.counts);
      if (report?.status === 'running' && (await aliveInstances(core.services.store, aliveMs)) === 0) {
        say(`no bot instance is alive to send the rest of ${id}: it waits in the database and goes out when one starts (\`together status\` shows what waits).`);
        break;
      }
    }
    if (interrupted) say(`stopped following ${id}: the instances go on sending it; \`together status\` and the flow's report command show how far they are.`);
    return report ?? {};
  } finally {
    process.off('SIGINT', onSignal);
  }
}
