/**
 * What members, facilitators and managers type into a theme group, checked once: comments,
 * amendments, elaborated versions and official answers. Limits follow the proposal's own
 * (types.ts), so an amendment can rewrite a whole proposal.
 */
import { randomBytes } from 'node:crypto';
import { cleanName, cleanText, isBlank } from '../../../src/core/clean-text.ts';
import { UserError } from '../../../src/engine/index.ts';
import { BODY_MAX, TITLE_MAX } from '../types.ts';

/** Below this a comment says nothing ("ok"). */
export const TEXT_MIN = 2;
export const TEXT_MAX = BODY_MAX;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a reader counts them (an emoji with a skin tone is one). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** A multi-line text as stored: cleaned, spaces folded, at most one empty line in a row; throws when empty or too long. */
export function checkedText(raw: string, max = TEXT_MAX): string {
  const text = cleanText(raw)
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (isBlank(text) || visibleLength(text) < TEXT_MIN) throw new UserError('nowbeall-groups:text.tooShort', { min: TEXT_MIN });
  const length = visibleLength(text);
  if (length > max) throw new UserError('nowbeall-groups:text.tooLong', { max, length });
  return text;
}

/** A one-line title (a group's): cleaned; throws when too long. '' when blank. */
export function checkedTitle(raw: string): string {
  const title = cleanName(raw);
  if (visibleLength(title) > TITLE_MAX) throw new UserError('nowbeall-groups:text.titleTooLong', { max: TITLE_MAX });
  return title;
}

/** A one-line preview for lists and buttons. */
export function preview(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...segmenter.segment(flat)].map((s) => s.segment);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/** A time-ordered id (`<ISO time>-<random>`), as the moderation log's. */
export function timeId(now: Date): string {
  return `${now.toISOString()}-${randomBytes(3).toString('hex')}`;
}
