import type { Button, Reply } from '../../src/core/types.ts';

/** Numbered options under a message: the console's buttons. */
export function renderButtons(rows: Button[][]): string {
  return rows
    .flat()
    .map((b, i) => `  ${i + 1}) ${b.label}`)
    .join('\n');
}

/** A reply as console text; files and images are announced by the channel, which also writes them. */
export function renderText(reply: Reply): string | null {
  if (reply.kind !== 'text') return null;
  return reply.buttons?.length ? `${reply.text}\n${renderButtons(reply.buttons)}` : reply.text;
}

/** Finds the button a typed line means: its number, or its label (case and emoji insensitive). */
export function pickButton(buttons: Button[], line: string): Button | undefined {
  const typed = line.trim();
  if (/^\d{1,3}$/.test(typed)) return buttons[Number(typed) - 1];
  const norm = (s: string) => s.replace(/[^\p{L}\p{N} ]/gu, '').trim().toLowerCase();
  const want = norm(typed);
  return want ? buttons.find((b) => norm(b.label) === want) : undefined;
}
