import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { runControl } from '../src/cli/control-command.ts';
import { readSettings } from '../src/config.ts';
import { allFlows } from '../flows/index.ts';
import { seedSubscribers, textsTo } from './helpers/caravan-bot.ts';
import { eventually, FAST_CLUSTER } from './helpers/cluster.ts';
import { clusterInstances } from './helpers/cluster-instance.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, suiteDatabase, type TestDatabase } from './helpers/postgres.ts';
import { togetherProcess } from './helpers/together-cli.ts';
import { togetherHere } from './helpers/together-in-process.ts';

let db: TestDatabase;

/** The command line's environment: the test database, a data folder that must stay untouched, the tests' cluster timings. */
const cliEnv = (dataDir: string) => ({
  TOGETHER_DATA: dataDir,
  TOGETHER_DATABASE_URL: db.url,
  TOGETHER_CLUSTER_HEARTBEAT_MS: String(FAST_CLUSTER.heartbeatMs),
  TOGETHER_CLUSTER_LEASE_MS: String(FAST_CLUSTER.leaseMs),
  TOGETHER_CLUSTER_ALIVE_MS: String(FAST_CLUSTER.aliveMs),
  LOG_LEVEL: 'silent',
});

/**
 * `together …` in this process (a spawn costs seconds of CPU): it opens the database, joins the
 * cluster and leaves it as the command line does. One announce runs in a real process below.
 */
const here = (dataDir: string, ...args: string[]) => togetherHere(args, { env: { ...cliEnv(dataDir), TELEGRAM_BOT_TOKEN: undefined } });

/** `together …` in a child process on the test database, with a data folder that must stay untouched. */
function together(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...cliEnv(dataDir) };
  delete env.TELEGRAM_BOT_TOKEN;
  return togetherProcess(args, { env });
}

/**
 * A zone where it is about noon now, and a date `days` ahead: the announcement is never held
 * by the quiet hours (22:00–08:00 at the stop), whenever the test runs.
 */
function noonFields(days: number, country = 'RO'): Record<string, string> {
  const offset = 12 - new Date().getUTCHours();
  const tz = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { town: 'Iași', country, venue: 'Casa de Cultură', date, time: '18:30', tz };
}

const noonStop = (days: number): string[] => ['caravan', 'add', ...Object.entries(noonFields(days)).flatMap(([k, v]) => [`--${k}`, v]), '--json'];

await describePostgres('together caravan … with TOGETHER_DATABASE_URL (through the database, next to the instances)', () => {
  db = suiteDatabase();
  const instances = clusterInstances(db, { flows: () => allFlows });
  const instance = () => instances.start();

  it('no instance running: add writes to the database without any data folder; announce refuses and sends nothing', async () => {
    const dir = join(tempDir('together-cli-cluster-'), 'never-created');
    const added = await here(dir, ...noonStop(30));
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const stop = JSON.parse(added.stdout) as { id: string };
    const listed = await here(dir, 'caravan', 'list', '--json');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id)).toContain(stop.id);

    const refused = await here(dir, 'caravan', 'announce', stop.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('No bot instance is running on this database');
    // No control socket, no lock, no data files: the database is the store.
    expect(existsSync(dir)).toBe(false);
    const { core } = await instance();
    expect(await core.broadcasts.list()).toEqual([]);
  }, 60_000);

  it('the CLI process adds and announces; the running instance sends the announcement, once to each subscriber, and the CLI reports it', async () => {
    const { core, channel } = await instance();
    const people = ['s1', 's2', 's3', 's4', 's5', 's6'];
    await seedSubscribers(core.services, people);
    const dir = join(tempDir('together-cli-cluster-'), 'never-created');
    const stop = JSON.parse((await here(dir, ...noonStop(31))).stdout) as { id: string };

    const announced = await together(dir, 'caravan', 'announce', stop.id);
    expect(announced.stderr).toBe('');
    expect(announced.code).toBe(0);
    expect(announced.stdout).toContain(`announced ${stop.id} (Iași) to 6 new recipients: sent 6, failed 0, unreachable (unsubscribed) 0, skipped 0, in doubt 0, pending 0 — of 6`);
    for (const who of people) expect(textsTo(channel, who)).toHaveLength(1);

    // Announcing again adds nobody and sends nothing twice.
    const again = await here(dir, 'caravan', 'announce', stop.id);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('to 0 new recipients');
    const report = JSON.parse((await here(dir, 'caravan', 'report', stop.id, '--json')).stdout) as { broadcasts: { kind: string; status: string; counts: { sent: number } }[] };
    expect(report.broadcasts).toEqual([expect.objectContaining({ kind: 'caravan.announce', status: 'done', counts: expect.objectContaining({ sent: 6 }) })]);
    for (const who of people) expect(textsTo(channel, who)).toHaveLength(1);
    // The command line left the cluster: only the instance is alive.
    const alive = (await core.cluster.status()).instances.filter((i) => i.alive);
    expect(alive.map((i) => i.id)).toEqual([core.cluster.instanceId]);
    expect(existsSync(dir)).toBe(false);
  }, 90_000);
  it('the CLI follows the announcement in the database with its progress, and says so when the only instance stops mid-way', async () => {
    const { core, channel } = await instance();
    const people = Array.from({ length: 150 }, (_, i) => `m${i}`);
    // Subscribers of France only: the earlier tests' (Romania) are not in this announcement.
    await seedSubscribers(core.services, people, { regions: ['fr'] });
    let delivered = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    channel.deliverHook = async () => {
      if (++delivered > 3) await gate;
    };
    const dir = join(tempDir('together-cli-cluster-'), 'never-created');
    const settings = readSettings({ TOGETHER_DATABASE_URL: db.url, TOGETHER_DATA: dir, LOG_LEVEL: 'silent' });
    // The command line's own cluster timings come from its environment, as in a child process.
    vi.stubEnv('TOGETHER_CLUSTER_HEARTBEAT_MS', String(FAST_CLUSTER.heartbeatMs));
    vi.stubEnv('TOGETHER_CLUSTER_LEASE_MS', String(FAST_CLUSTER.leaseMs));
    vi.stubEnv('TOGETHER_CLUSTER_ALIVE_MS', String(FAST_CLUSTER.aliveMs));
    const said: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    try {
      const stop = (await runControl(allFlows, settings, 'caravan.add', noonFields(32, 'FR'))) as { id: string };
      const progress: { sent: number; pending: number; total: number }[] = [];
      const announcing = runControl(allFlows, settings, 'caravan.announce', { id: stop.id }, { needsRunningBot: true, followEveryMs: 50, onProgress: (c) => progress.push(c as (typeof progress)[number]) });
      await eventually(() => delivered > 3, 20_000, 'the instance to start sending');
      // The only instance stops while the command follows: what it had handed over goes out, the rest waits.
      const stopping = instances.stop(core);
      setTimeout(open, 200);
      await stopping;
      const r = (await announcing) as { status: string; counts: { sent: number; pending: number; total: number } };
      expect(r.status).toBe('running');
      expect(r.counts.total).toBe(150);
      expect(r.counts.sent).toBeGreaterThan(0);
      expect(r.counts.pending).toBeGreaterThan(0);
      expect(progress.some((c) => c.sent > 0)).toBe(true);
      expect(said.join('')).toContain(`no bot instance is alive to send the rest of cv-ann-${stop.id}: it waits in the database and goes out when one starts`);
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
      open();
    }
    // A new instance sends the rest, and nobody twice.
    const next = await instance();
    await eventually(async () => (await next.core.broadcasts.list()).every((b) => b.status === 'done'), 30_000, 'the rest of the announcement');
    const all = [...channel.sent, ...next.channel.sent].filter((s) => s.reply.kind === 'text' && s.chatId.startsWith('m'));
    expect(new Set(all.map((s) => s.chatId)).size).toBe(150);
    expect(all).toHaveLength(150);
  }, 120_000);
});
