// Reads a REST request body as discord.js sends it: JSON, or multipart/form-data with
// `payload_json` and `files[n]` parts (parsed by the platform's own FormData reader).
import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './context.ts';
import { badJson, tooLarge } from './errors.ts';
import { LIMITS } from './validate.ts';

export async function readBody(req: IncomingMessage): Promise<{ body: Record<string, unknown>; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: {}, files: [] };
  if (type.startsWith('multipart/form-data')) return readMultipart(raw, type);
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // falls through to Discord's answer
  }
  throw badJson();
}

async function readMultipart(raw: Buffer, type: string): Promise<{ body: Record<string, unknown>; files: UploadedFile[] }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  let body: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = parseJson(value);
      continue;
    }
    const bytes = Buffer.from(await value.arrayBuffer());
    if (bytes.length > LIMITS.fileBytes) throw tooLarge();
    files.push({ field, filename: value.name, bytes, ...(value.type ? { contentType: value.type } : {}) });
  }
  return { body, files };
}
