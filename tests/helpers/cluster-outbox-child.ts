/**
 * One bot instance's outbox in a process of its own, for the shared-limits tests: its own Redis
 * connections (RedisLimits) and its own channel to the test's fake platform, as a second
 * `together start` would have. Prints "READY", sends `COUNT` messages once it reads "GO" on
 * stdin (tests/outbox-redis-platform.ts `burst`), then prints "DONE <json>" with the outcomes and
 * what it logged, and waits to be killed. Settings: PLATFORM_URL, LIMITS (JSON), REDIS_URL, KEY, NAME, COUNT, SHARE.
 */
import { createInterface } from 'node:readline';
import { Outbox } from '../../src/outbox/outbox.ts';
import { RedisLimits } from '../../src/outbox/shared-limits.ts';
import { burst, capturingLogger, PlatformChannel } from '../outbox-redis-platform.ts';

const env = process.env;
const name = env.NAME!;
const { log, records } = capturingLogger();
const shared = new RedisLimits({ url: env.REDIS_URL!, log, keys: { fake: env.KEY! }, instances: Number(env.SHARE ?? 2), probeMs: 200, startTimeoutMs: 3_000 });
const outbox = new Outbox([new PlatformChannel({ url: env.PLATFORM_URL!, limits: JSON.parse(env.LIMITS!) }, name)], log, { shared, backoffMs: 20 });

createInterface({ input: process.stdin }).once('line', () => {
  void Promise.all(burst(outbox, name, Number(env.COUNT))).then((outcomes) => {
    // Not closed here: a chat this one still holds in Redis (one spacing after its last call)
    // would stay held until its job expires, holding up the other instance. The test kills it.
    process.stdout.write(`DONE ${JSON.stringify({ outcomes: outcomes.flat(), logged: records.map((r) => r.msg) })}\n`);
  });
});
process.stdout.write('READY\n');
