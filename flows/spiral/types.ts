/**
 * SPIRAL domain types. Everything here is plain JSON: groups, members, roles, reviews and
 * invitations are records of the flow's collections (records.ts), a participant's criteria are
 * in their own user document.
 */
import type { ComponentCode, FamilyCode } from './grid/index.ts';
import type { Answering } from './state.ts';

/** The SPIRAL questions; `future` is the optional forward-looking fourth one. */
export type QuestionId = 'wellbeing' | 'illbeing' | 'actions' | 'future';

/** An ordered list of questions a cycle or a group asks. */
export interface QuestionSet {
  id: string;
  questions: readonly QuestionId[];
}

/** A round of SPIRAL work (e.g. "2025"); groups of one cycle ask the same questions by default. */
export interface Cycle {
  id: string;
  questionSet: string;
  createdAt: string;
}

/** The 5 SPIRAL levels: 1 very unsatisfactory … 5 ideal situation. */
export type Rating = 1 | 2 | 3 | 4 | 5;

/** What a group's participants rate: their own criteria, or the grid components those criteria fall in. */
export type RatingMode = 'criteria' | 'components';

/** A facilitator's confirmation or correction of one criterion's classification. */
export interface Review {
  family?: FamilyCode;
  component?: ComponentCode;
  /** Pseudonym of the facilitator; emptied when that person uses /forget. */
  by: string;
  at: string;
}

/** A homogeneous group (or the "individual" group of a territory for people answering alone). */
export interface Group {
  code: string;
  kind: 'group' | 'individual';
  name: string;
  territory: string;
  /** A profile id (young, elderly…) or the facilitator's own words. */
  profile: string;
  lang: string;
  cycle: string;
  questionSet: string;
  rating: RatingMode;
  createdAt: string;
  /** After this time the join code admits nobody new; members can still finish. */
  expiresAt: string;
  /** How many participants joined (the members are records of their own, by group and by person). */
  memberCount: number;
  /** At most this many participants (`/spiral limit CODE N`); no limit when absent. */
  maxMembers?: number;
}

/** A one-time code that makes whoever redeems it a facilitator (of one group, or able to create groups). */
export interface Invitation {
  code: string;
  group?: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** Who settled a criterion's family: the citizen choosing, the citizen accepting the suggestion, or a facilitator. */
export type ClassifiedBy = 'citizen' | 'suggestion' | 'facilitator';

/** One idea = one criterion (a sticky note). */
export interface Criterion {
  id: string;
  question: QuestionId;
  text: string;
  lang: string;
  createdAt: string;
  updatedAt?: string;
  /** The classifier's family for this text, computed when the text was stored. */
  suggested?: FamilyCode;
  family?: FamilyCode;
  component?: ComponentCode;
  classifiedBy?: Exclude<ClassifiedBy, 'facilitator'>;
  classifiedAt?: string;
  /** "I don't know": left to the facilitator. */
  unsure?: boolean;
}

export interface RatingEntry {
  value: Rating;
  at: string;
}

/**
 * Where a participant stood in a group's questionnaire when they left it (another group, /cancel),
 * so coming back resumes there. Older points carry the untyped `vars` of the old engine instead of `state`.
 */
export interface ResumePoint {
  step: string;
  state?: Answering;
  vars?: Record<string, unknown>;
  history: string[];
}

/** One person's work in one group; groups never share criteria. */
export interface Participation {
  group: string;
  joinedAt: string;
  /** Where the person came from, e.g. `caravan-stop:<id>` for a caravan poster's link. */
  origin?: string;
  lastActiveAt: string;
  criteria: Criterion[];
  /** By criterion id (criteria mode) or component code (components mode). */
  ratings: Record<string, RatingEntry>;
  finishedAt?: string;
  nudgedAt?: string;
  resume?: ResumePoint;
}

/** The spiral part of a user document. */
export interface SpiralData {
  groups: Record<string, Participation>;
  /** false: the participant asked for no reminder. */
  nudges: boolean;
}
