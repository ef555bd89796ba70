// Request parameters as Telegram reads them: the query string merged with a JSON,
// urlencoded or multipart body, and typed getters that coerce strings like the
// real server does (form bodies only ever carry strings).
import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest } from './errors.ts';
import { boundaryOf, parseMultipart, UploadedFile } from './multipart.ts';

export type Params = Record<string, unknown>;

const MAX_BODY = 60 * 1024 * 1024;

export async function readParams(req: IncomingMessage, query: URLSearchParams): Promise<Params> {
  const params: Params = Object.fromEntries(query.entries());
  const body = await readBody(req);
  if (body.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON");
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(req.headers['content-type'] ?? '');
    if (!boundary) throw badRequest('multipart boundary is missing');
    try {
      for (const [key, value] of parseMultipart(body, boundary)) params[key] = value;
    } catch (error) {
      throw badRequest(`can't parse multipart body: ${(error as Error).message}`);
    }
  } else {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

export function str(p: Params, name: string): string | undefined {
  const value = p[name];
  if (!present(value)) return undefined;
  if (value instanceof UploadedFile) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function int(p: Params, name: string): number | undefined {
  const value = p[name];
  if (!present(value)) return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

export function num(p: Params, name: string): number | undefined {
  const value = p[name];
  if (!present(value)) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

export function bool(p: Params, name: string): boolean {
  const value = p[name];
  return value === true || value === 'true' || value === 1 || value === '1';
}

/** JSON-typed parameters arrive as objects in JSON bodies and as strings in form bodies. */
export function json(p: Params, name: string, error: string): unknown {
  const value = p[name];
  if (!present(value)) return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(error);
  }
}

export function file(p: Params, name: string): UploadedFile | string | undefined {
  const value = p[name];
  if (value instanceof UploadedFile) return value;
  return str(p, name);
}

/** A loggable copy of the parameters: uploads become a short summary instead of bytes. */
export function summarize(p: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(p)) {
    out[key] =
      value instanceof UploadedFile
        ? { upload: value.filename, size: value.data.length, content_type: value.contentType }
        : value;
  }
  return out;
}
