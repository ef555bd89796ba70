import type { ComponentCode, Family, FamilyCode, Grid } from './types.ts';

/**
 * The Council of Europe SPIRAL grid as shipped by default.
 *
 * Public sources (the wikispiral "determination key") name the A and B
 * components; A08, A10 and B03–B06 are inferred from the family descriptions and
 * are flagged provisional, as are all C–H components. The "x00" components hold
 * criteria that name the family but nothing more specific — the determination
 * key asks facilitators to fall back to the most general component when in doubt.
 */

type Row = readonly [code: ComponentCode, provisional: boolean];

const PUBLISHED = false;
const PROVISIONAL = true;

const rows: Record<FamilyCode, readonly Row[]> = {
  A: [
    ['A00', PUBLISHED], // means of living in general, poverty, wealth
    ['A01', PUBLISHED], // food / drink
    ['A02', PUBLISHED], // health care and medicine
    ['A03', PUBLISHED], // housing / furniture
    ['A04', PUBLISHED], // clothing
    ['A05', PUBLISHED], // education / training
    ['A06', PUBLISHED], // employment / work and income
    ['A07', PUBLISHED], // leisure, culture, sport
    ['A08', PROVISIONAL], // mobility / transport
    ['A09', PUBLISHED], // care and personal services
    ['A10', PROVISIONAL], // financial means: benefits, savings, credit, debt
    ['A11', PUBLISHED], // information / communication
  ],
  B: [
    ['B00', PUBLISHED], // living environment in general
    ['B01', PUBLISHED], // pollution, cleanliness, noise
    ['B02', PUBLISHED], // basic infrastructure
    ['B03', PROVISIONAL], // public spaces and meeting places
    ['B04', PROVISIONAL], // nature, green spaces, landscape
    ['B05', PROVISIONAL], // safety of places
    ['B06', PROVISIONAL], // local shops and services nearby
  ],
  C: provisional('C', 6), // authorities, public services, justice, democracy, associations, economic actors
  D: provisional('D', 6), // family, couple, friends, neighbours, colleagues, loneliness
  E: provisional('E', 7), // equality, solidarity, discrimination, peace, respect, living together, sustainability
  F: provisional('F', 7), // physical health, mental health, time, autonomy, self-esteem, spirituality, fulfilment
  G: provisional('G', 7), // happiness, fear, sadness, usefulness, serenity, hope, anger/shame
  H: provisional('H', 7), // commitment, volunteering, sharing, tolerance, responsibility, positivity, ecology
};

/** x00 … x(last), all provisional: the families C–H have no published component list. */
function provisional(family: FamilyCode, last: number): Row[] {
  const out: Row[] = [];
  for (let n = 0; n <= last; n++) {
    out.push([`${family}${String(n).padStart(2, '0')}` as ComponentCode, PROVISIONAL]);
  }
  return out;
}

function family(code: FamilyCode): Family {
  return {
    code,
    components: rows[code].map(([c, p]) => ({ code: c, family: code, provisional: p })),
  };
}

export const councilOfEuropeGrid: Grid = {
  id: 'coe-spiral',
  name: 'Council of Europe SPIRAL grid',
  families: (Object.keys(rows) as FamilyCode[]).map(family),
};
