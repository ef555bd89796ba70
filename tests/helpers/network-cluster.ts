/**
 * Bot instances of the network's flows on one PostgreSQL database (issue #13 with several
 * instances, #14): each a core with its own in-memory channel (its own webhook endpoint), the
 * cluster's short timings and one fake clock for all. What an instance logs as an error is kept,
 * so a test can say that none failed. (tests/helpers/cluster-instance.ts starts its cores at once,
 * on the real clock: these are started by the test, together.)
 */
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { pino } from 'pino';
import { createCore, type Core } from '../../src/app.ts';
import type { Reply } from '../../src/core/types.ts';
import type { Store } from '../../src/engine/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { onboarding } from '../../flows/onboarding/index.ts';
import { privacy } from '../../flows/privacy/index.ts';
import { plan } from '../../flows/network/index.ts';
import { checkin } from '../../flows/network/checkins/index.ts';
import { plandigest } from '../../flows/network/digest/index.ts';
import { networkRecords } from '../../flows/network/records.ts';
import { FAST_CLUSTER } from './cluster.ts';
import { removeDir, tempDir } from './harness.ts';
import { MemoryChannel } from './memory-channel.ts';
import { Clock, personDoc } from './plan-reminders-bot.ts';

export { Clock };

/**
 * The cluster's short timings with a longer lease: a loaded test machine must not lose a broadcast's
 * lease mid-send here (a recipient in flight then is in doubt and never sent again, by design); what
 * a hand-over does to a reminder is tests/network-reminder-claim.test.ts's.
 */
const TIMINGS = { ...FAST_CLUSTER, leaseMs: 5_000 };

export interface NetworkInstance {
  core: Core;
  channel: MemoryChannel;
  /** What it logged at error level (pino's JSON lines). */
  errors: string[];
}

/**
 * Makes cores on the database at `url()`, not started yet (a test seeds the store, then starts
 * them at the same moment). Those still running after a test are stopped then, and their data
 * folders removed.
 */
export function networkInstances(url: () => string, clock: Clock): { make(): Promise<NetworkInstance> } {
  const made: Core[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const core of made.splice(0)) await core.stop().catch(() => {});
    while (dirs.length) removeDir(dirs.pop()!);
  });
  const dir = () => {
    const d = tempDir('together-network-cluster-');
    dirs.push(d);
    return d;
  };
  return {
    async make() {
      const errors: string[] = [];
      const log = pino({ level: 'error' }, new Writable({ write: (chunk, _encoding, done) => (errors.push(String(chunk)), done()) }));
      const store = await openStore({ dataDir: dir(), databaseUrl: url(), log });
      const channel = new MemoryChannel();
      const core = await createCore({
        config: { dataDir: dir(), lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
        flows: [onboarding, privacy, plan, plandigest, checkin],
        channels: [channel],
        log,
        store,
        now: clock.now,
        control: false,
        personRate: false,
        clusterTimings: TIMINGS,
      });
      made.push(core);
      return { core, channel, errors };
    },
  };
}

/** A person who talked to the bot on the memory channel and consented; with `member`, one who joined /plan (following everything). */
export async function seedPerson(store: Store, id: string, options: { tz?: string; member?: boolean } = {}): Promise<string> {
  const doc = personDoc(store, id, options);
  await store.saveUser(doc);
  if (options.member) await networkRecords(store).members.put({ id: doc.key, pseudonym: doc.pseudonym, channel: 'memory', tz: options.tz ?? 'Europe/Brussels', follows: { all: true, axes: [], groups: [] }, joinedAt: doc.createdAt });
  return doc.key;
}

/** Every text the instances sent to `chatId` that starts with `start`, whichever instance sent it. */
export function sentTo(instances: readonly NetworkInstance[], chatId: string, start: string): string[] {
  return instances.flatMap((i) => i.channel.sent.filter((s) => s.chatId === chatId && s.reply.kind === 'text' && s.reply.text.startsWith(start)).map((s) => (s.reply as Reply & { text: string }).text));
}
