/**
 * Child process for the write-ahead log's kill -9 test: many people saved at once, over and over,
 * with checkpoints every few hundred kilobytes, printing "ACK <person> <seq>" once a save resolved.
 */
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { UserDoc } from '../../src/store/types.ts';

const dir = process.argv[2]!;
const people = 40;
const store = await LowdbStore.open(dir, { checkpoint: { segmentBytes: 256 * 1024, afterMs: 20 }, cacheSize: 8 });
const keys = Array.from({ length: people }, (_, i) => store.keyOf(`memory:k${i}`));
const start = await Promise.all(keys.map(async (k) => (await store.loadUser(k))?.seq ?? 0));
process.stdout.write('READY\n');
const person = (key: string, seq: number): UserDoc => ({
  schema: 1,
  key,
  pseudonym: `p-${key.slice(0, 8)}`,
  contact: { channel: 'memory', userId: key, chatId: key },
  createdAt: '2026-01-01T00:00:00Z',
  seq,
  seen: [],
  // Some bulk, so frames and checkpoints are not trivially small.
  flows: { note: { text: 'x'.repeat(300 + (seq % 7) * 100) } },
});
await Promise.all(
  keys.map(async (key, i) => {
    for (let seq = start[i]! + 1; ; seq++) {
      await store.saveUser(person(key, seq), seq % 3 === 0 ? { unsent: `u${seq}` } : undefined);
      process.stdout.write(`ACK ${i} ${seq}\n`);
    }
  }),
);
