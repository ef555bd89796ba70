import type { Reply } from '../core/types.ts';
import type { StoredReply } from './doc-fields.ts';

/** JSON has no bytes: images and files travel as base64. */
export function storeReply(r: Reply): StoredReply {
  if (r.kind === 'image') return { ...r, png: Buffer.from(r.png).toString('base64') };
  if (r.kind === 'file') return { ...r, content: Buffer.from(r.content).toString('base64') };
  return { ...r };
}

export function loadReply(r: StoredReply): Reply {
  if (r.kind === 'image') return { ...(r as object), png: new Uint8Array(Buffer.from(String(r.png), 'base64')) } as Reply;
  if (r.kind === 'file') return { ...(r as object), content: new Uint8Array(Buffer.from(String(r.content), 'base64')) } as Reply;
  return r as unknown as Reply;
}
