import type { Command } from 'commander';
import type pg from 'pg';
import { hostname } from 'node:os';
import { readSettings } from '../config.ts';
import { createLogger } from '../log/logger.ts';
import { openStore } from '../store/open-store.ts';
import { lockHolder } from '../store/lock.ts';
import { readMembers } from '../cluster/cluster-sql.ts';
import { queueSizes } from '../cluster/queues.ts';
import { clusterTimings } from '../cluster/timings.ts';
import type { InstanceInfo, LeaseInfo, QueueSizes } from '../cluster/types.ts';

/** What `together status` reports. */
export interface StatusReport {
  store: 'postgres' | 'embedded';
  /** Every instance recorded: alive first, then those gone (a day at most). The embedded store has one running bot at most. */
  instances: InstanceInfo[];
  leases: LeaseInfo[];
  queues: QueueSizes;
}

/** Reads the status without taking part: nothing is written, no instance is added. */
export async function readStatus(now: Date = new Date()): Promise<StatusReport> {
  const settings = readSettings();
  const log = createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel);
  const { databaseUrl, dataDir } = settings.core;
  const store = await openStore({ dataDir, databaseUrl, readOnly: true, log });
  try {
    const queues = await queueSizes(store, now);
    const pool = (store as { pool?: pg.Pool }).pool;
    if (databaseUrl && pool) {
      const members = await readMembers(pool, clusterTimings().aliveMs ?? 6_000);
      return { store: 'postgres', ...members, queues };
    }
    const pid = lockHolder(dataDir);
    const at = now.toISOString();
    // One bot on the data folder at most (its lock): it holds every role.
    const instances: InstanceInfo[] = pid === null ? [] : [{ id: 'local', kind: 'instance', host: hostname(), pid, startedAt: '', heartbeatAt: at, alive: true, holds: ['all'] }];
    return { store: 'embedded', instances, leases: [], queues };
  } finally {
    await store.close();
  }
}

const ago = (iso: string, now: Date) => `${Math.max(0, (now.getTime() - Date.parse(iso)) / 1000).toFixed(1)} s ago`;

/** The report for a person at a terminal. */
export function formatStatus(report: StatusReport, now: Date = new Date()): string {
  const lines: string[] = [];
  // A data-changing command joins the cluster for its locks while it runs: never an instance (members recorded before kinds existed are instances).
  const bots = report.instances.filter((i) => i.kind !== 'command');
  const alive = bots.filter((i) => i.alive);
  const gone = bots.filter((i) => !i.alive);
  const sessions = report.instances.filter((i) => i.kind === 'command' && i.alive);
  if (report.store === 'embedded') {
    lines.push('store: embedded (one instance on this data folder)');
    lines.push(alive.length > 0 ? `bot running: pid ${alive[0]!.pid}${alive[0]!.pid < 0 ? ' (unknown)' : ''}` : 'bot running: no');
  } else {
    lines.push('store: PostgreSQL (instances share the work)');
    lines.push(`instances alive: ${alive.length}`);
    for (const i of alive) lines.push(`  ${i.id}  ${i.host}  pid ${i.pid}  since ${i.startedAt}  heartbeat ${ago(i.heartbeatAt, now)}  holds: ${i.holds.length > 0 ? i.holds.join(', ') : '-'}`);
    if (sessions.length > 0) {
      lines.push(`command-line sessions: ${sessions.length}`);
      for (const i of sessions) lines.push(`  ${i.id}  ${i.host}  pid ${i.pid}  since ${i.startedAt}  heartbeat ${ago(i.heartbeatAt, now)}  holds: ${i.holds.length > 0 ? i.holds.join(', ') : '-'}`);
    }
    if (gone.length > 0) {
      lines.push(`instances gone: ${gone.length}`);
      for (const i of gone) lines.push(`  ${i.id}  ${i.host}  pid ${i.pid}  last heartbeat ${ago(i.heartbeatAt, now)}`);
    }
    const unheld = ['scheduler', 'outbox:recover'].filter((r) => !report.leases.some((l) => l.name === r));
    if (alive.length > 0 && unheld.length > 0) lines.push(`not held right now: ${unheld.join(', ')} (taken within seconds)`);
  }
  const q = report.queues;
  lines.push('queues:');
  lines.push(`  jobs due now: ${q.jobsDue} (of ${q.jobsTotal} scheduled)`);
  lines.push(`  broadcasts not finished: ${q.broadcastsPending} (${q.recipientsPending} recipients left)`);
  lines.push(`  turns whose replies may be unsent: ${q.unsentMarks}`);
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('the instances alive and what each holds, and what waits: jobs due, broadcasts, unsent replies')
    .option('--json', 'as one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const now = new Date();
      const report = await readStatus(now);
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatStatus(report, now));
    });
}
