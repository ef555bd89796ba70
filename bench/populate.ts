import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { UserDoc } from '../src/store/types.ts';
import type { BenchData } from './bench-flow.ts';

export const BENCH_CHANNEL = 'bench';

const SAMPLE_IDEAS = [
  'Having enough to eat every day',
  'A safe and warm place to live',
  'Time with my family and friends',
  'Being listened to by the town hall',
  'Clean air in the neighbourhood',
  'A job that gives meaning',
];

/** A stored user as the engine leaves it: consent given, in the list question with a few answers. */
export function benchUser(key: string, i: number, at: Date): UserDoc {
  const iso = at.toISOString();
  const ideas = Array.from({ length: 3 + (i % 3) }, (_, k) => ({ text: SAMPLE_IDEAS[(i + k) % SAMPLE_IDEAS.length]!, at: iso }));
  const data: BenchData = { intro: `Member of group ${i % 97}`, ideas };
  return {
    schema: 1,
    key,
    pseudonym: `p-${randomUUID().slice(0, 13)}`,
    contact: { channel: BENCH_CHANNEL, userId: String(i), chatId: String(i), name: `Bench user ${i}` },
    lang: 'en',
    consentAt: iso,
    createdAt: iso,
    session: { flow: 'bench', version: 1, step: 'ideas', stepIndex: 1, history: ['intro'], vars: {}, startedAt: iso },
    seq: 4,
    seen: Array.from({ length: 5 }, (_, k) => `${BENCH_CHANNEL}:pre-${i}-${k}`),
    flows: { bench: data },
  };
}

/**
 * Fills a fresh data folder with `n` users. Keys come from the real store (its secret), and the
 * files are written with the store's layout and format (users/<shard>/<key>.json, lowdb's
 * 2-space JSON), which is what LowdbStore.saveUser would write, only without 100,000 awaits.
 */
export async function populate(dir: string, n: number): Promise<void> {
  const store = await LowdbStore.open(dir);
  const keys: string[] = [];
  try {
    for (let i = 0; i < n; i++) keys.push(store.keyOf(`${BENCH_CHANNEL}:${i}`));
  } finally {
    await store.close();
  }
  const at = new Date(Date.now() - 86_400_000);
  const shards = new Set<string>();
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const shard = key.slice(0, 2);
    if (!shards.has(shard)) {
      mkdirSync(join(dir, 'users', shard), { recursive: true });
      shards.add(shard);
    }
    writeFileSync(join(dir, 'users', shard, `${key}.json`), JSON.stringify(benchUser(key, i, at), null, 2));
  }
  // The store must read back what was written, as if saveUser had written it.
  const check = await LowdbStore.open(dir, { readOnly: true });
  for (const i of [0, n >> 1, n - 1]) {
    const doc = await check.loadUser(keys[i]!);
    if (doc?.contact.userId !== String(i)) throw new Error(`pre-populated user ${i} does not read back`);
  }
  await check.close();
  flushToDisk();
}

/**
 * Users of a real deployment were stored long ago: their files are on disk, not dirty pages
 * waiting for writeback (which makes the first rewrite of each file much slower on ext4).
 */
export function flushToDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    /* no sync(1) here: measure with whatever is still in the page cache */
  }
}
