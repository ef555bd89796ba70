/**
 * NOW-BE-ALL's domain: calls for proposals on public policies for the well-being of all, the
 * proposals citizens send, their supports and reports, the moderators' acts, the theme groups
 * formed at the seminar (comments, amendments, an elaborated version with its own supports and
 * objections) and the public authorities' official answers.
 *
 * People appear by pseudonym only (the person's stable pseudonym from the core), never by a
 * platform id or name: a record can be exported as it is. `key` (the store's person key) is
 * kept only where the bot must write to the person (notifications) and is erased by /forget.
 */

/** A call's life: each change is announced to those concerned. */
export type Phase = 'collecting' | 'analysis' | 'groups' | 'dialogue' | 'closed';
export const PHASES: readonly Phase[] = ['collecting', 'analysis', 'groups', 'dialogue', 'closed'];

/** A theme of a call: data, editable (the thematic networks, or the SPIRAL families A–H). */
export interface Theme {
  /** Short stable id, [a-z0-9-]{1,24}. */
  id: string;
  /** Label per language; `en` at least, others fall back to it. */
  label: Record<string, string>;
}

export interface Call {
  /** Short code typed by people and managers: [a-z0-9-]{2,24} (e.g. `nba-2026`). */
  id: string;
  title: Record<string, string>;
  /** The question asked, per language. */
  question: Record<string, string>;
  themes: Theme[];
  /** Territories the call concerns (optional; free labels). */
  territories: string[];
  /** Languages proposals may be written in (empty: any shipped language). */
  languages: string[];
  phase: Phase;
  /** ISO dates (YYYY-MM-DD) the collecting phase runs, optional. */
  opens?: string;
  closes?: string;
  createdAt: string;
  /** Pseudonym of the manager who opened it. */
  createdBy: string;
  /** Each phase change: when, by whom. */
  phases: { phase: Phase; at: string; by: string }[];
}

/** Who should act on a proposal. */
export type Actor = 'citizens' | 'authorities' | 'enterprises' | 'associations' | 'several';
export const ACTORS: readonly Actor[] = ['citizens', 'authorities', 'enterprises', 'associations', 'several'];

export type ProposalStatus =
  | 'pending' // waits for moderation (the author may still edit)
  | 'published' // approved, visible, can be supported
  | 'hidden' // reported past the threshold: invisible until a moderator decides
  | 'rejected'
  | 'merged' // folded into `mergedInto`
  | 'withdrawn' // by its author
  | 'grouped' // taken into a theme group
  | 'elaborated' // the group published its elaborated version
  | 'answered'; // the authorities answered

export const TITLE_MAX = 120;
export const BODY_MAX = 2000;

export interface Proposal {
  /** Sequential number per bot, as text: `/proposals 42`. */
  id: string;
  call: string;
  theme: string;
  title: string;
  body: string;
  actor: Actor;
  territory?: string;
  /** One of the author's own SPIRAL criteria it answers: its family (A–H) and criterion text id. */
  spiral?: { family: string; criterion?: string };
  /** Language it was written in. */
  lang: string;
  status: ProposalStatus;
  /** Author's pseudonym; '' once the author used /forget (the proposal stays, anonymous). */
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Number of supports (kept with the record so lists sort by it; the supports collection is the truth). */
  supports: number;
  /** Number of open abuse reports. */
  reports: number;
  mergedInto?: string;
  /** The theme group it went into. */
  group?: string;
  rejection?: { reason: string; text?: string };
  answer?: OfficialAnswer;
}

export interface Support {
  /** `<proposal id>:<pseudonym>`: one support per person and proposal. */
  id: string;
  proposal: string;
  by: string;
  at: string;
}

export interface Report {
  /** `<proposal id>:<pseudonym>`: one report per person and proposal. */
  id: string;
  proposal: string;
  by: string;
  at: string;
  /** 'open' until a moderator decides. */
  state: 'open' | 'dismissed' | 'upheld';
}

export type ModerationAct = 'approve' | 'reject' | 'merge' | 'hide' | 'restore' | 'dismiss-reports' | 'name-moderator' | 'remove-moderator' | 'answer' | 'phase' | 'group';

/** Every moderation act, recorded: who, when, what. */
export interface ModerationEntry {
  /** Time-ordered id: `<ISO time>-<random>`. */
  id: string;
  act: ModerationAct;
  by: string;
  at: string;
  proposal?: string;
  call?: string;
  detail?: string;
}

/** People a manager named as moderators (managers are moderators anyway). */
export interface Moderator {
  /** The person's pseudonym. */
  id: string;
  by: string;
  at: string;
}

export interface ThemeGroup {
  /** `g<number>`. */
  id: string;
  call: string;
  theme: string;
  title: string;
  proposals: string[];
  /** Pseudonyms of the facilitators (managers may act too). */
  facilitators: string[];
  /** When support/objection to the elaborated versions closes (ISO). */
  deadline?: string;
  createdAt: string;
  createdBy: string;
}

export interface GroupMember {
  /** `<group id>:<pseudonym>`. */
  id: string;
  group: string;
  by: string;
  /** Person key, to write to them; erased by /forget. */
  key: string;
  at: string;
}

/** A member's comment or amendment on a proposal in a group (one message each). */
export interface Contribution {
  /** Time-ordered id. */
  id: string;
  group: string;
  proposal: string;
  kind: 'comment' | 'amendment';
  text: string;
  /** Pseudonym; '' after /forget (the text stays, anonymous). */
  by: string;
  at: string;
}

/** The group's elaborated version of a proposal, published by a facilitator. */
export interface Elaborated {
  /** The proposal id. */
  id: string;
  group: string;
  text: string;
  at: string;
  by: string;
}

/** A member's stance on an elaborated version: one per person. */
export interface Stance {
  /** `<proposal id>:<pseudonym>`. */
  id: string;
  proposal: string;
  by: string;
  stance: 'support' | 'object';
  at: string;
}

export type AnswerKind = 'accepted' | 'study' | 'not-retained';

export interface OfficialAnswer {
  kind: AnswerKind;
  text: string;
  /** Which authority answered (free text). */
  authority?: string;
  at: string;
  by: string;
}

/** Who hears of a proposal's changes (authors, supporters, group members), keyed for sending. */
export interface Follower {
  /** `<proposal id>:<pseudonym>`. */
  id: string;
  proposal: string;
  by: string;
  /** Person key to write to; erased by /forget. */
  key: string;
  role: 'author' | 'supporter' | 'member';
}

/** What the flow keeps in the person's own document (user.flows.nowbeall). */
export interface NowbeallData {
  /** Status-change messages off (item 7). */
  quiet?: boolean;
}
