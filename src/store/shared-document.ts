import type { Low } from 'lowdb';
import type { SharedDoc } from './types.ts';
import { StoreWriteError } from './errors.ts';

/**
 * A shared document on a lowdb `Low`. Updates run one at a time; each applies its change to a
 * copy, writes the copy, and only then makes it current: readers never see a version that is
 * not stored, and a change that throws, or whose write fails, leaves the document as it was.
 * @deprecated with SharedDoc: new shared data goes into collections.
 */
export class SharedDocument<T> implements SharedDoc<T> {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly low: Low<T>,
    private readonly name: string,
    private readonly readOnly: boolean,
  ) {}

  get data(): T {
    return this.low.data;
  }

  update<R>(change: (data: T) => R): Promise<R> {
    if (this.readOnly) return Promise.reject(new Error('The store is open read-only.'));
    const run = this.#queue.then(async () => {
      const draft = structuredClone(this.low.data);
      const result = change(draft);
      try {
        // Through the adapter, not low.write(): low.data must not show the draft before it is stored.
        await this.low.adapter.write(draft);
      } catch (e) {
        throw e instanceof StoreWriteError ? e : new StoreWriteError(this.name, e);
      }
      this.low.data = draft;
      return result;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  idle(): Promise<unknown> {
    return this.#queue;
  }
}
