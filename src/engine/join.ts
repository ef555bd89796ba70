import type { ChannelCapabilities } from '../channels/channel.ts';
import type { Reply, TextReply } from '../core/types.ts';

/** Between two texts joined into one message. */
const SEPARATOR = '\n\n';

/**
 * One turn, as few messages as the channel allows: consecutive texts to the same chat are joined
 * while the result fits `maxText`; a text with buttons closes its message (its buttons stay under
 * the last text they belong to). Images, files and button marks stay separate, in their place.
 * Platforms allow about one message per second per chat, so each saved message is a second saved.
 */
export function joinReplies(replies: Reply[], caps: Pick<ChannelCapabilities, 'maxText'>): Reply[] {
  const out: Reply[] = [];
  let open: TextReply | null = null;
  for (const r of replies) {
    if (r.kind !== 'text') {
      out.push(r);
      open = null;
      continue;
    }
    if (open && !open.buttons?.length && open.text.length + SEPARATOR.length + r.text.length <= caps.maxText) {
      open = { ...r, text: `${open.text}${SEPARATOR}${r.text}` };
      out[out.length - 1] = open;
    } else {
      open = r;
      out.push(r);
    }
  }
  return out;
}
