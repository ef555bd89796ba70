import type { View } from '../../src/engine/index.ts';
import type { ComponentCode, FamilyCode } from './grid/index.ts';
import type { Group, QuestionId, Rating } from './types.ts';

/** The translate function every view and context carries. */
type Translate = View<unknown, unknown>['t'];

/** Profiles offered as buttons when a group is created; anything else is typed in the facilitator's words. */
export const PROFILES = ['young', 'elderly', 'jobseekers', 'staff', 'parents', 'migrants', 'residents'] as const;

export const familyName = (t: Translate, f: FamilyCode): string => t(`grid:family.${f}.name`);
export const familyHint = (t: Translate, f: FamilyCode): string => t(`grid:family.${f}.hint`);
/** "D — Personal relations" */
export const familyLabel = (t: Translate, f: FamilyCode): string => `${f} — ${familyName(t, f)}`;
/** "D02 Couple and love" */
export const componentLabel = (t: Translate, c: ComponentCode): string => `${c} ${t(`grid:component.${c}`)}`;

export const questionLabel = (t: Translate, q: QuestionId): string => t(`spiral:questionShort.${q}`);
export const ratingLabel = (t: Translate, r: Rating): string => t(`spiral:rating.${r}`);

export function profileLabel(t: Translate, profile: string): string {
  return (PROFILES as readonly string[]).includes(profile) || profile === 'individual' ? t(`spiral:profile.${profile}`) : profile;
}

/** How a group is named to people: the facilitator's name, or "Individual answers — Namur". */
export function groupTitle(t: Translate, group: Pick<Group, 'kind' | 'name' | 'territory'>): string {
  return group.kind === 'individual' ? t('spiral:group.individualName', { territory: group.territory }) : group.name;
}

/** A date as YYYY-MM-DD: unambiguous in every language. */
export const day = (iso: string): string => iso.slice(0, 10);
