import * as zlib from 'node:zlib';
import { StoreCorruptError } from './errors.ts';

/**
 * The write-ahead log's on-disk format. A segment file is a run of frames; each frame is one
 * group commit (one write, one fdatasync) and holds one or more records, one JSON object per
 * line:
 *
 *   magic "TWL1" | payload length (u32 LE) | CRC-32 of the payload (u32 LE) | payload (UTF-8)
 *
 * A frame is all or nothing: a crash during its write leaves a frame whose length or checksum
 * does not match, and none of its records were ever confirmed, so it is dropped. A bad frame
 * followed by a good one is not a crash's trace but damage, and is never skipped silently.
 * A segment may end in zero bytes: written ahead so frames overwrite blocks that exist (see
 * wal.ts); they are room not used yet, not a write that was interrupted.
 */
const MAGIC = 0x314c5754; // "TWL1" read as a little-endian u32
export const HEADER_BYTES = 12;

/** One logged change. `put` carries the whole person document as stored. */
export type LogRecord =
  | { t: 'put'; k: string; d: unknown; u?: string }
  | { t: 'del'; k: string }
  /** The replies of turn `i` went out: `k`'s unsent mark can go. */
  | { t: 'sent'; k: string; i: string }
  /** Every unsent mark at the moment a segment starts, so older segments can be removed. */
  | { t: 'marks'; m: Record<string, string> };

/** zlib.crc32 exists from Node 20.15; the table below serves older 20.x. */
const nativeCrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
let table: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (nativeCrc) return nativeCrc(data);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * One frame holding `lines` (each a JSON record without its newline), and where each line's
 * bytes lie in it: the frame's memory then serves as the only copy of what it holds. Each frame
 * has an ArrayBuffer of its own (not a slice of Node's pool, which a pending person would keep
 * alive whole), and an ordinary one: copying out of a SharedArrayBuffer takes V8's slow path,
 * 20-100 times slower (the checkpoint packs thousands of documents, see file-writer.ts).
 */
export function encodeFrame(lines: readonly string[]): { frame: Buffer; at: number[] } {
  let length = Math.max(0, lines.length - 1);
  for (const line of lines) length += Buffer.byteLength(line, 'utf8');
  const frame = Buffer.allocUnsafeSlow(HEADER_BYTES + length);
  const at: number[] = [];
  let pos = HEADER_BYTES;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) frame[pos++] = 0x0a;
    at.push(pos);
    pos += frame.write(lines[i]!, pos, 'utf8');
  }
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt32LE(length, 4);
  frame.writeUInt32LE(crc32(frame.subarray(HEADER_BYTES)), 8);
  return { frame, at };
}

/** The log file is damaged in a way no crash explains: the records after the damage were confirmed. */
export class LogCorruptError extends StoreCorruptError {
  override readonly code = 'STORE_LOG_CORRUPT';
  constructor(file: string, at: number, problem: string) {
    super(file, `${problem} at byte ${at}, followed by intact records`);
    this.message =
      `The write-ahead log ${file} is damaged at byte ${at} (${problem}), and intact records follow: ` +
      'it holds the latest confirmed answers that are not in the person files yet, so together-bot does not start without them. ' +
      'Restore this file from a backup, or move it out of the wal folder to start with the person files as they are ' +
      '(the answers it holds are then lost). Run `together check` to see the whole folder.';
  }
}

export interface ParsedSegment {
  records: LogRecord[];
  /** Bytes of whole, intact frames; anything after them is an interrupted write. */
  validBytes: number;
  /** Bytes dropped at the end (an interrupted, never-confirmed write). */
  tornBytes: number;
}

/** Whether a whole, intact frame starts at `at`. */
function frameAt(buf: Buffer, at: number): number | null {
  if (buf.length - at < HEADER_BYTES || buf.readUInt32LE(at) !== MAGIC) return null;
  const length = buf.readUInt32LE(at + 4);
  const end = at + HEADER_BYTES + length;
  if (end > buf.length) return null;
  return crc32(buf.subarray(at + HEADER_BYTES, end)) === buf.readUInt32LE(at + 8) ? end : null;
}

/** Whether an intact frame starts anywhere after `from`: then the damage at `from` is not a torn tail. */
function intactFrameAfter(buf: Buffer, from: number): boolean {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(MAGIC, 0);
  for (let at = buf.indexOf(magic, from + 1); at !== -1; at = buf.indexOf(magic, at + 1)) if (frameAt(buf, at) !== null) return true;
  return false;
}

const ZEROS = Buffer.alloc(1 << 16);

/** Whether every byte from `at` on is zero. */
function zeroFrom(buf: Buffer, at: number): boolean {
  for (let from = at; from < buf.length; from += ZEROS.length) {
    const end = Math.min(buf.length, from + ZEROS.length);
    if (!buf.subarray(from, end).equals(ZEROS.subarray(0, end - from))) return false;
  }
  return true;
}

/** The records of one segment file's content; throws LogCorruptError on damage that is not a torn tail. */
export function parseSegment(buf: Buffer, file: string): ParsedSegment {
  const records: LogRecord[] = [];
  let at = 0;
  while (at < buf.length) {
    const end = frameAt(buf, at);
    if (end === null) {
      if (zeroFrom(buf, at)) return { records, validBytes: at, tornBytes: 0 };
      if (intactFrameAfter(buf, at)) {
        const problem = buf.length - at >= 4 && buf.readUInt32LE(at) !== MAGIC ? 'not a frame header' : 'a frame whose checksum does not match';
        throw new LogCorruptError(file, at, problem);
      }
      return { records, validBytes: at, tornBytes: buf.length - at };
    }
    const payload = buf.toString('utf8', at + HEADER_BYTES, end);
    for (const line of payload.split('\n')) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (e) {
        // The checksum matched: this was written so, which no crash explains.
        throw new LogCorruptError(file, at, `a record that does not parse (${(e as Error).message})`);
      }
      const problem = recordProblem(record);
      if (problem) throw new LogCorruptError(file, at, problem);
      records.push(record as LogRecord);
    }
    at = end;
  }
  return { records, validBytes: at, tornBytes: 0 };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function recordProblem(r: unknown): string | null {
  if (!isObject(r)) return 'a record that is not an object';
  switch (r.t) {
    case 'put':
      return typeof r.k === 'string' && isObject(r.d) && (r.u === undefined || typeof r.u === 'string') ? null : 'a bad put record';
    case 'del':
      return typeof r.k === 'string' ? null : 'a bad del record';
    case 'sent':
      return typeof r.k === 'string' && typeof r.i === 'string' ? null : 'a bad sent record';
    case 'marks':
      return isObject(r.m) && Object.values(r.m).every((v) => typeof v === 'string') ? null : 'a bad marks record';
    default:
      return `an unknown record type ${JSON.stringify(r.t)}`;
  }
}

/**
 * A put record's line, built around the document's JSON text so the document is serialised once;
 * `docAt` is where the document starts in the line's UTF-8 bytes (it ends one byte before the line).
 */
export function putLine(key: string, docText: string, unsent?: string): { line: string; docAt: number } {
  const head = `{"t":"put","k":${JSON.stringify(key)}${unsent === undefined ? '' : `,"u":${JSON.stringify(unsent)}`},"d":`;
  return { line: head + docText + '}', docAt: Buffer.byteLength(head, 'utf8') };
}

/** Segment files are named by a zero-padded sequence number, so names sort like numbers. */
export const segmentName = (id: number) => `${String(id).padStart(12, '0')}.log`;
export const SEGMENT_FILE = /^(\d{12})\.log$/;
