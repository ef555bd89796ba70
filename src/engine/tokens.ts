import type { UserDoc } from '../store/types.ts';
import { TABLE_MARK } from './buttons.ts';
import './doc-fields.ts';

/** References kept per person; the oldest go first (their buttons then answer "expired"). */
const KEEP = 200;

/**
 * A button value too long for the channel's token, kept in the person's own document under a
 * short reference. A press is resolved against the presser's own table, so a forged or foreign
 * reference finds nothing (and the owner tag is still checked before).
 */
export function refFor(user: UserDoc, value: string): string {
  const table = (user.tokens ??= { next: 0, values: {} });
  for (const [id, v] of Object.entries(table.values)) if (v === value) return `${TABLE_MARK}${id}`;
  const id = (table.next++).toString(36);
  table.values[id] = value;
  const ids = Object.keys(table.values);
  if (ids.length > KEEP) for (const old of ids.sort((a, b) => parseInt(a, 36) - parseInt(b, 36)).slice(0, ids.length - KEEP)) delete table.values[old];
  return `${TABLE_MARK}${id}`;
}

/** The value behind a token's value: itself, or what the reference stands for (undefined when gone). */
export function resolveValue(user: UserDoc, value: string): string | undefined {
  if (!value.startsWith(TABLE_MARK)) return value;
  return user.tokens?.values[value.slice(TABLE_MARK.length)];
}
