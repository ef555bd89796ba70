/** What managers and members type to name things: proposal numbers, group ids, a deadline, an answer kind, a pseudonym. */
import { DateTime } from 'luxon';
import { cleanName } from '../../../src/core/clean-text.ts';
import { UserError } from '../../../src/engine/index.ts';
import type { AnswerKind } from '../types.ts';

/** More proposals than a seminar table can elaborate; a bound against a pasted range. */
export const MAX_GROUP_PROPOSALS = 30;

export const ANSWER_KINDS: readonly AnswerKind[] = ['accepted', 'study', 'not-retained'];

/** What a manager may type for each kind: the ids, and the plain English words the CLI's help suggests. */
const KIND_WORDS: Record<string, AnswerKind> = {
  accepted: 'accepted', accept: 'accepted', yes: 'accepted',
  study: 'study', 'under-study': 'study', 'under study': 'study', studying: 'study',
  'not-retained': 'not-retained', 'not retained': 'not-retained', rejected: 'not-retained', no: 'not-retained',
};

/** A short bit of what was typed, safe to echo in an error. */
export const shown = (raw: unknown): string => cleanName(String(raw ?? '')).slice(0, 30);

/** "12" or "#12" → "12". */
export function proposalId(raw: unknown): string {
  const m = /^#?(\d{1,9})$/.exec(String(raw ?? '').trim());
  if (!m) throw new UserError('nowbeall-groups:invalid.proposal', { value: shown(raw) });
  return String(Number(m[1]));
}

/** "3,7 12" → ["3","7","12"]: distinct, at least one, at most MAX_GROUP_PROPOSALS. */
export function proposalList(raw: unknown): string[] {
  const parts = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,;]+/)).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UserError('nowbeall-groups:invalid.noProposals');
  const ids = parts.map(proposalId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new UserError('nowbeall-groups:invalid.proposalTwice', { id: twice });
  if (ids.length > MAX_GROUP_PROPOSALS) throw new UserError('nowbeall-groups:invalid.tooManyProposals', { max: MAX_GROUP_PROPOSALS });
  return ids;
}

/** "g3", "G3" or "3" → "g3". */
export function groupId(raw: unknown): string {
  const m = /^g?(\d{1,9})$/i.exec(String(raw ?? '').trim());
  if (!m) throw new UserError('nowbeall-groups:invalid.group', { value: shown(raw) });
  return `g${Number(m[1])}`;
}

/** True when the word looks like a group id (for commands that take one or a subcommand). */
export const isGroupId = (raw: string): boolean => /^g\d{1,9}$/i.test(raw.trim());

/**
 * "2026-06-30" → the end of that day in the bot's zone, as an ISO instant: supporting and
 * objecting stay open all that day. A date already past is refused.
 */
export function deadline(raw: unknown, tz: string, now: Date): string {
  const text = String(raw ?? '').trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: tz }) : null;
  if (!day?.isValid) throw new UserError('nowbeall-groups:invalid.deadline', { value: shown(raw) });
  const end = day.endOf('day');
  if (end.toMillis() <= now.getTime()) throw new UserError('nowbeall-groups:invalid.deadlinePast', { date: text });
  return end.toUTC().toISO()!;
}

/** A pseudonym as the core writes them (`p-…`): letters, digits and dashes. */
export function pseudonym(raw: unknown): string {
  const text = String(raw ?? '').trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/.test(text)) throw new UserError('nowbeall-groups:invalid.pseudonym', { value: shown(raw) });
  return text;
}

/** "p-1, p-2" → ["p-1", "p-2"]. */
export function pseudonyms(raw: unknown): string[] {
  const parts = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,;]+/)).filter(Boolean);
  return [...new Set(parts.map(pseudonym))];
}

export function answerKind(raw: unknown): AnswerKind {
  const kind = KIND_WORDS[String(raw ?? '').trim().toLowerCase().replace(/_/g, '-')];
  if (!kind) throw new UserError('nowbeall-groups:invalid.answerKind', { value: shown(raw), kinds: ANSWER_KINDS.join(', ') });
  return kind;
}
