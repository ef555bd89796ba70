// Reading Web API arguments the ways Slack accepts them: query string, form-encoded body (what
// WebClient sends, with complex values JSON-stringified), JSON body, or multipart form data.
import type { IncomingMessage } from 'node:http';
import { SlackError } from './errors.ts';

export type Params = Record<string, unknown>;

/** Arguments that WebClient JSON-stringifies in a form body; the call log shows them decoded. */
const JSON_FIELDS = ['blocks', 'attachments', 'files', 'view'];

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a request into arguments; files in multipart bodies come back as Buffers. */
export async function readParams(req: IncomingMessage, query: URLSearchParams): Promise<Params> {
  const params: Params = Object.fromEntries(query);
  const body = await readBody(req);
  if (body.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new SlackError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackError('invalid_json');
    return { ...params, ...(parsed as Params) };
  }
  if (type.startsWith('multipart/form-data')) return { ...params, ...(await readMultipart(body, type)) };
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  if (type === '') throw new SlackError('missing_post_type');
  throw new SlackError('invalid_post_type');
}

/** The first file of a multipart body, or the raw bytes otherwise (upload URLs take both, as Slack's do). */
export async function readUploadBytes(req: IncomingMessage): Promise<Buffer> {
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) return body;
  const fields = await readMultipart(body, type);
  const file = Object.values(fields).find((v) => Buffer.isBuffer(v));
  return (file as Buffer | undefined) ?? Buffer.alloc(0);
}

async function readMultipart(body: Buffer, contentType: string): Promise<Params> {
  let form: FormData;
  try {
    form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new SlackError('invalid_form_data');
  }
  const out: Params = {};
  for (const [key, value] of form) out[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
  return out;
}

/** The bearer token from the Authorization header, else the `token` argument. */
export function tokenOf(req: IncomingMessage, params: Params): string | undefined {
  const header = req.headers.authorization;
  const bearer = header && /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (bearer) return bearer;
  return typeof params.token === 'string' && params.token !== '' ? params.token : undefined;
}

/** What the call log keeps: no token, JSON-ish fields decoded, files summarised. */
export function summarize(params: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'token') continue;
    if (Buffer.isBuffer(value)) out[key] = `<${value.length} bytes>`;
    else if (JSON_FIELDS.includes(key) && typeof value === 'string') out[key] = tryJson(value);
    else out[key] = value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A string argument ('' counts as absent, as Slack treats empty form fields). */
export function str(p: Params, key: string): string | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(p: Params, key: string): boolean {
  const value = p[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/**
 * A structured argument, given as JSON text (form bodies) or as a value (JSON bodies).
 * Unparsable text fails with `error`, e.g. 'invalid_blocks_format'.
 */
export function structured(p: Params, key: string, error: string): unknown {
  const value = p[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackError(error);
  }
}
