import type { Group, QuestionId, QuestionSet } from './types.ts';

/**
 * The question sets as data: a cycle names one, a group may switch the fourth,
 * forward-looking question on or off. Question texts are in locales/<lang>/spiral.json
 * under `question.<id>`.
 */
export const QUESTION_SETS: Readonly<Record<string, QuestionSet>> = {
  spiral3: { id: 'spiral3', questions: ['wellbeing', 'illbeing', 'actions'] },
  spiral4: { id: 'spiral4', questions: ['wellbeing', 'illbeing', 'actions', 'future'] },
};

export const DEFAULT_QUESTION_SET = 'spiral3';

export const ALL_QUESTIONS: readonly QuestionId[] = ['wellbeing', 'illbeing', 'actions', 'future'];

/** The questions a group asks, in order; an unknown set falls back to the three classic questions. */
export function questionsOf(group: Pick<Group, 'questionSet'>): QuestionId[] {
  return [...(QUESTION_SETS[group.questionSet] ?? QUESTION_SETS[DEFAULT_QUESTION_SET]!).questions];
}

export function isQuestionId(value: unknown): value is QuestionId {
  return typeof value === 'string' && (ALL_QUESTIONS as readonly string[]).includes(value);
}

/** The step id that asks a question. */
export const questionStep = (q: QuestionId): `q.${QuestionId}` => `q.${q}`;

/** The numbers of questions a cycle may ask, from the sets above (3 and 4 today). */
export function questionCounts(): number[] {
  return [...new Set(Object.values(QUESTION_SETS).map((s) => s.questions.length))].sort((a, b) => a - b);
}

/** The question set asking `count` questions, or undefined when no set has that many. */
export function questionSetOfSize(count: number): string | undefined {
  return Object.values(QUESTION_SETS).find((s) => s.questions.length === count)?.id;
}
