/**
 * Splits a text into parts of at most `max` UTF-16 units (Telegram and Discord count that way),
 * at a line break if there is one in the second half of the part, else at a space, else hard
 * (never inside a surrogate pair, so an emoji is not cut in two). Every adapter splits with it,
 * so a long text reads the same on each channel. `keep` matches what must not be cut (Slack's
 * `/together back`): a cut that would fall inside a match moves to before it.
 */
export function splitText(text: string, max: number, keep?: RegExp): string[] {
  if (!(max >= 2)) throw new RangeError(`splitText needs a limit of at least 2 characters, got ${max}`);
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
    if (keep) cut = before(rest, cut, keep);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** `cut` moved back to the start of a `keep` match it falls inside of; not to 0, so a part is never empty. */
function before(text: string, cut: number, keep: RegExp): number {
  const re = new RegExp(keep.source, keep.flags.includes('g') ? keep.flags : `${keep.flags}g`);
  for (let m = re.exec(text); m && m.index < cut; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else if (m.index > 0 && cut < m.index + m[0].length) return m.index;
  }
  return cut;
}
