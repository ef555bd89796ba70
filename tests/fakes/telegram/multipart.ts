// A small multipart/form-data parser: enough for what Bot API clients send
// (text fields plus file parts), without pulling in a dependency.

export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string | undefined,
    readonly data: Buffer,
  ) {}
}

export type FieldValue = string | UploadedFile;

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2])?.trim() : undefined;
}

/** Parses a complete body; throws on framing errors so the caller can answer 400. */
export function parseMultipart(body: Buffer, boundary: string): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found');
  for (;;) {
    pos += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    pos = skipLineBreak(body, pos);
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('unterminated part headers');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const contentStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), contentStart);
    if (next < 0) throw new Error('unterminated part');
    addPart(fields, headers, body.subarray(contentStart, next));
    pos = next + 2;
  }
  return fields;
}

function skipLineBreak(body: Buffer, pos: number): number {
  if (body[pos] === 0x0d && body[pos + 1] === 0x0a) return pos + 2;
  if (body[pos] === 0x0a) return pos + 1;
  return pos;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function addPart(fields: Map<string, FieldValue>, headers: Map<string, string>, content: Buffer): void {
  const disposition = headers.get('content-disposition') ?? '';
  const name = paramOf(disposition, 'name');
  if (name === undefined) return;
  const filename = paramOf(disposition, 'filename');
  if (filename !== undefined) {
    // Copy: the slice would otherwise pin the whole request body in memory.
    fields.set(name, new UploadedFile(filename, headers.get('content-type'), Buffer.from(content)));
  } else {
    fields.set(name, content.toString('utf8'));
  }
}

function paramOf(disposition: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  if (match) return match[1]?.replace(/\\(.)/g, '$1');
  const bare = new RegExp(`(?:^|;)\\s*${key}=([^;]*)`, 'i').exec(disposition);
  return bare?.[1]?.trim();
}
