import { afterEach } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import type { Flow } from '../../src/engine/flow.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import { FAST_CLUSTER } from './cluster.ts';
import { removeDir, tempDir } from './harness.ts';
import { MemoryChannel } from './memory-channel.ts';

export interface Instance {
  core: Core;
  /** Its own channel (its webhook endpoint): what it sent, and where its events come in. */
  channel: MemoryChannel;
}

/**
 * Instances of the bot on one test database, as `together start` with TOGETHER_DATABASE_URL
 * runs them (no control socket, the fast cluster timings), each on an in-memory channel and with
 * flows of its own (`flows` is called for each). Those still running after a test are stopped
 * then; `stop` ends one within a test.
 */
export function clusterInstances(database: { readonly url: string }, options: { flows: () => Flow[]; personRate?: false }): { start(): Promise<Instance>; stop(core: Core): Promise<void> } {
  const running: Core[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop().catch(() => {});
    while (dirs.length) removeDir(dirs.pop()!);
  });
  const dir = () => {
    const d = tempDir('together-instance-');
    dirs.push(d);
    return d;
  };
  return {
    async start() {
      const log = silentLogger();
      const store = await openStore({ dataDir: dir(), databaseUrl: database.url, log });
      const channel = new MemoryChannel();
      const core = await createCore({
        config: { dataDir: dir(), lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
        flows: options.flows(),
        channels: [channel],
        log,
        store,
        control: false,
        ...(options.personRate === false ? { personRate: false as const } : {}),
        clusterTimings: FAST_CLUSTER,
      });
      await core.start();
      running.push(core);
      return { core, channel };
    },
    stop(core) {
      running.splice(running.indexOf(core), 1);
      return core.stop();
    },
  };
}
