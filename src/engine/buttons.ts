/**
 * Button tokens: `value|step|seq|owner`. The step and sequence let the engine tell a fresh
 * button from a stale one, and the owner tag tells a button from someone else's message
 * (group chats). A token fits the channel's `maxToken` (Telegram 64 bytes, Discord 100, Slack
 * 2,000): a value that would not fit is kept in the person's own table and the token carries a
 * short reference to it (tokens.ts).
 */

/** The longest token any channel carries (Slack's action value); longer ones are not ours. */
const MAX_ANY_TOKEN = 2000;
/** A value that starts with this is a reference to the person's table, never a flow's value. */
export const TABLE_MARK = '~';

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

const join = (t: ButtonToken) => `${t.value}|${t.stepRef}|${t.seq.toString(36)}|${t.owner}`;

/** True when the value can travel in the token itself on a channel with this limit. */
export function fitsToken(t: ButtonToken, maxToken = 64): boolean {
  return t.value.length > 0 && !t.value.includes('|') && !t.value.startsWith(TABLE_MARK) && Buffer.byteLength(join(t)) <= maxToken;
}

export function encodeToken(t: ButtonToken, maxToken = 64): string {
  if (!fitsToken(t, maxToken) && !t.value.startsWith(TABLE_MARK)) {
    throw new Error(`Choice value too long for a ${maxToken}-byte token, or with "|": ${t.value} (buttons built by the engine keep long values in a table)`);
  }
  return join(t);
}

/** Parses a token; null when it is not one of ours (forged or mangled). */
export function decodeToken(raw: string): ButtonToken | null {
  if (typeof raw !== 'string' || Buffer.byteLength(raw) > MAX_ANY_TOKEN) return null;
  const parts = raw.split('|');
  if (parts.length !== 4) return null;
  const [value, ref, seq, owner] = parts as [string, string, string, string];
  if (!value || !/^[0-9a-z]{1,6}$/.test(ref) || !/^[0-9a-z]{1,8}$/.test(seq) || !/^[0-9a-f]{4}$/.test(owner)) return null;
  return { value, stepRef: ref, seq: parseInt(seq, 36), owner };
}

/**
 * The sequence number of the message a pressed button came from (undefined when `token` is not
 * one of ours): for a flow that opens the same step again for another conversation (SPIRAL, one
 * group after another) and must tell a button sent before that conversation began.
 */
export function buttonSeq(token: string): number | undefined {
  return decodeToken(token)?.seq;
}
