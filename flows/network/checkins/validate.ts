/**
 * What a check-in answer may be. Too long is refused, not cut: a cut answer would be stored as
 * if the person had said only its beginning (nothing half-stored); the refusal says the length
 * and the limit. An answer needs at least one letter, digit or emoji (👍 is an answer, "..." is
 * not). Right-to-left text is kept as written; the engine already removed control and bidi
 * override characters, and the report isolates it (report-md.ts).
 */
import { UserError } from '../../../src/engine/index.ts';

/** Characters (code points) in one answer: a check-in is short; the report is read at a glance. */
export const MAX_ANSWER = 1000;

const SOMETHING = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

export function checkAnswer(text: string, lang: string): string {
  const clean = text.trim();
  const length = [...clean].length;
  const n = (x: number) => new Intl.NumberFormat(lang).format(x);
  if (length > MAX_ANSWER) throw new UserError('plan-checkin:answer.tooLong', { length: n(length), max: n(MAX_ANSWER) });
  if (!SOMETHING.test(clean)) throw new UserError('plan-checkin:answer.noWords');
  return clean;
}
