/**
 * Button tokens: `value|step|seq|owner`. The step and sequence let the engine tell a fresh
 * button from a stale one, and the owner tag tells a button from someone else's message
 * (group chats). Kept under Telegram's 64-byte callback_data limit by construction.
 */
const MAX_VALUE = 40;

export interface ButtonToken {
  value: string;
  stepRef: string;
  seq: number;
  owner: string;
}

/** A short, stable reference to a flow step. */
export function stepRef(flow: string, step: string): string {
  let h = 0x811c9dc5;
  for (const c of `${flow}/${step}`) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return h.toString(36).slice(0, 5);
}

export function encodeToken(t: ButtonToken): string {
  if (t.value.length > MAX_VALUE || t.value.includes('|') || Buffer.byteLength(t.value) > MAX_VALUE) {
    throw new Error(`Choice value too long or with "|": ${t.value}`);
  }
  return `${t.value}|${t.stepRef}|${t.seq.toString(36)}|${t.owner}`;
}

/** Parses a token; null when it is not one of ours (forged or mangled). */
export function decodeToken(raw: string): ButtonToken | null {
  if (typeof raw !== 'string' || Buffer.byteLength(raw) > 64) return null;
  const parts = raw.split('|');
  if (parts.length !== 4) return null;
  const [value, ref, seq, owner] = parts as [string, string, string, string];
  if (!value || !/^[0-9a-z]{1,6}$/.test(ref) || !/^[0-9a-z]{1,8}$/.test(seq) || !/^[0-9a-f]{4}$/.test(owner)) return null;
  return { value, stepRef: ref, seq: parseInt(seq, 36), owner };
}
