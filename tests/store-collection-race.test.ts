import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.ts';

/** Yields `n` microtasks, so a change lands at every point of a flush that is ending. */
async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null;
}

describe('a collection shard under changes arriving as its flush ends', () => {
  it('applies every change, whatever microtask it arrives in (none waits for a flush that already ended)', async () => {
    const store = new MemoryStore();
    const counters = store.collection<{ id: string; n: number }>('race-counters', { indexes: [] });
    const bump = (id: string) => counters.update(id, (r) => ({ id, n: (r?.n ?? 0) + 1 }));
    let expected = 0;
    for (let gap = 0; gap < 40; gap++) {
      const first = bump('same');
      const later = microtasks(gap).then(() => bump('same'));
      // A change that is never applied would leave this waiting: the race resolves to 'lost' instead.
      const outcome = await Promise.race([Promise.all([first, later]).then(() => 'applied'), new Promise((r) => setTimeout(() => r('lost'), 2000))]);
      expect(outcome, `a change ${gap} microtasks after another`).toBe('applied');
      expected += 2;
    }
    expect((await counters.get('same'))?.n).toBe(expected);
    const crowd = await Promise.all(Array.from({ length: 200 }, (_, i) => microtasks(i % 17).then(() => bump(`p${i % 5}`))));
    expect(crowd).toHaveLength(200);
    for (let i = 0; i < 5; i++) expect((await counters.get(`p${i}`))?.n).toBe(40);
  });
});
