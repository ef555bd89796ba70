/**
 * One bot instance of a cluster in a process of its own, for the kill -9 tests: the real core,
 * PostgreSQL store and cluster (short timings), the real Telegram channel against the fake Bot
 * API (long polling, so only the lease holder receives), the sample questionnaire and a plain
 * broadcast kind `test.news`. Prints "READY <instance id>" once started. Settings in the
 * environment: CLUSTER_DB, TG_API, TG_TOKEN, TG_PER_SECOND (the outbox's pace).
 */
import { createCore } from '../../src/app.ts';
import type { Flow } from '../../src/engine/flow.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import { onboarding } from '../../flows/onboarding/index.ts';
import { privacy } from '../../flows/privacy/index.ts';
import { TelegramChannel } from '../../adapters/telegram/index.ts';
import { FAST_CLUSTER } from './cluster.ts';
import { sampleFlow } from './sample-flow.ts';
import { tempDir } from './harness.ts';

const env = process.env;
const log = silentLogger();
const news: Flow = {
  id: 'news',
  version: 1,
  steps: [],
  broadcasts: {
    'test.news': {
      render(letter, payload) {
        letter.say(`News ${String(payload.n)}`);
        return true;
      },
    },
  },
};
const channel = new TelegramChannel({ token: env.TG_TOKEN!, apiRoot: env.TG_API!, log, limits: { perSecond: Number(env.TG_PER_SECOND ?? 30), perChatMs: 50 } });
const dir = tempDir('together-cluster-bot-');
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [onboarding, privacy, sampleFlow(), news],
  channels: [channel],
  log,
  store: await openStore({ dataDir: dir, databaseUrl: env.CLUSTER_DB!, log }),
  control: false,
  personRate: false,
  clusterTimings: FAST_CLUSTER,
});
await core.start();
process.stdout.write(`READY ${core.cluster.instanceId}\n`);
process.once('SIGTERM', () => void core.stop().then(() => process.exit(0)));
