import type { Button } from '../../src/core/types.ts';
import { splitText } from '../../src/channels/split-text.ts';
import { COMMAND_SPAN } from './commands.ts';

/** Slack's Block Kit limits (api.slack.com/reference/block-kit). */
export const SECTION_TEXT = 3000;
export const BLOCKS_PER_MESSAGE = 50;
export const BLOCKS_PER_VIEW = 100;
export const ELEMENTS_PER_ACTIONS = 25;
export const BUTTON_LABEL = 75;
export const BUTTON_VALUE = 2000;
/** The action_id prefix of every button this adapter renders: the one listener matches it. */
export const ACTION_PREFIX = 'together';
/** The mark put on a pressed button, as every channel shows it. */
export const CHOSEN = '✓';

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to, so a typed `<!channel>`, `<@U…>`
 * or `<https://x|innocent>` shows as typed and never becomes a mention or a disguised link.
 * Slack has no escape for `*`, `_` and `~`: those still format, which shows but deceives no one.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What escaping did, undone: the text a person sees. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A label cut to Slack's 75 characters, with an ellipsis so the cut shows. */
export function shortLabel(label: string, max = BUTTON_LABEL): string {
  const chars = [...label];
  const fitted = chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
  // A button needs a visible label; an empty one is refused by Slack.
  return fitted.trim() ? fitted : '…';
}

/**
 * A text cut into escaped pieces that each fit one section block. Escaping can make a text
 * longer (`&` becomes five characters), so a piece that grew past the limit is cut again, smaller.
 */
export function sectionTexts(text: string, max = SECTION_TEXT): string[] {
  if (!text.trim()) return [];
  return cutEscaped(text, max, max);
}

/** Cuts `text` into pieces of at most `cut` characters whose escaped form fits `max`. */
function cutEscaped(text: string, cut: number, max: number): string[] {
  const out: string[] = [];
  for (const part of splitText(text, cut, COMMAND_SPAN)) {
    const escaped = escapeMrkdwn(part);
    if (escaped.length <= max) out.push(escaped);
    // At most 5 characters per character (`&amp;`): a cut of max/5 always fits.
    else out.push(...cutEscaped(part, Math.max(2, Math.min(cut - 1, Math.floor((max * part.length) / escaped.length))), max));
  }
  return out;
}

export type Block = Record<string, unknown>;

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

/** The `✓ label` line that replaces the buttons of a message once one was pressed. */
export function chosenBlock(label: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `${CHOSEN} *${escapeMrkdwn(label)}*` }] };
}

/**
 * Rows of buttons as `actions` blocks: a row is one block (Slack wraps long rows itself), at
 * most 25 buttons each. action_ids are unique in the message (`together:<scope>:<row>:<col>`);
 * the value carries the core's token, which Slack hands back untouched on a press.
 */
export function actionBlocks(rows: Button[][], scope = 'm'): Block[] {
  const blocks: Block[] = [];
  rows.forEach((row, r) => {
    for (let start = 0; start < row.length; start += ELEMENTS_PER_ACTIONS) {
      const elements = row.slice(start, start + ELEMENTS_PER_ACTIONS).map((b, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: shortLabel(b.label), emoji: true },
        action_id: `${ACTION_PREFIX}:${scope}:${r}:${start + i}`,
        value: b.token.slice(0, BUTTON_VALUE),
      }));
      if (elements.length > 0) blocks.push({ type: 'actions', elements });
    }
  });
  return blocks;
}

/** One message: its notification text and its blocks (sections, then the buttons). */
export function messageBody(text: string, rows: Button[][] = []): { text: string; blocks: Block[] } {
  const sections = sectionTexts(text).map(section);
  const blocks = [...sections, ...actionBlocks(rows)];
  // The notification text must not be empty; the blocks carry what is shown.
  return { text: escapeMrkdwn(text).slice(0, 3000) || ' ', blocks };
}

/** How many blocks a text with these rows takes (the splitter keeps every message under 50). */
export function blockCount(text: string, rows: Button[][] = []): number {
  return sectionTexts(text).length + actionBlocks(rows).length;
}

/** A pressed button's message: the same blocks, its `actions` replaced by one `✓ label` line. */
export function markedBlocks(blocks: Block[], label: string): Block[] {
  const kept = blocks.filter((b) => b.type !== 'actions');
  return [...kept, chosenBlock(label)];
}

/** The label of the button whose value is `token`, in a message's blocks. */
export function labelOf(blocks: Block[], token: string): string | undefined {
  for (const block of blocks) {
    if (block.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const e of block.elements as { value?: string; text?: { text?: string } }[]) if (e.value === token) return e.text?.text;
  }
  return undefined;
}

/** The text the sections of a message show (unescaped), for the notification text of an edit. */
export function sectionText(blocks: Block[]): string {
  return blocks
    .filter((b) => b.type === 'section')
    .map((b) => unescapeMrkdwn(String((b.text as { text?: unknown } | undefined)?.text ?? '')))
    .join('\n');
}
