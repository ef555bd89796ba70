// MarkdownV2 and legacy Markdown parse_modes, ported from TDLib's
// parse_markdown_v2 / parse_markdown (td/telegram/MessageEntity.cpp).
import { byteOffset, checkedLink, fail, isSpace, sortEntities, type Parsed } from './entities-common.ts';
import { badRequest } from './errors.ts';
import type { Entity } from './types.ts';

type MdType = 'Bold' | 'Italic' | 'Underline' | 'Strikethrough' | 'Spoiler' | 'Code' | 'Pre' | 'PreCode' | 'TextUrl' | 'CustomEmoji' | 'BlockQuote';
const MD_WIRE: Record<MdType, string> = { Bold: 'bold', Italic: 'italic', Underline: 'underline', Strikethrough: 'strikethrough', Spoiler: 'spoiler', Code: 'code', Pre: 'pre', PreCode: 'pre', TextUrl: 'text_link', CustomEmoji: 'custom_emoji', BlockQuote: 'blockquote' };

interface OpenMd {
  type: MdType;
  arg: string;
  offset: number;
  byteAt: number;
  outBegin: number;
}

const reserved = (c: string): string => `Character '${c}' is reserved and must be escaped with the preceding '\\'`;

export function parseMarkdownV2(src: string): Parsed {
  const n = src.length;
  const ch = (i: number): string => (i < n ? (src[i] as string) : '\0');
  let out = '';
  const entities: Entity[] = [];
  const open: OpenMd[] = [];
  let haveBlockquote = false;
  for (let i = 0; i < n; i++) {
    const c = src[i] as string;
    const next = src.charCodeAt(i + 1);
    if (c === '\\' && next > 0 && next <= 126) {
      out += src[++i];
      continue;
    }
    const top = open.at(-1);
    const inCode = top !== undefined && (top.type === 'Code' || top.type === 'Pre' || top.type === 'PreCode');
    if (!(inCode ? '`' : '_*[]()~`>#+-=|{}.!\n').includes(c)) {
      out += c;
      continue;
    }
    let isEnd = false;
    if (top) {
      if (haveBlockquote && c === '\n' && (i + 1 === n || src[i + 1] !== '>')) isEnd = true;
      else {
        const t = top.type;
        isEnd =
          (t === 'Bold' && c === '*') ||
          (t === 'Italic' && c === '_' && ch(i + 1) !== '_') ||
          (t === 'Code' && c === '`') ||
          ((t === 'Pre' || t === 'PreCode') && c === '`' && ch(i + 1) === '`' && ch(i + 2) === '`') ||
          ((t === 'TextUrl' || t === 'CustomEmoji') && c === ']') ||
          (t === 'Underline' && c === '_' && ch(i + 1) === '_') ||
          (t === 'Strikethrough' && c === '~') ||
          (t === 'Spoiler' && c === '|' && ch(i + 1) === '|');
      }
    }
    if (!isEnd) {
      const byteAt = byteOffset(src, i);
      let type: MdType | undefined;
      let arg = '';
      switch (c) {
        case '_':
          if (ch(i + 1) === '_') {
            type = 'Underline';
            i++;
          } else type = 'Italic';
          break;
        case '*':
          type = 'Bold';
          break;
        case '~':
          type = 'Strikethrough';
          break;
        case '|':
          if (ch(i + 1) !== '|') fail(reserved(c));
          i++;
          type = 'Spoiler';
          break;
        case '[':
          type = 'TextUrl';
          break;
        case '`':
          if (ch(i + 1) === '`' && ch(i + 2) === '`') {
            i += 3;
            type = 'Pre';
            let languageEnd = i;
            while (!isSpace(ch(languageEnd)) && ch(languageEnd) !== '`') languageEnd++;
            if (i !== languageEnd && languageEnd < n && ch(languageEnd) !== '`') {
              type = 'PreCode';
              arg = src.slice(i, languageEnd);
              i = languageEnd;
            }
            if (ch(i) === '\n' || ch(i) === '\r') {
              i += (ch(i + 1) === '\n' || ch(i + 1) === '\r') && ch(i) !== ch(i + 1) ? 2 : 1;
            }
            i--;
          } else type = 'Code';
          break;
        case '!':
          if (ch(i + 1) !== '[') fail(reserved(c));
          i++;
          type = 'CustomEmoji';
          break;
        case '\n':
          out += '\n';
          if (ch(i + 1) === '>') {
            i++;
            if (!haveBlockquote) {
              type = 'BlockQuote';
              haveBlockquote = true;
            }
          }
          break;
        case '>':
          if (i !== 0) fail(reserved(c));
          type = 'BlockQuote';
          haveBlockquote = true;
          break;
        default:
          fail(reserved(c));
      }
      if (type) open.push({ type, arg, offset: out.length, byteAt, outBegin: out.length });
      continue;
    }
    const entity = open.pop() as OpenMd;
    if (c === '\n' && entity.type !== 'BlockQuote') fail(`Can't find end of ${entity.type} entity at byte offset ${entity.byteAt}`);
    let skip = out.length === entity.offset;
    let extra: Partial<Entity> = {};
    switch (entity.type) {
      case 'Underline':
      case 'Spoiler':
        i++;
        break;
      case 'Pre':
      case 'PreCode':
        i += 2;
        if (entity.type === 'PreCode') extra = { language: entity.arg };
        break;
      case 'TextUrl': {
        let url = '';
        if (ch(i + 1) !== '(') url = out.slice(entity.outBegin);
        else {
          i += 2;
          const urlBegin = i;
          while (i < n && src[i] !== ')') {
            const escaped = src.charCodeAt(i + 1);
            if (src[i] === '\\' && escaped > 0 && escaped <= 126) {
              url += src[i + 1];
              i += 2;
            } else url += src[i++];
          }
          if (ch(i) !== ')') fail(`Can't find end of a URL at byte offset ${byteOffset(src, urlBegin)}`);
        }
        const checked = checkedLink(url);
        if (checked === undefined) skip = true;
        else extra = { url: checked };
        break;
      }
      case 'CustomEmoji': {
        if (ch(i + 1) !== '(') throw badRequest("can't parse entities: Custom emoji entity must contain a tg://emoji URL");
        i += 2;
        const urlBegin = i;
        while (i < n && src[i] !== ')') i++;
        if (ch(i) !== ')') fail(`Can't find end of a custom emoji URL at byte offset ${byteOffset(src, urlBegin)}`);
        const id = /^tg:\/\/emoji\?id=([1-9][0-9]*)$/.exec(src.slice(urlBegin, i))?.[1];
        if (!id) fail('Invalid custom emoji URL specified');
        extra = { custom_emoji_id: id };
        break;
      }
      case 'BlockQuote':
        haveBlockquote = false;
        out += c;
        break;
      default:
        break;
    }
    if (!skip) entities.push({ type: MD_WIRE[entity.type], offset: entity.offset, length: out.length - entity.offset, ...extra });
  }
  const last = open.at(-1);
  if (haveBlockquote && last?.type === 'BlockQuote') {
    open.pop();
    if (out.length !== last.offset) entities.push({ type: 'blockquote', offset: last.offset, length: out.length - last.offset });
  }
  const unclosed = open.at(-1);
  if (unclosed) fail(`Can't find end of ${unclosed.type} entity at byte offset ${unclosed.byteAt}`);
  return { text: out, entities: sortEntities(entities) };
}

/** Legacy "Markdown": only _ * ` [ are special and an unterminated one is the only error. */
export function parseMarkdown(src: string): Parsed {
  const n = src.length;
  let out = '';
  const entities: Entity[] = [];
  for (let i = 0; i < n; i++) {
    const c = src[i] as string;
    if (c === '\\' && '_*`['.includes(src[i + 1] ?? '\0')) {
      out += src[++i];
      continue;
    }
    if (!'_*`['.includes(c)) {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === '[' ? ']' : c;
    const isPre = c === '`' && src[i + 1] === '`' && src[i + 2] === '`';
    i += isPre ? 3 : 1;
    let language = '';
    if (isPre) {
      let languageEnd = i;
      while (languageEnd < n && !isSpace(src[languageEnd] as string) && src[languageEnd] !== '`') languageEnd++;
      if (i !== languageEnd && languageEnd < n && src[languageEnd] !== '`') {
        language = src.slice(i, languageEnd);
        i = languageEnd;
      }
      if (src[i] === '\n' || src[i] === '\r') i++;
    }
    const offset = out.length;
    while (i < n && (src[i] !== endChar || (isPre && !(src[i + 1] === '`' && src[i + 2] === '`')))) out += src[i++];
    if (i === n) fail(`Can't find end of the entity starting at byte offset ${byteOffset(src, begin)}`);
    const length = out.length - offset;
    if (length > 0) {
      if (c === '_') entities.push({ type: 'italic', offset, length });
      else if (c === '*') entities.push({ type: 'bold', offset, length });
      else if (c === '`') entities.push(isPre ? { type: 'pre', offset, length, ...(language ? { language } : {}) } : { type: 'code', offset, length });
      else {
        let url = out.slice(offset);
        if (src[i + 1] === '(') {
          url = '';
          i += 2;
          while (i < n && src[i] !== ')') url += src[i++];
        }
        const checked = checkedLink(url);
        if (checked) entities.push({ type: 'text_link', offset, length, url: checked });
      }
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
