// Files the bot sends: uploads are sniffed like Telegram does for photos (it
// must be a real image), and every file gets a file_id that can be re-sent.
import { randomBytes } from 'node:crypto';
import { badRequest } from './errors.ts';
import type { UploadedFile } from './multipart.ts';
import type { FileInfo } from './types.ts';

interface ImageInfo {
  mime: string;
  width: number;
  height: number;
}

export function sniffImage(data: Buffer): ImageInfo | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { mime: 'image/png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.subarray(0, 4).toString('latin1') === 'GIF8') {
    return { mime: 'image/gif', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
    return { mime: 'image/webp', width: 0, height: 0 };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpeg(data);
  return undefined;
}

function jpeg(data: Buffer): ImageInfo {
  let pos = 2;
  while (pos + 9 < data.length) {
    if (data[pos] !== 0xff) break;
    const marker = data[pos + 1] as number;
    const length = data.readUInt16BE(pos + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mime: 'image/jpeg', height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7) };
    }
    pos += 2 + length;
  }
  return { mime: 'image/jpeg', width: 0, height: 0 };
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf', csv: 'text/csv', txt: 'text/plain', json: 'application/json', png: 'image/png',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', zip: 'application/zip', svg: 'image/svg+xml', md: 'text/markdown',
};

export function mimeFor(filename: string, declared: string | undefined): string {
  if (declared && declared !== 'application/octet-stream') return declared;
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

const newIds = (prefix: string): Pick<FileInfo, 'file_id' | 'file_unique_id'> => ({
  file_id: `${prefix}${randomBytes(30).toString('base64url')}`,
  file_unique_id: `AQAD${randomBytes(8).toString('base64url')}`,
});

export class FileStore {
  private readonly files = new Map<string, FileInfo>();

  /** Resolves the `photo`/`document` parameter: an upload, a known file_id, or a URL. */
  take(value: UploadedFile | string | undefined, kind: 'photo' | 'document'): FileInfo {
    if (value === undefined) throw badRequest(`there is no ${kind} in the request`);
    if (typeof value === 'string') return this.byReference(value, kind);
    if (value.data.length === 0) throw badRequest('file must be non-empty');
    let info: FileInfo;
    if (kind === 'photo') {
      const image = sniffImage(value.data);
      if (!image) throw badRequest('IMAGE_PROCESS_FAILED');
      // Telegram re-encodes photos and forgets their file name; the fake keeps it for tests.
      info = { ...newIds('AgAC'), file_size: value.data.length, file_name: value.filename, mime_type: image.mime, width: image.width, height: image.height, source: 'upload', bytes: value.data };
    } else {
      info = { ...newIds('BQAC'), file_size: value.data.length, file_name: value.filename, mime_type: mimeFor(value.filename, value.contentType), source: 'upload', bytes: value.data };
    }
    this.files.set(info.file_id, info);
    return info;
  }

  private byReference(ref: string, kind: 'photo' | 'document'): FileInfo {
    const known = this.files.get(ref);
    if (known) return { ...known, source: 'file_id' };
    if (/^https?:\/\//i.test(ref)) {
      // The fake never fetches: tests must not reach the network.
      const info: FileInfo = { ...newIds(kind === 'photo' ? 'AgAC' : 'BQAC'), source: 'url', url: ref };
      this.files.set(info.file_id, info);
      return info;
    }
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  get(fileId: string): FileInfo | undefined {
    return this.files.get(fileId);
  }
}

/** The photo array Telegram returns: a thumbnail plus the full size. */
export function photoSizes(info: FileInfo): Array<Record<string, unknown>> {
  const full = { file_id: info.file_id, file_unique_id: info.file_unique_id, file_size: info.file_size, width: info.width ?? 0, height: info.height ?? 0 };
  const w = info.width ?? 0;
  const h = info.height ?? 0;
  if (w <= 90 && h <= 90) return [full];
  const k = 90 / Math.max(w, h);
  return [{ file_id: `${info.file_id}_s`, file_unique_id: `${info.file_unique_id}s`, width: Math.round(w * k), height: Math.round(h * k) }, full];
}
