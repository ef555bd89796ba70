/**
 * The core's input boundary for text: what a person (or a manager's command line) typed is
 * normalised before anything stores or replays it. Terminal escapes, control characters, bidi
 * overrides and invisible characters are removed, because they are replayed later into a
 * facilitator's terminal, a CSV export or a broadcast to thousands, where they can hide or
 * disguise text. Newlines, ordinary emoji (with their joiners and variation selectors) and
 * right-to-left scripts are kept.
 */

// ESC-introduced sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and two-byte escapes.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 controls except tab and newline, DEL and C1 controls.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidi embeddings, overrides and isolates: they reorder text others read. (LRM/RLM/ALM marks are kept.)
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
// Invisible characters with no job in a chat message: zero-width space, word joiner and
// invisible operators, BOM, Mongolian vowel separator, soft hyphen, interlinear annotations.
const INVISIBLE = /[\u200b\u2060-\u2064\ufeff\u180e\u00ad\ufff9-\ufffb]/g;
// Half of a surrogate pair: not a character at all; platforms refuse text holding one (not UTF-8).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Unicode tag characters smuggle hidden ASCII; they are only legitimate inside a flag emoji (🏴…).
const TAGS = /(?<!\u{1f3f4}[\u{e0020}-\u{e007e}]*)[\u{e0000}-\u{e007f}]/gu;

/** Normalises typed text: NFC, CRLF → LF, no escapes, controls, bidi overrides or invisible characters. */
export function cleanText(input: string): string {
  return input
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(ANSI, '')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(INVISIBLE, '')
    .replace(TAGS, '');
}

/** True when nothing visible is left: only whitespace, joiners or marks (e.g. a name of zero-width spaces). */
export function isBlank(input: string): boolean {
  return cleanText(input).replace(/[\s\p{Cf}\p{Mn}\p{Me}\u3164\u115f\u1160\uffa0\u2800]/gu, '') === '';
}

/** A one-line name (group, stop, title): cleaned, newlines folded to spaces, trimmed; '' when blank. */
export function cleanName(input: string): string {
  const one = cleanText(input).replace(/\s+/g, ' ').trim();
  return isBlank(one) ? '' : one;
}
