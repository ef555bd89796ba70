/**
 * Citizens' text inside Markdown: a title with `|` must not split a table row, one starting
 * with `#` or `-` must not become a heading or a list, `<b>` must not become HTML. CommonMark
 * lets any ASCII punctuation be backslash-escaped, so the characters that mean something are.
 */

/** Inline markup, tables' `|`, HTML and entities, images and links. */
const SPECIAL = /[\\`*_[\]<>|#~&!]/g;

/** One line of text (a title, a table cell, a heading): line breaks folded, markup escaped. */
export function mdInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim().replace(SPECIAL, '\\$&');
}

/** A text of several lines as a blockquote, every line escaped, list and heading markers at its start too. */
export function mdQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const escaped = line
        .trim()
        .replace(SPECIAL, '\\$&')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2');
      return escaped ? `> ${escaped}` : '>';
    })
    .join('\n');
}

/** A table row of already escaped cells. */
export const mdRow = (cells: readonly (string | number)[]): string => `| ${cells.map(String).join(' | ')} |`;
