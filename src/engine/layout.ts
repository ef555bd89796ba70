import type { ChannelCapabilities } from '../channels/channel.ts';
import type { Button } from '../core/types.ts';

/** Choices per page at most, whatever the channel allows: a longer list is hard to read. */
export const MAX_PAGE = 8;
/** Labels this short share a row by default. */
const SHORT_LABEL = 14;

type Limits = Pick<ChannelCapabilities, 'buttonsPerRow' | 'maxRows' | 'maxLabel'>;

/** A label cut to the channel's limit, with an ellipsis so the cut shows. */
export function fitLabel(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** Buttons per row for these labels: the flow's wish or short labels three a row, never more than the channel shows. */
export function perRow(labels: string[], caps: Limits, columns?: number): number {
  const wish = columns ?? (labels.every((l) => [...l].length <= SHORT_LABEL) ? 3 : 1);
  return Math.max(1, Math.min(wish, caps.buttonsPerRow));
}

function rows<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The one layout rule of every message with buttons, on every channel: answers first (rows of
 * `perRow`), then the navigation buttons in as few rows as the channel allows; labels fit
 * maxLabel. The caller pages answers with `pageSize` so the rows never exceed maxRows.
 */
export function layout(answers: Button[], nav: Button[], caps: Limits, columns?: number): Button[][] {
  const fit = (b: Button): Button => ({ ...b, label: fitLabel(b.label, caps.maxLabel) });
  const size = perRow(answers.map((b) => b.label), caps, columns);
  return [...rows(answers.map(fit), size), ...rows(nav.map(fit), caps.buttonsPerRow)].filter((r) => r.length > 0);
}

/**
 * How many answers one page shows when `navButtons` navigation buttons (page buttons included)
 * share the message: what fits in the rows the navigation leaves, at most MAX_PAGE.
 */
export function pageSize(labels: string[], navButtons: number, caps: Limits, columns?: number): number {
  const navRows = Math.ceil(navButtons / caps.buttonsPerRow);
  const free = Math.max(1, caps.maxRows - navRows);
  return Math.max(1, Math.min(MAX_PAGE, free * perRow(labels, caps, columns)));
}

/** Splits buttons that are not paged (a plain message with choices) into messages that each fit maxRows. */
export function chunkRows(buttonRows: Button[][], caps: Limits): Button[][][] {
  return buttonRows.length <= caps.maxRows ? [buttonRows] : rows(buttonRows, caps.maxRows);
}
