import type { Button } from '../../src/core/types.ts';
import { splitText } from '../../src/channels/split-text.ts';

/** Discord's message limits (discord.com/developers/docs/resources/message, .../components). */
export const MAX_CONTENT = 2000;
export const BUTTONS_PER_ROW = 5;
export const MAX_ROWS = 5;
export const MAX_LABEL = 80;
export const MAX_CUSTOM_ID = 100;
/** `rc|` before every token keeps custom_ids unique in a message even when two buttons carry one token. */
const ID_PREFIX = /^(\d)(\d)\|/;
export const ID_PREFIX_LENGTH = 3;
/** The mark put on a pressed button, as every channel shows it. */
export const CHOSEN = '✓';

/** Discord's component and style numbers (discord-api-types), written out so rendering is plain data. */
const ACTION_ROW = 1;
const BUTTON = 2;
export const STYLE_SECONDARY = 2;
export const STYLE_SUCCESS = 3;

/** Characters that start or end Discord markdown anywhere in a line. */
const INLINE = /[\\*_~`|<>[\]()]/g;
const URL = /https?:\/\/[^\s<>]+/g;

/** Escapes outside links: a URL keeps its `_` and `(` (Discord never formats inside one). */
function escapeInline(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL)) {
    out += text.slice(last, m.index).replace(INLINE, '\\$&') + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(INLINE, '\\$&');
}

/**
 * Escapes Discord markdown so a typed `**`, `||spoiler||`, `# heading`, `> quote`, `- list`,
 * `1. list`, `-# subtext`, `[masked](link)` or `<@123>` shows as typed. Mentions never ping
 * anyway (every message is sent with allowed_mentions parse: []); escaping `<` also keeps
 * `<@id>` and `<#channel>` from showing as a mention pill.
 */
export function escapeDiscord(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const escaped = escapeInline(line);
      // Line starts: headings and subtext (#, -#), lists (- , + , 1. ); quotes are covered by `>`.
      return escaped.replace(/^(\s*)([#+-])/, '$1\\$2').replace(/^(\s*\d+)\.(\s)/, '$1\\.$2');
    })
    .join('\n');
}

/** What escaping did, undone: the text a person reads. */
export function unescapeDiscord(text: string): string {
  return text.replace(/\\([\\*_~`|<>[\]()#+.-])/g, '$1');
}

/**
 * A text cut into pieces whose escaped form fits one message. Escaping can make a text longer
 * (at most twice), so each piece is the longest cut (at a line break, else a space) whose escaped
 * form fits; the next piece starts where it ended.
 */
export function fitEscaped(text: string, max = MAX_CONTENT): string[] {
  const out: string[] = [];
  let rest = text;
  while (escapeDiscord(rest).length > max) {
    let size = max;
    let part = firstPart(rest, size);
    for (let escaped = escapeDiscord(part).length; escaped > max; escaped = escapeDiscord(part).length) {
      size = Math.max(2, Math.min(size - 1, Math.floor((max * part.length) / escaped)));
      part = firstPart(rest, size);
    }
    out.push(part);
    // The line break or space the cut was made at is not repeated at the start of the next piece.
    rest = rest.slice(part.length).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

/** The first piece splitText would cut from `text` at `size` (it only looks that far). */
function firstPart(text: string, size: number): string {
  return splitText(text.slice(0, size + 1), size)[0] ?? '';
}

/** A label within Discord's 80 characters, with an ellipsis so the cut shows; never empty. */
export function shortLabel(label: string, max = MAX_LABEL): string {
  const chars = [...label];
  const fitted = chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
  return fitted.trim() ? fitted : '…';
}

export interface ApiButton {
  type: number;
  style: number;
  label: string;
  custom_id?: string;
  disabled?: boolean;
  url?: string;
}
export interface ApiRow {
  type: number;
  components: ApiButton[];
}

/** The custom_id of the button at row r, column c: `rc|token`. */
export function customId(r: number, c: number, token: string): string {
  return `${r}${c}|${token}`.slice(0, MAX_CUSTOM_ID);
}

/** The core's token of a custom_id this adapter made; undefined for anything else. */
export function tokenOf(id: string): string | undefined {
  return ID_PREFIX.test(id) ? id.slice(ID_PREFIX_LENGTH) : undefined;
}

/**
 * Rows of buttons as action rows. The core lays its rows out within the declared 5 × 5; a row
 * handed over longer is wrapped, and rows past the fifth are left out rather than the whole
 * message refused.
 */
export function actionRows(rows: Button[][] = []): ApiRow[] {
  const wrapped = rows.flatMap((row) => {
    const out: Button[][] = [];
    for (let i = 0; i < row.length; i += BUTTONS_PER_ROW) out.push(row.slice(i, i + BUTTONS_PER_ROW));
    return out;
  });
  return wrapped.slice(0, MAX_ROWS).map((row, r) => ({
    type: ACTION_ROW,
    components: row.map((b, c) => ({ type: BUTTON, style: STYLE_SECONDARY, label: shortLabel(b.label), custom_id: customId(r, c, b.token) })),
  }));
}

/**
 * A pressed button's rows: every button disabled, the chosen one green with `✓`. Nothing can be
 * pressed twice and the message still shows what was offered and what was taken.
 */
export function markedRows(rows: ApiRow[], token: string): ApiRow[] {
  let marked = false;
  return rows.map((row) => ({
    ...row,
    components: row.components.map((b) => {
      const chosen = !marked && b.custom_id !== undefined && tokenOf(b.custom_id) === token;
      if (chosen) marked = true;
      if (b.url) return b;
      return chosen ? { ...b, disabled: true, style: STYLE_SUCCESS, label: shortLabel(`${CHOSEN} ${b.label}`) } : { ...b, disabled: true };
    }),
  }));
}

/** Every message goes out with mentions off: nothing typed by anyone pings anyone. */
export const NO_MENTIONS: { parse: [] } = { parse: [] };
