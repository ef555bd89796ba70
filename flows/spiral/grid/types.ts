/**
 * SPIRAL criteria grid: the classification a group uses to file each
 * well-being/ill-being criterion (one sticky note = one criterion).
 * Labels are deliberately absent: they live in locales/<lang>/grid.json so a
 * grid can be shown in any language without touching this data.
 */

export const FAMILY_CODES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

export type FamilyCode = (typeof FAMILY_CODES)[number];

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/** Family letter + two digits, e.g. "A01" (access to food). */
export type ComponentCode = `${FamilyCode}${Digit}${Digit}`;

export interface Component {
  readonly code: ComponentCode;
  readonly family: FamilyCode;
  /**
   * True when the component is our best guess rather than taken from a
   * published grid; a territory replaces these by loading its official grid.
   */
  readonly provisional: boolean;
}

export interface Family {
  readonly code: FamilyCode;
  readonly components: readonly Component[];
}

export interface Grid {
  readonly id: string;
  readonly name: string;
  readonly families: readonly Family[];
}
