/**
 * One bot instance of a cluster in a process of its own, for the reply-order tests: the real
 * core, PostgreSQL store and cluster (short timings), a channel that posts each reply to the
 * test's platform (tests/helpers/cluster-turns.ts), and a flow whose `/echo <text>` stores a count
 * and answers `<text>`. Events come as JSON lines on stdin ({ chatId, text, updateId }); it prints
 * "READY <instance id>", then "SAVED <updateId>" once a turn is saved and its replies queued and
 * "DELIVERED <updateId>" once they went out. Settings: CLUSTER_DB, PLATFORM_URL, NAME.
 */
import { createInterface } from 'node:readline';
import { createCore } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import { DeliveryError } from '../../src/channels/channel.ts';
import type { Reply } from '../../src/core/types.ts';
import type { Flow } from '../../src/engine/flow.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import { FAST_CLUSTER } from './cluster.ts';
import { tempDir } from './harness.ts';

const env = process.env;
const log = silentLogger();

const platform: Channel = {
  name: 'fake',
  limits: null,
  async start() {},
  async stop() {},
  async deliver(chatId: string, reply: Reply) {
    const text = reply.kind === 'text' ? reply.text : '?';
    const res = await fetch(env.PLATFORM_URL!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId, text, instance: env.NAME }) });
    const answer = (await res.json()) as { retry_after_ms?: number };
    if (res.status === 429) throw new DeliveryError('rate_limited', 'Too Many Requests', answer.retry_after_ms);
    if (!res.ok) throw new DeliveryError('transient', `HTTP ${res.status}`);
  },
};

const echo: Flow = {
  id: 'echo',
  version: 1,
  steps: [],
  commands: {
    echo(turn, args) {
      turn.data<{ n: number }>('echo', () => ({ n: 0 })).n++;
      turn.say(args);
    },
  },
};

const dir = tempDir('together-cluster-turn-');
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [echo],
  channels: [platform],
  log,
  store: await openStore({ dataDir: dir, databaseUrl: env.CLUSTER_DB!, log }),
  control: false,
  personRate: false,
  clusterTimings: FAST_CLUSTER,
});
await core.start();
const say = (line: string) => void process.stdout.write(`${line}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const { chatId, text, updateId } = JSON.parse(line) as { chatId: string; text: string; updateId: string };
  void core.engine.handle({ kind: 'command', name: 'echo', args: text, address: { channel: 'fake', chatId, userId: chatId }, updateId }).then((handled) => {
    say(`SAVED ${updateId}`);
    void handled.delivered.then(() => say(`DELIVERED ${updateId}`));
  });
});
say(`READY ${core.cluster.instanceId}`);
process.once('SIGTERM', () => void core.stop().then(() => process.exit(0)));
