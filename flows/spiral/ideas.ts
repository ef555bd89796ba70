import { randomBytes } from 'node:crypto';
import type { Criterion, QuestionId } from './types.ts';

/** A sticky note is a word or a sentence or two: below 2 characters it says nothing, beyond 500 it is several ideas. */
export const MIN_IDEA_CHARS = 2;
export const MAX_IDEA_CHARS = 500;
/** Far more than a group session produces; a bound so a pasted list or a script cannot grow a document without limit. */
export const MAX_IDEAS_PER_QUESTION = 200;

export type IdeaProblem = 'tooShort' | 'tooLong' | 'duplicate' | 'full';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a reader counts them (an emoji with a skin tone is one). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** The idea as stored: trimmed, runs of spaces folded, line breaks kept. */
export function cleanIdea(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Two ideas are the same when they differ only in case, accents, punctuation or spacing. */
export function sameIdeaKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, ' ')
    .trim();
}

/** Why an idea cannot be stored under `question`, or null. `editing` is the id of the idea being replaced. */
export function checkIdea(text: string, criteria: readonly Criterion[], question: QuestionId, editing?: string): IdeaProblem | null {
  const length = visibleLength(text);
  if (length > MAX_IDEA_CHARS) return 'tooLong';
  const key = sameIdeaKey(text);
  if (length < MIN_IDEA_CHARS || key.length === 0) return 'tooShort';
  const siblings = criteria.filter((c) => c.question === question && c.id !== editing);
  if (siblings.some((c) => sameIdeaKey(c.text) === key)) return 'duplicate';
  if (!editing && siblings.length >= MAX_IDEAS_PER_QUESTION) return 'full';
  return null;
}

/** A short random id, unique among `taken`; ids appear in facilitator commands, so they stay short. */
export function newCriterionId(taken: (id: string) => boolean): string {
  for (;;) {
    const id = BigInt(`0x${randomBytes(5).toString('hex')}`).toString(36).padStart(6, '0').slice(-6);
    if (!/^\d+$/.test(id) && !taken(id)) return id;
  }
}

/** A one-line preview of an idea for lists and buttons. */
export function preview(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...segmenter.segment(flat)].map((s) => s.segment);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}
