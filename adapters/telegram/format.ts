/** Telegram's limits on what one message may carry. */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** Escapes text for parse_mode HTML, so a user's `<b>`, `&` or `*_[` never breaks a message. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits a text into parts of at most `max` UTF-16 units (Telegram counts that way), at a
 * line break if there is one in the second half of the part, else at a space, else hard
 * (never inside a surrogate pair, so an emoji is not cut in two).
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** A caption cut to Telegram's limit, with an ellipsis when cut. */
export function caption(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length <= MAX_CAPTION ? text : `${text.slice(0, MAX_CAPTION - 1)}…`;
}
