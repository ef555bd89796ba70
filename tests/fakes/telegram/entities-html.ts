// HTML parse_mode, ported from TDLib's parse_html (td/telegram/MessageEntity.cpp).
import { byteOffset, checkedLink, fail, isSpace, sortEntities, type Parsed } from './entities-common.ts';
import { badRequest } from './errors.ts';
import type { Entity } from './types.ts';

const HTML_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote']);
const HTML_TYPES: Record<string, string> = { i: 'italic', em: 'italic', b: 'bold', strong: 'bold', s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', u: 'underline', ins: 'underline', 'tg-spoiler': 'spoiler', span: 'spoiler', blockquote: 'blockquote' };

/** Unknown or malformed references are not errors in Telegram: the '&' stays literal. */
function decodeHtmlEntity(src: string, pos: number): { char: string; end: number } | undefined {
  let end = pos + 1;
  let code = 0;
  if (src[end] === '#') {
    end++;
    const hex = src[end] === 'x';
    if (hex) end++;
    const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    while (end < src.length && digits.test(src[end] ?? '')) code = code * (hex ? 16 : 10) + parseInt(src[end++] ?? '0', 16);
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (end < src.length && /[A-Za-z]/.test(src[end] ?? '')) end++;
    const name = src.slice(pos + 1, end);
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    code = named[name] ?? 0;
    if (code === 0) return undefined;
  }
  if (src[end] === ';') end++;
  return { char: String.fromCodePoint(code), end };
}

interface OpenTag {
  tag: string;
  arg: string;
  offset: number;
}

export function parseHtml(src: string): Parsed {
  const n = src.length;
  const ch = (i: number): string => (i < n ? (src[i] as string) : '\0');
  let out = '';
  const entities: Entity[] = [];
  const open: OpenTag[] = [];
  for (let i = 0; i < n; i++) {
    const c = src[i] as string;
    if (c === '&') {
      const decoded = decodeHtmlEntity(src, i);
      if (decoded) {
        out += decoded.char;
        i = decoded.end - 1;
        continue;
      }
    }
    if (c !== '<') {
      out += c;
      continue;
    }
    const begin = i++;
    if (ch(i) !== '/') {
      while (!isSpace(ch(i)) && ch(i) !== '>') i++;
      if (i >= n) fail(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
      const tag = src.slice(begin + 1, i).toLowerCase();
      if (!HTML_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(src, begin)}`);
      let arg = '';
      while (ch(i) !== '>') {
        while (i < n && isSpace(ch(i))) i++;
        if (ch(i) === '>') break;
        const attrBegin = i;
        while (!isSpace(ch(i)) && ch(i) !== '=') i++;
        const attr = src.slice(attrBegin, i);
        if (attr === '') fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(src, begin)}`);
        while (i < n && isSpace(ch(i))) i++;
        if (ch(i) !== '=') fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(src, begin)}`);
        i++;
        while (i < n && isSpace(ch(i))) i++;
        if (i >= n) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(src, begin)}`);
        let value = '';
        if (ch(i) !== "'" && ch(i) !== '"') {
          const tokenBegin = i;
          while (/[A-Za-z0-9.-]/.test(ch(i))) i++;
          value = src.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(ch(i)) && ch(i) !== '>') fail(`Unexpected end of name token at byte offset ${byteOffset(src, tokenBegin)}`);
        } else {
          const quote = src[i++];
          while (i < n && src[i] !== quote) {
            const decoded = src[i] === '&' ? decodeHtmlEntity(src, i) : undefined;
            if (decoded) {
              value += decoded.char;
              i = decoded.end;
            } else value += src[i++];
          }
          if (i < n) i++;
        }
        if (i >= n) fail(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
        if (tag === 'a' && attr === 'href') arg = value;
        else if (tag === 'code' && attr === 'class' && value.startsWith('language-')) arg = value.slice(9);
        else if (tag === 'span' && attr === 'class' && value.startsWith('tg-')) arg = value.slice(3);
        else if (tag === 'tg-emoji' && attr === 'emoji-id') arg = value;
      }
      if (tag === 'span' && arg !== 'spoiler') fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, begin)}`);
      open.push({ tag, arg, offset: out.length });
      continue;
    }
    if (open.length === 0) fail(`Unexpected end tag at byte offset ${byteOffset(src, begin)}`);
    while (!isSpace(ch(i)) && ch(i) !== '>') i++;
    const endTag = src.slice(begin + 2, i).toLowerCase();
    while (i < n && isSpace(ch(i))) i++;
    if (ch(i) !== '>') fail(`Unclosed end tag at byte offset ${byteOffset(src, begin)}`);
    const top = open.pop() as OpenTag;
    if (endTag !== '' && endTag !== top.tag) {
      fail(`Unmatched end tag at byte offset ${byteOffset(src, begin)}, expected "</${top.tag}>", found "</${endTag}>"`);
    }
    if (out.length > top.offset) closeHtmlEntity(top, out, entities);
  }
  const last = open.at(-1);
  if (last) fail(`Can't find end tag corresponding to start tag ${last.tag}`);
  return { text: out, entities: sortEntities(entities) };
}

function closeHtmlEntity(top: OpenTag, out: string, entities: Entity[]): void {
  const offset = top.offset;
  const length = out.length - offset;
  const simple = HTML_TYPES[top.tag];
  const prev = entities.at(-1);
  const sameSpan = prev !== undefined && prev.offset === offset && prev.length === length;
  if (simple) entities.push({ type: simple, offset, length });
  else if (top.tag === 'tg-emoji') {
    if (!/^[1-9][0-9]*$/.test(top.arg)) throw badRequest("can't parse entities: Invalid custom emoji identifier specified");
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: top.arg });
  } else if (top.tag === 'a') {
    const url = checkedLink(top.arg || out.slice(offset));
    if (url) entities.push({ type: 'text_link', offset, length, url });
  } else if (top.tag === 'pre') {
    if (sameSpan && prev.type === 'code' && prev.language) {
      prev.type = 'pre';
    } else entities.push({ type: 'pre', offset, length });
  } else if (top.tag === 'code') {
    if (sameSpan && prev.type === 'pre' && top.arg) prev.language = top.arg;
    else entities.push(top.arg ? { type: 'code', offset, length, language: top.arg } : { type: 'code', offset, length });
  }
}
