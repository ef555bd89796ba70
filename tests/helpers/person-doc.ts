import type { Store, UserDoc } from '../../src/store/types.ts';

/** A person's document as the engine stores it, for store tests: `memory:<id>`, keyed by `store`. */
export function personDoc(store: Store, id: string, seq = 0, extra: Partial<UserDoc> = {}): UserDoc {
  return {
    schema: 1,
    key: store.keyOf(`memory:${id}`),
    pseudonym: `p-${id}`,
    contact: { channel: 'memory', userId: id, chatId: id },
    createdAt: '2026-01-01T00:00:00Z',
    seq,
    seen: [],
    flows: {},
    ...extra,
  };
}
