import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import type { Address } from '../src/core/types.ts';
import { Outbox, type DeliveryOutcome } from '../src/outbox/outbox.ts';
import { RedisLimits } from '../src/outbox/shared-limits.ts';
import { freePort } from './helpers/free-port.ts';
import { describeRedis, privateRedis, privateRedisSkipReason, testRedis, type PrivateRedis } from './helpers/redis.ts';
import { burst as burstFrom, capturingLogger, FakePlatform, PlatformChannel, type Attempt } from './outbox-redis-platform.ts';
import { killHard } from './helpers/bot-process.ts';
import { eventually } from './helpers/cluster.ts';

/**
 * Two bot instances (two Outboxes, each with its own Redis connections, as two `together start`
 * would have; in processes of their own for the 429 storm) send through one fake platform that refuses anything over its limits. Small limits
 * keep the runs short; the rules are the platform's (counts per window), never a speed.
 */
const LIMITS = { perSecond: 20, perChatMs: 200, perGroupChatMs: 500 };
const SHARE = 2;
const PROBE_MS = 200;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function platform(rules?: typeof LIMITS): Promise<FakePlatform> {
  // A chat may have `SHARE` messages per SHARE spacings: while Redis is away each instance spaces
  // its own messages to a chat by SHARE spacings, in a phase the other does not know.
  const p = new FakePlatform(LIMITS, rules ? { rules } : { chatWindow: SHARE });
  await p.start();
  cleanups.push(() => p.stop());
  return p;
}

function instance(name: string, p: FakePlatform, url: string, key: string) {
  const { log, records } = capturingLogger();
  const shared = new RedisLimits({ url, log, keys: { fake: key }, instances: SHARE, probeMs: PROBE_MS, startTimeoutMs: 3_000 });
  const outbox = new Outbox([new PlatformChannel(p, name)], log, { shared, backoffMs: 20 });
  cleanups.push(() => outbox.close());
  return { name, outbox, records };
}

/** `count` messages from one instance to chats the other instance writes to as well, some of them groups. */
const burst = (inst: ReturnType<typeof instance>, count: number): Promise<DeliveryOutcome[]>[] => burstFrom(inst.outbox, inst.name, count);

/** An instance's outbox in a process of its own (cluster-outbox-child.ts): it sends `count` messages when told to go. */
async function processInstance(name: string, p: FakePlatform, url: string, key: string, count: number): Promise<{ go(): Promise<{ outcomes: DeliveryOutcome[]; logged: string[] }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/cluster-outbox-child.ts'], {
    env: { ...process.env, PLATFORM_URL: p.url, LIMITS: JSON.stringify(LIMITS), REDIS_URL: url, KEY: key, NAME: name, COUNT: String(count), SHARE: String(SHARE) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanups.push(() => killHard(child));
  const lines = createInterface({ input: child.stdout! });
  const done = new Promise<{ outcomes: DeliveryOutcome[]; logged: string[] }>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('DONE ') && resolve(JSON.parse(l.slice(5)) as { outcomes: DeliveryOutcome[]; logged: string[] }));
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before it was done`)));
  });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (l) => l === 'READY' && resolve());
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before it was ready`)));
  });
  return {
    go() {
      child.stdin!.write('GO\n');
      return done;
    },
  };
}

function expectEachOnce(p: FakePlatform, ids: string[]): void {
  const counts = p.deliveredCounts();
  expect([...counts.keys()].sort()).toEqual([...ids].sort());
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
}

const ids = (name: string, count: number) => Array.from({ length: count }, (_, i) => `${name}-${i}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logged = (records: { msg: string }[], text: string) => records.filter((r) => r.msg.includes(text));

await describeRedis('outbox limits shared through Redis', () => {
  it('two instances in processes of their own, in a 429 storm: nothing over the limits, every message once, retry_after obeyed', { timeout: 60_000 }, async () => {
    const { url, prefix } = await testRedis();
    const p = await platform();
    const [a, b] = await Promise.all([processInstance('a', p, url, prefix, 30), processInstance('b', p, url, prefix, 30)]);
    const sends = [a.go(), b.go()];
    // The platform's own flood control for a while, in the middle of the run (once both send: a process starts at its own pace).
    await eventually(() => new Set(p.attempts.filter((x) => x.status === 'ok').map((x) => x.instance)).size === 2 && p.attempts.length >= 16, 30_000, 'both instances sending');
    p.storm(500, 400);
    const done = await Promise.all(sends);
    const outcomes = done.flatMap((d) => d.outcomes);

    expect(outcomes.every((o) => o === 'sent')).toBe(true);
    expect(p.over()).toEqual([]);
    expectEachOnce(p, [...ids('a', 30), ...ids('b', 30)]);
    const stormed = p.attempts.filter((x) => x.status === 'storm');
    expect(stormed.length).toBeGreaterThan(0);
    // Each refused message came back only after the platform's retry_after, and only once it had passed.
    for (const refused of stormed) {
      const next = p.attempts.find((x) => x.id === refused.id && x.at > refused.at);
      expect(next, refused.id).toBeDefined();
      expect(next!.at - refused.at).toBeGreaterThanOrEqual(refused.retryAfterMs! - 5);
    }
    // Both sent, each through Redis (said once).
    expect(new Set(p.attempts.filter((x) => x.status === 'ok').map((x) => x.instance))).toEqual(new Set(['a', 'b']));
    for (const d of done) expect(d.logged.filter((m) => m.includes('through Redis'))).toHaveLength(1);
  });

  it('Redis killed mid-way and started again: each instance on its share, then shared again; nothing lost or sent twice', async (ctx) => {
    const reason = privateRedisSkipReason();
    if (reason) return ctx.skip(reason);
    const redis: PrivateRedis = await privateRedis();
    cleanups.push(() => redis.close());
    const p = await platform();
    const key = `kill-${process.pid}`;
    const a = instance('a', p, redis.url, key);
    const b = instance('b', p, redis.url, key);
    const sends = [...burst(a, 40), ...burst(b, 40)];
    await sleep(1_000);
    const killedAt = Date.now();
    await redis.stop();
    await sleep(1_500);
    const backAt = Date.now();
    await redis.start();
    const outcomes = (await Promise.all(sends)).flat();
    expect(outcomes.every((o) => o === 'sent')).toBe(true);
    expect(p.over()).toEqual([]);
    expectEachOnce(p, [...ids('a', 40), ...ids('b', 40)]);
    const accepted = (from: number, to: number) => p.attempts.filter((x: Attempt) => x.status === 'ok' && x.at >= from && x.at < to).length;
    // Sending went on while Redis was away, and after it came back.
    expect(accepted(killedAt, backAt)).toBeGreaterThan(0);
    expect(accepted(backAt, Infinity)).toBeGreaterThan(0);
    for (const inst of [a, b]) {
      // Said once each way, not per message.
      expect(logged(inst.records, 'Redis cannot be reached'), inst.name).toHaveLength(1);
      expect(logged(inst.records, 'answers again'), inst.name).toHaveLength(1);
      expect(logged(inst.records, 'Redis cannot be reached')[0]).toMatchObject({ share: '1/2' });
    }
  });

  it('a bounded stop sets aside what waits for a shared permit: each message sent once or kept, none both', async () => {
    const { url, prefix } = await testRedis();
    const p = await platform();
    const a = instance('a', p, url, prefix);
    const address: Address = { channel: 'fake', chatId: 'p1', userId: 'p1' };
    // One chat: a message per spacing, far more than the stop's bound lets out.
    const sends = Array.from({ length: 20 }, (_, i) => a.outbox.send(address, [{ kind: 'text', text: `a-${i}` }]));
    await sleep(300);
    await a.outbox.drain({ timeoutMs: 100 });
    const outcomes = (await Promise.all(sends)).flat();

    const sent = outcomes.filter((o) => o === 'sent').length;
    expect(sent).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'deferred')).toHaveLength(20 - sent);
    expectEachOnce(p, ids('a', sent));
    expect(p.over()).toEqual([]);
  });

  it('an instance closed right after writing to a chat leaves that chat free in Redis for the other one', { timeout: 60_000 }, async () => {
    const { url, prefix } = await testRedis();
    const p = await platform();
    const a = instance('a', p, url, prefix);
    const b = instance('b', p, url, prefix);
    const address: Address = { channel: 'fake', chatId: 'p1', userId: 'p1' };
    expect(await a.outbox.send(address, [{ kind: 'text', text: 'a-0' }])).toEqual(['sent']);
    // Closed within the chat's spacing: it still holds the chat then.
    await a.outbox.close();
    const asked = Date.now();
    expect(await b.outbox.send(address, [{ kind: 'text', text: 'b-0' }])).toEqual(['sent']);
    // Left held, the chat would stay closed to b until Redis expired a's job (30 s).
    expect(Date.now() - asked).toBeLessThan(10_000);
    expectEachOnce(p, ['a-0', 'b-0']);
    expect(p.over()).toEqual([]);
  });

  it('a REDIS_URL nobody answers at start: a clear message once, then sending at this instance share', async () => {
    // Alone, it keeps to its share: the platform here holds it to half of what its channel says.
    const p = await platform({ perSecond: LIMITS.perSecond / SHARE, perChatMs: LIMITS.perChatMs * SHARE, perGroupChatMs: LIMITS.perGroupChatMs * SHARE });
    const url = `redis://127.0.0.1:${await freePort()}`;
    const a = instance('a', p, url, `nobody-${process.pid}`);
    const outcomes = (await Promise.all(burst(a, 12))).flat();

    expect(outcomes.every((o) => o === 'sent')).toBe(true);
    expect(p.over()).toEqual([]);
    expectEachOnce(p, ids('a', 12));
    const warnings = logged(a.records, 'Redis cannot be reached');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ share: '1/2', redis: `${url}` });
    expect(String((warnings[0] as { error?: unknown }).error)).toMatch(/ECONNREFUSED/);
    expect(warnings[0]!.msg).toMatch(/REDIS_URL/);
  });
});
