// A message's content (text, blocks, attachments) read and checked as chat.* methods and
// response_url posts do, and the message object Slack returns for the bot's messages.
import { validateBlocks, MAX_MESSAGE_BLOCKS } from './blocks.ts';
import type { Identity } from './context.ts';
import { SlackError } from './errors.ts';
import { objectId } from './ids.ts';
import { str, structured, type Params } from './params.ts';
import type { StoredMessage } from './state.ts';

export const MAX_TEXT = 40_000;

export interface Content {
  text?: string;
  blocks?: unknown[];
  hasAttachments: boolean;
}

/** Reads text/blocks/attachments; `need` = fail with no_text when all are empty. */
export function readContent(p: Params, need: boolean): Content {
  const text = str(p, 'text');
  const raw = structured(p, 'blocks', 'invalid_blocks_format');
  const blocks = raw === undefined ? undefined : validateBlocks(raw, { error: 'invalid_blocks', max: MAX_MESSAGE_BLOCKS, pointer: '/blocks' });
  const attachments = structured(p, 'attachments', 'invalid_attachments');
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (need && !text && !(blocks && blocks.length > 0) && !hasAttachments) throw new SlackError('no_text');
  if (text && text.length > MAX_TEXT) throw new SlackError('msg_too_long');
  return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks: withBlockIds(blocks) } : {}), hasAttachments };
}

/** Slack gives every stored block a block_id; interactions report it back. */
function withBlockIds(blocks: unknown[]): unknown[] {
  return blocks.map((b) => {
    const block = b as Record<string, unknown>;
    return typeof block.block_id === 'string' ? block : { ...block, block_id: objectId('', 5).toLowerCase() };
  });
}

/** The `message` object of chat.postMessage / chat.update answers. */
export function botMessageObject(id: Identity, m: StoredMessage): Record<string, unknown> {
  return {
    user: id.botUserId,
    type: 'message',
    ts: m.ts,
    bot_id: id.botId,
    app_id: id.appId,
    text: m.text,
    team: id.teamId,
    bot_profile: { id: id.botId, app_id: id.appId, name: id.botName, icons: {}, deleted: false, updated: 1_700_000_000, team_id: id.teamId },
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: id.botUserId } : {}),
    ...(m.editedTs ? { edited: { user: id.botUserId, ts: m.editedTs } } : {}),
  };
}
