// parse_mode processing, ported from TDLib's parse_html / parse_markdown_v2 /
// parse_markdown (td/telegram/MessageEntity.cpp) so that the fake accepts and
// rejects exactly what Telegram does, with the same error texts. Offsets are in
// UTF-16 code units like the Bot API; error positions are UTF-8 byte offsets like TDLib's.
import type { Parsed } from './entities-common.ts';
import { parseHtml } from './entities-html.ts';
import { parseMarkdown, parseMarkdownV2 } from './entities-markdown.ts';
import { badRequest } from './errors.ts';

export type { Parsed } from './entities-common.ts';
export { parseHtml, parseMarkdown, parseMarkdownV2 };

export function parseText(text: string, parseMode: string | undefined): Parsed {
  const mode = (parseMode ?? '').toLowerCase();
  if (mode === '') return { text, entities: [] };
  if (mode === 'html') return parseHtml(text);
  if (mode === 'markdownv2') return parseMarkdownV2(text);
  if (mode === 'markdown') return parseMarkdown(text);
  throw badRequest('unsupported parse_mode');
}
