import { splitText as split } from '../../src/channels/split-text.ts';

/** Telegram's limits on what one message may carry. */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** Escapes text for parse_mode HTML, so a user's `<b>`, `&` or `*_[` never breaks a message. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Texts over Telegram's limit are cut by the splitter every adapter shares. */
export function splitText(text: string, max = MAX_TEXT): string[] {
  return split(text, max);
}

/** A caption cut to Telegram's limit, with an ellipsis when cut. */
export function caption(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length <= MAX_CAPTION ? text : `${text.slice(0, MAX_CAPTION - 1)}…`;
}
