import type { Collection, Query } from '../store/types.ts';

/** Every record a query matches, page after page (for flows: a few hundred, never a whole store). */
export async function every<R extends { id: string }>(collection: Collection<R>, query: Query = {}): Promise<R[]> {
  const out: R[] = [];
  let after: string | undefined;
  do {
    const page = await collection.find({ ...query, limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.records);
    after = page.next;
  } while (after);
  return out;
}
