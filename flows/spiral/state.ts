/**
 * The SPIRAL session's typed state. One flow, three conversations that share it: answering a
 * group's questionnaire, a facilitator creating a group, choosing a territory to answer alone.
 * Each step reads the one it belongs to through a narrowing function (never a cast).
 */
import type { QuestionId, RatingMode } from './types.ts';

/** The questionnaire steps, one per question. */
export type QuestionStep = `q.${QuestionId}`;
export type CreateStep = 'new.name' | 'new.territory' | 'new.profile' | 'new.lang' | 'new.cycle' | 'new.questions' | 'new.rating';
export type SpiralStep = QuestionStep | 'review' | 'classify' | 'rate' | CreateStep | 'alone';

/**
 * Answering one group: a snapshot of the group (code, questions, title) lets prompts render
 * without a store read; the answers themselves are in the person's data.
 */
export interface Answering {
  kind: 'answer';
  /** Group code. */
  g: string;
  /** The group's questions, in order. */
  qs: QuestionId[];
  /** The group's title as shown. */
  title: string;
  /** What the group rates. */
  rating: RatingMode;
  /** The message mark when this group's session began: older buttons belong to another conversation. */
  floor: number;
  /** The review was opened from a question's "My ideas": Done goes back there. */
  ret?: QuestionStep;
  /** The idea whose family or component a sub-flow is choosing. */
  idea?: string;
  /** Rating items passed over with /skip in this sitting. */
  rskip?: string[];
}

/** What the facilitator has said so far; kept in the session so a restart resumes the creation too. */
export interface Draft {
  name?: string;
  territory?: string;
  profile?: string;
  lang?: string;
  cycle?: string;
  questionSet?: string;
  rating?: RatingMode;
}

export interface Creating {
  kind: 'create';
  draft: Draft;
  /** Snapshots taken when the creation began, so prompts need no store read. */
  territories: string[];
  cycles: { id: string; questionSet: string }[];
}

export interface ChoosingTerritory {
  kind: 'alone';
  territories: string[];
}

export type SpiralState = Answering | Creating | ChoosingTerritory;

/** A step of one conversation reached with another's state (a damaged session): a bug, never a person's mistake. */
export class SpiralStateError extends Error {}

const wrong = (want: string, s: Readonly<SpiralState>) => new SpiralStateError(`A SPIRAL ${want} step holds a ${s.kind} session; /cancel and start again.`);

export function answering(s: SpiralState): Answering;
export function answering(s: Readonly<SpiralState>): Readonly<Answering>;
export function answering(s: Readonly<SpiralState>): Readonly<Answering> {
  if (s.kind === 'answer') return s;
  throw wrong('questionnaire', s);
}
export function creating(s: SpiralState): Creating;
export function creating(s: Readonly<SpiralState>): Readonly<Creating>;
export function creating(s: Readonly<SpiralState>): Readonly<Creating> {
  if (s.kind === 'create') return s;
  throw wrong('group creation', s);
}
export function choosing(s: Readonly<SpiralState>): Readonly<ChoosingTerritory> {
  if (s.kind === 'alone') return s;
  throw wrong('territory', s);
}

/** Steps of the old flow that are now sub-flows: a position saved there resumes at the step that calls them. */
export const MOVED: Record<string, SpiralStep> = { idea: 'review', edit: 'review', family: 'classify', component: 'classify' };

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);

/**
 * The state of a session (or a group's resume point) saved by the old engine as untyped `vars`,
 * recognised by its shape: a group code (answering), a draft (creating), territories (alone).
 */
export function fromVars(vars: Record<string, unknown>): SpiralState {
  if (typeof vars.g === 'string') {
    const qs = strings(vars.qs).filter((q): q is QuestionId => ['wellbeing', 'illbeing', 'actions', 'future'].includes(q));
    const ret = typeof vars.ret === 'string' && vars.ret.startsWith('q.') ? (vars.ret as QuestionStep) : undefined;
    return {
      kind: 'answer',
      g: vars.g,
      qs: qs.length > 0 ? qs : ['wellbeing', 'illbeing', 'actions'],
      title: typeof vars.title === 'string' ? vars.title : vars.g,
      rating: vars.rating === 'components' ? 'components' : 'criteria',
      floor: typeof vars.floor === 'number' ? vars.floor : 0,
      ...(ret ? { ret } : {}),
      ...(typeof vars.idea === 'string' ? { idea: vars.idea } : {}),
      ...(Array.isArray(vars.rskip) ? { rskip: strings(vars.rskip) } : {}),
    };
  }
  if (typeof vars.draft === 'object' && vars.draft !== null) {
    const cycles = Array.isArray(vars.cycles) ? vars.cycles.filter((c): c is { id: string; questionSet: string } => typeof c?.id === 'string' && typeof c?.questionSet === 'string') : [];
    const d: Record<string, unknown> = { ...vars.draft };
    const text = (k: string) => (typeof d[k] === 'string' ? { [k]: d[k] } : {});
    const draft: Draft = { ...text('name'), ...text('territory'), ...text('profile'), ...text('lang'), ...text('cycle'), ...text('questionSet'), ...(d.rating === 'criteria' || d.rating === 'components' ? { rating: d.rating } : {}) };
    return { kind: 'create', draft, territories: strings(vars.territories), cycles };
  }
  return { kind: 'alone', territories: strings(vars.territories) };
}
