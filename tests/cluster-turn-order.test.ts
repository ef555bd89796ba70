import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { killHard } from './helpers/bot-process.ts';
import { eventually, sleep } from './helpers/cluster.ts';
import { TurnPlatform, turnInstance } from './helpers/cluster-turns.ts';
import { tempDir } from './helpers/harness.ts';
import { describePostgres, testDatabase, type TestDatabase } from './helpers/postgres.ts';

/**
 * Two `together` instances in processes of their own on one database: one person's turns handled
 * by either, their replies accepted by the platform in the order of the turns, each once, also
 * when the platform holds one instance's reply, and when that instance is then killed.
 */
let db: TestDatabase;
let platform: TurnPlatform;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) await killHard(c);
  await platform?.stop();
});

/** Every person's pending turns, as the database holds them (empty once every reply went out). */
async function pendingTurns(): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ pending: string[] }>('SELECT pending FROM people')).rows.flatMap((r) => r.pending);
  } finally {
    await client.end();
  }
}

const once = (texts: string[]) => texts.filter((t, i) => texts.indexOf(t) !== i);

await describePostgres('reply order across two instances', () => {
  beforeAll(async () => {
    db = await testDatabase();
    // Migrated once here, so the two instances do not both wait on it.
    await (await openStore({ dataDir: tempDir('together-turn-order-'), databaseUrl: db.url, log: silentLogger() })).close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("a turn's reply waits for the person's earlier reply that another instance has not sent yet", { timeout: 90_000 }, async () => {
    platform = new TurnPlatform();
    await platform.start();
    const [a, b] = await Promise.all([turnInstance('a', db.url, platform, children), turnInstance('b', db.url, platform, children)]);
    platform.hold('one-1');
    await a.turn('one', 'one-1');
    await eventually(() => platform.holds('one-1'), 10_000, 'a sending its reply');
    await b.turn('one', 'one-2');
    // b saved its turn long ago: its reply has not even been tried while a's is held.
    await sleep(1_500);
    expect(platform.asked.map((m) => m.text)).toEqual(['one-1']);
    platform.release('one-1');
    await eventually(() => platform.texts('one').length === 2, 10_000, 'both replies');
    expect(platform.texts('one')).toEqual(['one-1', 'one-2']);
    expect(platform.accepted.map((m) => m.instance)).toEqual(['a', 'b']);
    await eventually(async () => (await pendingTurns()).length === 0, 10_000, 'the pending turns cleared');
  });

  it('several people writing to both instances in turn, the platform slow at random: every reply once, in order', { timeout: 120_000 }, async () => {
    platform = new TurnPlatform();
    platform.jitterMs = 120;
    await platform.start();
    const both = await Promise.all([turnInstance('a', db.url, platform, children), turnInstance('b', db.url, platform, children)]);
    const TURNS = 12;
    const people = ['p1', 'p2', 'p3'];
    await Promise.all(
      people.map(async (chat, p) => {
        // The next message as soon as the previous one is saved: faster than the replies go out.
        for (let k = 1; k <= TURNS; k++) await both[(k + p) % 2]!.turn(chat, `${chat}-${k}`);
      }),
    );
    await eventually(() => people.every((chat) => platform.texts(chat).length >= TURNS), 30_000, 'every reply');
    await sleep(500);
    for (const chat of people) {
      const texts = platform.texts(chat);
      expect(once(texts), chat).toEqual([]);
      expect(texts, chat).toEqual(Array.from({ length: TURNS }, (_, k) => `${chat}-${k + 1}`));
      // Both instances sent some of them.
      expect(new Set(platform.accepted.filter((m) => m.chatId === chat).map((m) => m.instance)).size).toBe(2);
    }
    await eventually(async () => (await pendingTurns()).length === 0, 10_000, 'the pending turns cleared');
  });

  it('an instance that stops while its reply waits for the other instance leaves it to the other: sent once, after the earlier one', { timeout: 90_000 }, async () => {
    platform = new TurnPlatform();
    await platform.start();
    const [a, b] = await Promise.all([turnInstance('a', db.url, platform, children), turnInstance('b', db.url, platform, children)]);
    platform.hold('three-1');
    await a.turn('three', 'three-1');
    await eventually(() => platform.holds('three-1'), 10_000, 'a sending its reply');
    await b.turn('three', 'three-2');
    const stopped = new Promise((r) => b.child.once('exit', r));
    b.child.kill('SIGTERM');
    await stopped;
    // b did not send its reply ahead of a's on its way out.
    expect(platform.asked.map((m) => m.text)).toEqual(['three-1']);
    platform.release('three-1');
    await eventually(() => platform.texts('three').length === 2, 20_000, "b's reply, sent by a");
    expect(platform.texts('three')).toEqual(['three-1', 'three-2']);
    expect(platform.accepted.map((m) => m.instance)).toEqual(['a', 'a']);
    await eventually(async () => (await pendingTurns()).length === 0, 10_000, 'the pending turns cleared');
    await sleep(2_000);
    expect(platform.texts('three')).toEqual(['three-1', 'three-2']);
  });

  it("kill -9 of the instance holding the earlier reply: another sends it, then the later one; each once, in order", { timeout: 90_000 }, async () => {
    platform = new TurnPlatform();
    await platform.start();
    const [a, b] = await Promise.all([turnInstance('a', db.url, platform, children), turnInstance('b', db.url, platform, children)]);
    platform.hold('two-1');
    await a.turn('two', 'two-1');
    await eventually(() => platform.holds('two-1'), 10_000, 'a sending its reply');
    await b.turn('two', 'two-2');
    // b's save kept a's unsent turn with the person.
    expect(await pendingTurns()).toHaveLength(2);
    await killHard(a.child);
    // a's call never got its answer: the platform did not accept it.
    await eventually(() => !platform.holds('two-1'), 10_000, "a's connection closing");
    expect(platform.accepted).toEqual([]);
    platform.release('two-1');
    await eventually(() => platform.texts('two').length === 2, 20_000, 'both replies after the kill');
    expect(platform.texts('two')).toEqual(['two-1', 'two-2']);
    expect(platform.accepted.map((m) => m.instance)).toEqual(['b', 'b']);
    await eventually(async () => (await pendingTurns()).length === 0, 10_000, 'the pending turns cleared');
    // Several recover passes later (one a second with these timings), still once each.
    await sleep(3_000);
    expect(platform.texts('two')).toEqual(['two-1', 'two-2']);
    expect(b.lines.filter((l) => l.startsWith('DELIVERED'))).toHaveLength(1);
  });

  it('an instance stalled past its alive time: the other takes its turn over and sends it; resumed, it does not send it again', { timeout: 90_000 }, async () => {
    platform = new TurnPlatform();
    await platform.start();
    const [a, b] = await Promise.all([turnInstance('a', db.url, platform, children), turnInstance('b', db.url, platform, children)]);
    // a's first try is refused with a long retry_after: its reply waits in its outbox.
    platform.refuseOnce('four-1', 4_000);
    await a.turn('four', 'four-1');
    await eventually(() => platform.asked.length === 1, 10_000, "a's first try");
    // Frozen (as a machine under load, or a long pause, can do): no heartbeat, no send.
    a.child.kill('SIGSTOP');
    await eventually(() => platform.texts('four').length === 1, 20_000, 'b taking the turn over');
    expect(platform.accepted.map((m) => m.instance)).toEqual(['b']);
    await eventually(async () => (await pendingTurns()).length === 0, 10_000, 'the pending turn cleared');
    a.child.kill('SIGCONT');
    // a's retry_after has passed long ago: its outbox asks its fence, which says the turn is not its own any more.
    await sleep(6_000);
    expect(platform.texts('four')).toEqual(['four-1']);
    expect(platform.asked.map((m) => m.instance)).toEqual(['a', 'b']);
    expect(a.lines.filter((l) => l.startsWith('DELIVERED'))).toHaveLength(1);
    // And a goes on serving the person afterwards, in order.
    await a.turn('four', 'four-2');
    await b.turn('four', 'four-3');
    await eventually(() => platform.texts('four').length === 3, 20_000, 'the later replies');
    expect(platform.texts('four')).toEqual(['four-1', 'four-2', 'four-3']);
  });
});
