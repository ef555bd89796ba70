// The external upload flow (files.uploadV2 in WebClient): files.getUploadURLExternal hands out an
// upload URL and a file id, the bytes are POSTed there (raw or multipart), and
// files.completeUploadExternal shares the files into a conversation.
import { bot, type Ctx, type Method } from './context.ts';
import { SlackError } from './errors.ts';
import { objectId } from './ids.ts';
import { str, structured, type Params } from './params.ts';
import { nowS, type Conversation } from './state.ts';

export const UPLOAD_PATH = '/upload/v1/';

function getUploadURL(p: Params, ctx: Ctx): Record<string, unknown> {
  const filename = str(p, 'filename');
  const length = Number(str(p, 'length'));
  if (!filename) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: filename']);
  if (!Number.isInteger(length) || length < 1) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: length']);
  const id = objectId('F');
  ctx.state.files.set(id, { id, filename, length, completed: false });
  return { upload_url: `${ctx.origin()}${UPLOAD_PATH}${id}`, file_id: id };
}

function completeUpload(p: Params, ctx: Ctx): Record<string, unknown> {
  const list = structured(p, 'files', 'invalid_arguments');
  if (!Array.isArray(list) || list.length === 0) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: files']);
  const entries = list.map((f: unknown) => {
    const { id, title } = (f ?? {}) as { id?: unknown; title?: unknown };
    const file = typeof id === 'string' ? ctx.state.files.get(id) : undefined;
    // Bytes never posted to the upload URL: Slack has nothing to share either.
    if (!file?.bytes) throw new SlackError('file_not_found');
    return { file, title: typeof title === 'string' && title !== '' ? title : undefined };
  });
  const targets = [str(p, 'channel_id'), ...(str(p, 'channels') ?? '').split(',')]
    .map((c) => c?.trim())
    .filter((c): c is string => !!c)
    .map((c) => {
      const conv = ctx.state.resolve(c);
      if (!conv) throw new SlackError('channel_not_found');
      return conv;
    });
  const initialComment = str(p, 'initial_comment');
  const threadTs = str(p, 'thread_ts');
  const shared = new Set<Conversation>(targets);
  for (const conv of shared) {
    for (const { file, title } of entries) {
      conv.uploads.push({ id: file.id, filename: file.filename, ...(title ? { title } : {}), bytes: file.bytes as Buffer, ...(initialComment ? { initialComment } : {}), ...(threadTs ? { threadTs } : {}) });
    }
  }
  for (const { file } of entries) file.completed = true;
  ctx.state.changed();
  return {
    files: entries.map(({ file, title }) => ({ id: file.id, created: nowS(), timestamp: nowS(), name: file.filename, title: title ?? file.filename, size: file.bytes?.length ?? 0, user: ctx.id.botUserId, is_external: false, is_public: [...shared].some((c) => c.kind === 'channel') })),
  };
}

export const fileMethods: Record<string, Method> = {
  'files.getUploadURLExternal': bot(getUploadURL),
  'files.completeUploadExternal': bot(completeUpload),
};
