import type { Button, Reply } from '../../src/core/types.ts';

/** The buttons a number can pick: the step's own choices, never navigation. */
export function numbered(buttons: Button[]): Button[] {
  return buttons.filter((b) => !b.nav);
}

/**
 * Numbered options under a message: the console's buttons. Navigation is shown on its own line
 * as typed commands (or labels), unnumbered, so a typed number is always an answer: a rating of
 * "6" is not Skip, and "2" at an edit prompt does not cancel.
 */
export function renderButtons(rows: Button[][]): string {
  const all = rows.flat();
  const lines = numbered(all).map((b, i) => `  ${i + 1}) ${b.label}`);
  const nav = all.filter((b) => b.nav).map((b) => (b.command ? `${b.label} (/${b.command})` : b.label));
  if (nav.length) lines.push(`  ${nav.join('  ·  ')}`);
  return lines.join('\n');
}

/** A reply as console text; files and images are announced by the channel, which also writes them. */
export function renderText(reply: Reply): string | null {
  if (reply.kind !== 'text') return null;
  return reply.buttons?.length ? `${reply.text}\n${renderButtons(reply.buttons)}` : reply.text;
}

/**
 * Finds the button a typed line means: the number of one of the step's own choices, or any
 * button's label (case and emoji insensitive). A number that numbers nothing is left to the
 * step as text.
 */
export function pickButton(buttons: Button[], line: string): Button | undefined {
  const typed = line.trim();
  if (/^\d{1,3}$/.test(typed)) return numbered(buttons)[Number(typed) - 1];
  const norm = (s: string) => s.replace(/[^\p{L}\p{N} ]/gu, '').trim().toLowerCase();
  const want = norm(typed);
  return want ? buttons.find((b) => norm(b.label) === want) : undefined;
}
