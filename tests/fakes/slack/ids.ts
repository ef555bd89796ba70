// Identifiers shaped like Slack's: message ts ('1733040000.000100', increasing), upper-case
// alphanumeric object ids with their one-letter kind prefix, Ev… event ids, trigger ids.
import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Random bytes drawn from a pool refilled 4 kB at a time: a delivery makes several ids, and a
 * randomBytes call each was a visible share of the fake's time under the benchmark's load.
 */
const pool = { bytes: Buffer.alloc(0), at: 0 };
function random(n: number): Buffer {
  if (pool.at + n > pool.bytes.length) {
    pool.bytes = randomBytes(Math.max(4096, n));
    pool.at = 0;
  }
  pool.at += n;
  return pool.bytes.subarray(pool.at - n, pool.at);
}

/** A kind prefix and upper-case alphanumerics, like Slack's object ids (C…, D…, F…, V…). */
export function objectId(prefix: string, length = 10): string {
  const bytes = random(length);
  let id = prefix;
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

export const eventId = (): string => objectId('Ev', 9);
export const uuid = (): string => randomUUID();

/** '1234567890123.1234567890123.0123456789abcdef0123456789abcdef', as trigger_id looks. */
export function triggerId(): string {
  const digits = (n: number): string => Array.from(random(n), (b) => String(b % 10)).join('');
  return `${digits(13)}.${digits(13)}.${random(16).toString('hex')}`;
}

/**
 * Message timestamps: seconds.microseconds from the wall clock, strictly increasing so that
 * two messages in the same microsecond still sort and never collide.
 */
export class TsClock {
  private last = 0;

  next(): string {
    const micros = Math.max(Date.now() * 1000, this.last + 100);
    this.last = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
}
