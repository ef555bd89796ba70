/**
 * `node --import tsx bench/store-bench.ts [--records 100000] [--json]` (also `npm run bench -- --suite store`)
 *
 * The lowdb store's collections, in a temporary folder, figures only (no target):
 *  - put: storing N records, 5,000 at a time (records/s; writes to one shard are grouped),
 *  - open: a fresh store's first query, which reads the 256 shards and builds the indexes,
 *  - update p50/p99: one record's read-modify-write, one after another, with and without the
 *    folder fsync after the rename (the cost of "durable means on the disk"),
 *  - a person document's save (through the write-ahead log): one after another (one fdatasync
 *    each), and 200 people saving at once (group commit: one fdatasync shared by a group),
 *  - find the members of one region among N: through the `region` index, and by reading every
 *    record and filtering (what a store without indexes does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { Collection, UserDoc } from '../src/store/types.ts';

interface Member {
  id: string;
  region: string;
  tz: string;
  joinedAt: number;
  lang: string;
}
const SPEC = { indexes: ['region', 'tz', 'joinedAt'] };
const REGIONS = Array.from({ length: 40 }, (_, i) => `R${String(i).padStart(2, '0')}`);
const ZONES = ['Europe/Bucharest', 'Europe/Paris', 'Europe/Rome', 'Europe/Lisbon', 'Europe/Athens', 'Africa/Tunis'];

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(2));
};

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

async function latencies(n: number, one: (i: number) => Promise<unknown>): Promise<{ p50Ms: number; p99Ms: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push((await timed(() => one(i)))[1]);
  return { p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99) };
}

/** `atOnce` writers saving back to back until `n` saves are done: saves/s and each save's latency. */
async function concurrentSaves(atOnce: number, n: number, one: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < n) {
        const i = next++;
        ms.push((await timed(() => one(i)))[1]);
      }
    }),
  );
  return { atOnce, perSec: Math.round(n / ((performance.now() - t0) / 1000)), p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99) };
}

async function allIds(c: Collection<Member>, query: Parameters<Collection<Member>['find']>[0]): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await c.find({ ...query, limit: 1000, ...(after ? { after } : {}) });
    ids.push(...page.records.map((r) => r.id));
    after = page.next;
  } while (after);
  return ids;
}

export async function storeBench(records: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'together-store-bench-'));
  try {
    let store = await LowdbStore.open(dir);
    let members = store.collection<Member>('members', SPEC);
    const [, putMs] = await timed(async () => {
      for (let start = 0; start < records; start += 5000) {
        const batch: Promise<void>[] = [];
        for (let i = start; i < Math.min(records, start + 5000); i++) {
          batch.push(members.put({ id: `m${i}`, region: REGIONS[i % REGIONS.length]!, tz: ZONES[i % ZONES.length]!, joinedAt: 1_700_000_000_000 + i * 1000, lang: 'en' }));
        }
        await Promise.all(batch);
      }
    });
    await store.close();

    store = await LowdbStore.open(dir);
    members = store.collection<Member>('members', SPEC);
    const [count, openMs] = await timed(() => members.count());
    if (count !== records) throw new Error(`expected ${records} records after reopening, found ${count}`);

    const pick = (i: number) => `m${(i * 7919) % records}`;
    const updateSynced = await latencies(2000, (i) => members.update(pick(i), (cur) => cur && { ...cur, lang: i % 2 ? 'fr' : 'ro' }));
    const people = Array.from({ length: 500 }, (_, i) => store.keyOf(`bench:${i}`));
    const person = (key: string, seq: number): UserDoc => ({ schema: 1, key, pseudonym: `p-${key.slice(0, 8)}`, contact: { channel: 'bench', userId: key, chatId: key }, createdAt: '2026-01-01T00:00:00Z', seq, seen: [], flows: {} });
    const saveOneByOne = await latencies(1000, (i) => store.saveUser(person(people[i % people.length]!, i)));
    const saveTogether = await concurrentSaves(200, 10_000, (i) => store.saveUser(person(store.keyOf(`bench:c${i % 5000}`), i)));

    const region = REGIONS[7]!;
    const [viaIndex, indexMs] = await timed(() => allIds(members, { where: { region } }));
    const [viaScan, scanMs] = await timed(async () => {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await members.find({ limit: 1000, ...(after ? { after } : {}) });
        for (const r of page.records) if (r.region === region) ids.push(r.id);
        after = page.next;
      } while (after);
      return ids;
    });
    if (viaIndex.length !== viaScan.length) throw new Error('index and scan disagree');
    await store.close();

    store = await LowdbStore.open(dir, { syncFolders: false });
    members = store.collection<Member>('members', SPEC);
    await members.count();
    const updateUnsynced = await latencies(2000, (i) => members.update(pick(i), (cur) => cur && { ...cur, lang: i % 2 ? 'pt' : 'es' }));
    await store.close();

    return {
      bench: 'store',
      records,
      putPerSec: Math.round(records / (putMs / 1000)),
      openMs: Math.round(openMs),
      update: { folderSynced: updateSynced, fileOnly: updateUnsynced },
      personSave: { oneByOne: saveOneByOne, together: saveTogether },
      findRegion: { matches: viaIndex.length, indexMs: Number(indexMs.toFixed(1)), scanMs: Number(scanMs.toFixed(1)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function storeTable(r: Record<string, any>): string {
  const u = r.update;
  const s = r.personSave;
  return [
    `Store (lowdb collections, ${r.records.toLocaleString('en')} records in 256 shard files)`,
    `  put ${r.putPerSec} records/s (5,000 at a time) · open (read shards, build indexes) ${r.openMs} ms`,
    `  update of one record   p50/p99 ms: ${u.folderSynced.p50Ms}/${u.folderSynced.p99Ms} with the folder fsync, ${u.fileOnly.p50Ms}/${u.fileOnly.p99Ms} file fsync only`,
    `  save of a person (log) p50/p99 ms: ${s.oneByOne.p50Ms}/${s.oneByOne.p99Ms} one after another; ${s.together.p50Ms}/${s.together.p99Ms} with ${s.together.atOnce} at once (${s.together.perSec} saves/s)`,
    `  the ${r.findRegion.matches.toLocaleString('en')} members of one region: ${r.findRegion.indexMs} ms through the index, ${r.findRegion.scanMs} ms reading every record`,
  ].join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--records');
  const records = at >= 0 ? Number(args[at + 1]) : 100_000;
  const result = await storeBench(records);
  process.stdout.write(args.includes('--json') ? JSON.stringify(result) + '\n' : storeTable(result));
}
